// entry: Optics.Lens.ThinLensImage
// args: 0.5, 1.8
// expect: works
// Guard clauses throwing with interpolated messages that format active values, then the thin-lens formula.
using System;
using SourceAD;

namespace Optics;

public static partial class Lens
{
    /// <summary>Image distance 1/(1/f − 1/d) with argument checks.</summary>
    [Differentiable]
    public static double ThinLensImage(double focal, double distance)
    {
        if (focal <= 0) throw new ArgumentOutOfRangeException(nameof(focal), $"focal length must be positive, was {focal:F3}");
        if (Math.Abs(distance - focal) < 1e-12) throw new ArgumentException($"object at the focal point ({distance} = {focal})");
        return 1 / (1 / focal - 1 / distance);
    }
}
