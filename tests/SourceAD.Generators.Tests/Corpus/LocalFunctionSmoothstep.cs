// entry: Graphics.Shading.Falloff
// args: 0.3, 0.9, 0.55
// expect: works
using System;
using SourceAD;

namespace Graphics;

public static partial class Shading
{
    /// <summary>Light falloff between an inner and an outer radius.</summary>
    [Differentiable]
    public static double Falloff(double inner, double outer, double distance)
    {
        double Clamp01(double v) => v < 0 ? 0 : v > 1 ? 1 : v;
        static double Smoothstep(double t) => t * t * (3 - 2 * t);

        double t = Clamp01((distance - inner) / (outer - inner));
        return 1 - Smoothstep(t);
    }
}
