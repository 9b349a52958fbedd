// entry: Mechanics.Vec.PathLength
// args: new double[] { 0.0, 1.0, 2.5, 3.0 }, new double[] { 0.0, 0.5, -0.5, 1.0 }
// expect: works
// A user-defined 2-D vector struct with operator overloads (+, −, scalar ×) and a Length property.
using System;
using SourceAD;

namespace Mechanics;

public readonly struct V2
{
    public readonly double X, Y;
    public V2(double x, double y) { X = x; Y = y; }
    public static V2 operator +(V2 a, V2 b) => new(a.X + b.X, a.Y + b.Y);
    public static V2 operator -(V2 a, V2 b) => new(a.X - b.X, a.Y - b.Y);
    public static V2 operator *(double s, V2 v) => new(s * v.X, s * v.Y);
    public double Length => Math.Sqrt(X * X + Y * Y);
}

public static partial class Vec
{
    /// <summary>Length of the polyline through the points, after smoothing each interior point toward its neighbours.</summary>
    [Differentiable]
    public static double PathLength(double[] xs, double[] ys)
    {
        double length = 0;
        V2 previous = new(xs[0], ys[0]);
        for (int i = 1; i < xs.Length; i++)
        {
            V2 current = new(xs[i], ys[i]);
            if (i < xs.Length - 1) current = 0.5 * (current + new V2(xs[i + 1], ys[i + 1])) - 0.25 * (current - previous);
            length += (current - previous).Length;
            previous = current;
        }
        return length;
    }
}
