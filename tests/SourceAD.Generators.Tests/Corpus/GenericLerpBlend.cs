// entry: Graphics.ColorBlend.Luminance
// args: 0.8, 0.3, 0.1, 0.2, 0.6, 0.9, 0.25
// expect: works
// Colour blending with a generic Lerp helper over IFloatingPoint<T>, then the Rec. 709 luminance.
using System;
using System.Numerics;
using SourceAD;

namespace Graphics;

public static partial class ColorBlend
{
    private static T Lerp<T>(T a, T b, T t) where T : IFloatingPoint<T> => a + (b - a) * t;

    [Differentiable]
    public static double Luminance(double r1, double g1, double b1, double r2, double g2, double b2, double t)
    {
        double r = Lerp(r1, r2, t);
        double g = Lerp(g1, g2, t);
        double b = Lerp(b1, b2, t);
        return 0.2126 * r + 0.7152 * g + 0.0722 * b;
    }
}
