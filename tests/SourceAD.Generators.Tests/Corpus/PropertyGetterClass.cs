// entry: Geometry.Box.SurfacePenalty
// args: new double[] { 1.2, 0.8, 2.0 }
// receiver: new Geometry.Box(0.5)
// expect: works
// A class whose computed properties read its fields and the method's locals go through them; one field is set in the constructor.
using System;
using SourceAD;

namespace Geometry;

public partial class Box
{
    private readonly double _wall;
    public Box(double wall) => _wall = wall;

    private double Margin => 2 * _wall;

    /// <summary>Surface area of the box grown by the wall on every side, plus a penalty on its aspect ratio.</summary>
    [Differentiable]
    public double SurfacePenalty(double[] size)
    {
        double w = size[0] + Margin, h = size[1] + Margin, d = size[2] + Margin;
        double area = 2 * (w * h + h * d + w * d);
        double aspect = Math.Max(w, Math.Max(h, d)) / Math.Min(w, Math.Min(h, d));
        return area + 0.1 * aspect * aspect;
    }
}
