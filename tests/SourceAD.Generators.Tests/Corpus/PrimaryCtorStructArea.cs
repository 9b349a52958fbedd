// entry: Geometry.Plates.Mass
// args: 1.2, 0.8, 7.8
// expect: refused
// A struct whose properties have initializers beside a primary constructor is refused with the rewrite (set them in a constructor's body, or drop the initializers).
// A readonly struct with a primary constructor and expression-bodied computed properties.
using System;
using SourceAD;

namespace Geometry;

public readonly struct Plate(double width, double height)
{
    public double Width { get; } = width;
    public double Height { get; } = height;
    public double Area => Width * Height;
    public double Diagonal => Math.Sqrt(Width * Width + Height * Height);
}

public static partial class Plates
{
    [Differentiable]
    public static double Mass(double w, double h, double density)
    {
        var p = new Plate(w, h);
        return density * p.Area + 0.1 * p.Diagonal;
    }
}
