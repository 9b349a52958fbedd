// entry: Graphics.Shade.Lambert
// args: 0.3, 0.8, 0.5
// expect: works
using System;
using SourceAD;

namespace Graphics;

public static partial class Shade
{
    /// <summary>A shader-style computation that drops to float for the dot product, as graphics code often does.</summary>
    [Differentiable]
    public static double Lambert(double nx, double ny, double nz)
    {
        float len = MathF.Sqrt((float)(nx * nx + ny * ny + nz * nz));
        float d = (float)(0.2 * nx + 0.5 * ny + 0.84 * nz) / len;
        return Math.Max(d, 0.0) * 0.9 + 0.1;
    }
}
