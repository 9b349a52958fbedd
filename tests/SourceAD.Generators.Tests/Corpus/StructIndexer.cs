// entry: Geometry.Vectors.Torque
// args: 1.0, 2.0, 0.5, -0.3, 0.8, 1.1
// expect: works
// A small vector struct with a user-defined indexer, the cross product written with it.
using System;
using SourceAD;

namespace Geometry;

public struct Vec3
{
    public double X, Y, Z;
    public Vec3(double x, double y, double z) { X = x; Y = y; Z = z; }
    public double this[int i] => i switch { 0 => X, 1 => Y, _ => Z };
}

public static partial class Vectors
{
    [Differentiable]
    public static double Torque(double rx, double ry, double rz, double fx, double fy, double fz)
    {
        var r = new Vec3(rx, ry, rz);
        var f = new Vec3(fx, fy, fz);
        double s = 0;
        for (int i = 0; i < 3; i++)
        {
            int j = (i + 1) % 3, k = (i + 2) % 3;
            double c = r[j] * f[k] - r[k] * f[j];
            s += c * c;
        }
        return Math.Sqrt(s);
    }
}
