// entry: Numerics.Alternating.Even
// args: 0.9, 6
// expect: works
using System;
using SourceAD;

namespace Numerics;

public static partial class Alternating
{
    /// <summary>Two mutually recursive series: Even(x, n) = 1 + x·Odd(x, n−1), Odd(x, n) = 1 − x²·Even(x, n−1)/2.</summary>
    [Differentiable]
    public static double Even(double x, int n) => n <= 0 ? 1 : 1 + x * Odd(x, n - 1);

    [Differentiable]
    public static double Odd(double x, int n) => n <= 0 ? 1 : 1 - x * x * Even(x, n - 1) / 2;
}
