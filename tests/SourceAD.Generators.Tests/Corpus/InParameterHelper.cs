// entry: Geometry.Frames.Torque
// args: 0.5, 1.5, -0.2, 2.0, 0.1, 0.7
// expect: works
using System;
using SourceAD;

namespace Geometry;

public readonly struct Vec3
{
    public readonly double X, Y, Z;
    public Vec3(double x, double y, double z) { X = x; Y = y; Z = z; }
}

public static partial class Frames
{
    private static Vec3 Cross(in Vec3 a, in Vec3 b) => new(a.Y * b.Z - a.Z * b.Y, a.Z * b.X - a.X * b.Z, a.X * b.Y - a.Y * b.X);

    private static double Norm(in Vec3 v) => Math.Sqrt(v.X * v.X + v.Y * v.Y + v.Z * v.Z);

    /// <summary>|r × F| with helpers taking the vectors by `in`, as performance-minded struct code does.</summary>
    [Differentiable]
    public static double Torque(double rx, double ry, double rz, double fx, double fy, double fz)
    {
        var r = new Vec3(rx, ry, rz);
        var f = new Vec3(fx, fy, fz);
        return Norm(Cross(r, f));
    }
}
