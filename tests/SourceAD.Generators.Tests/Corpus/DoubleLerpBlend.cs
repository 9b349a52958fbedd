// entry: Graphics.Blend.Gradient
// args: 0.2, 0.9, 0.35
// expect: works
// Round 20, second batch. The generic-math double.Lerp and double.Clamp instead of their hand-written forms.
using System;
using SourceAD;

namespace Graphics;

public static partial class Blend
{
    [Differentiable]
    public static double Gradient(double from, double to, double t)
    {
        double a = double.Lerp(from, to, t);
        double b = double.Lerp(to, from, t * t);
        return double.Clamp(a * b, 0.0, 10.0) + Math.Sqrt(a);
    }
}
