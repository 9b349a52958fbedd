// entry: Graphics.Lighting.Lambert
// args: 0.3, 0.8, 0.5
// expect: works
using System;
using System.Numerics;
using SourceAD;

namespace Graphics;

public static partial class Lighting
{
    /// <summary>Lambertian shading of a fixed normal under a light direction given by its components.</summary>
    [Differentiable]
    public static double Lambert(double lx, double ly, double lz)
    {
        var normal = Vector3.Normalize(new Vector3(0.2f, 1.0f, 0.3f));
        var light = new Vector3((float)lx, (float)ly, (float)lz);
        double length = Math.Sqrt(lx * lx + ly * ly + lz * lz);
        double cosine = Vector3.Dot(normal, light) / length;
        return Math.Max(0, cosine);
    }
}
