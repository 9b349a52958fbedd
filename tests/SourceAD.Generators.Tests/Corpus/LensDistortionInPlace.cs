// entry: Vision.Camera.ReprojectionError
// args: new double[] { 0.1, -0.2, 0.05, 0.01, -0.002, 1.1, 0.3, -0.1 }, new double[] { 0.4, -0.3, 2.5 }, new double[] { 0.2, -0.1 }
// expect: works
using System;
using SourceAD;

namespace Vision;

public static partial class Camera
{
    /// <summary>Radial lens distortion, applied to a projected point in place.</summary>
    [Differentiable]
    public static void Distort(ReadOnlySpan<double> k, Span<double> p)
    {
        double r2 = p[0] * p[0] + p[1] * p[1];
        double scale = 1.0 + k[0] * r2 + k[1] * r2 * r2;
        p[0] *= scale;
        p[1] *= scale;
    }

    /// <summary>
    /// Squared reprojection error of one point: small-angle rotation (3), distortion (2), focal length, principal point (2).
    /// </summary>
    [Differentiable]
    public static double ReprojectionError(double[] camera, double[] point, double[] observed)
    {
        double x = point[0] + camera[2] * point[1] - camera[1] * point[2];
        double y = point[1] - camera[2] * point[0] + camera[0] * point[2];
        double z = point[2] + camera[1] * point[0] - camera[0] * point[1];
        Span<double> p = stackalloc double[2];
        p[0] = x / z;
        p[1] = y / z;
        Distort(camera.AsSpan(3, 2), p);
        double ex = camera[5] * p[0] + camera[6] - observed[0];
        double ey = camera[5] * p[1] + camera[7] - observed[1];
        return ex * ex + ey * ey;
    }
}
