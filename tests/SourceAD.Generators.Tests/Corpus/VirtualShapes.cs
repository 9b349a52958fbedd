// entry: Geometry.Shapes.TotalArea
// args: 1.5, 2.0
// expect: refused
// Virtual calls on class instances (abstract Shape, overrides) are not differentiated: a clean refusal with the rewrite.
using System;
using SourceAD;

namespace Geometry;

public abstract class Shape
{
    public abstract double Area();
}

public sealed class Circle(double r) : Shape
{
    public override double Area() => Math.PI * r * r;
}

public sealed class Square(double side) : Shape
{
    public override double Area() => side * side;
}

public static partial class Shapes
{
    [Differentiable]
    public static double TotalArea(double r, double side)
    {
        Shape[] shapes = { new Circle(r), new Square(side) };
        double total = 0;
        foreach (Shape s in shapes) total += s.Area();
        return total;
    }
}
