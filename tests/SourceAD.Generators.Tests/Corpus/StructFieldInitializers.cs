// entry: Materials.Spring.Energy
// args: 0.35, 1.2
// expect: works
// A struct with field initializers and a parameterless constructor (C# 10): the initializers run before the inlined constructor body.
using System;
using SourceAD;

namespace Materials;

public struct SpringSpec
{
    public double Stiffness = 40.0;
    public double RestLength = 1.0;
    public double Damping;

    public SpringSpec() { Damping = 0.5; }
}

public static partial class Spring
{
    /// <summary>A struct with field initializers and a parameterless constructor (C# 10), then adjusted by the caller.</summary>
    [Differentiable]
    public static double Energy(double stretch, double scale)
    {
        var spec = new SpringSpec();
        spec.Stiffness *= scale;
        double d = spec.RestLength + stretch - spec.RestLength;
        return 0.5 * spec.Stiffness * d * d + spec.Damping * stretch;
    }
}
