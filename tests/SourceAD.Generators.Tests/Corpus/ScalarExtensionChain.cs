// entry: Tools.Shaping.Score
// args: 0.35, 1.8
// expect: works
// Unmarked extension methods on double chained fluently: x.Clamp01().Smooth().Squared().
using System;
using SourceAD;

namespace Tools;

public static class DoubleExtensions
{
    public static double Clamp01(this double x) => Math.Clamp(x, 0.0, 1.0);
    public static double Smooth(this double t) => t * t * (3 - 2 * t);
    public static double Squared(this double x) => x * x;
}

public static partial class Shaping
{
    [Differentiable]
    public static double Score(double a, double b) => (a * b).Clamp01().Smooth().Squared() + b.Squared();
}
