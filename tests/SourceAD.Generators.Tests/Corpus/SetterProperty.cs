// entry: Shapes.Circle.AreaAfterGrowth
// args: 1.5, 0.2
// expect: works
// A computed property's setter on a struct (d.Diameter *= 1 + growth): the getter and the setter are inlined on the struct's leaves.
using System;
using SourceAD;

namespace Shapes;

public struct Disk
{
    public double Radius;

    /// <summary>The diameter, stored as the radius.</summary>
    public double Diameter
    {
        readonly get => 2 * Radius;
        set => Radius = value / 2;
    }
}

public static partial class Circle
{
    /// <summary>Grows a disk through a computed property's setter, as UI and geometry code often does.</summary>
    [Differentiable]
    public static double AreaAfterGrowth(double radius, double growth)
    {
        var d = new Disk { Radius = radius };
        d.Diameter *= 1 + growth;
        d.Diameter += growth;
        return Math.PI * d.Radius * d.Radius;
    }
}
