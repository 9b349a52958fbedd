// entry: Physics.Springs.Energy
// args: 0.1, 0.2, 1.3, -0.4, 1.0
// expect: works
using System;
using SourceAD;

namespace Physics;

public readonly struct Vec2
{
    public readonly double X, Y;
    public Vec2(double x, double y) { X = x; Y = y; }
    public static Vec2 operator +(Vec2 a, Vec2 b) => new(a.X + b.X, a.Y + b.Y);
    public static Vec2 operator -(Vec2 a, Vec2 b) => new(a.X - b.X, a.Y - b.Y);
    public double Dot(Vec2 o) => X * o.X + Y * o.Y;
    public double Length => Math.Sqrt(X * X + Y * Y);
}

public static partial class Springs
{
    /// <summary>A spring's energy between two points, with a small quadratic tether.</summary>
    [Differentiable]
    public static double Energy(double ax, double ay, double bx, double by, double rest)
    {
        var a = new Vec2(ax, ay);
        var b = new Vec2(bx, by);
        Vec2 d = b - a;
        double stretch = d.Length - rest;
        return 0.5 * stretch * stretch + 0.1 * d.Dot(d);
    }
}
