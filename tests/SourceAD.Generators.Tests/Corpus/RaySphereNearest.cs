// entry: Rendering.Spheres.NearestHitShade
// args: new double[] { 0.0, 0.0, -5.0 }, new double[] { 0.05, 0.1, 1.0 }, new double[] { 0.0, 0.0, 0.0, 0.8, 0.6, 1.5, -0.7, 0.2, 3.0 }, 0.9
// expect: works
// Ray against a list of spheres: stable quadratic roots ordered with a tuple ?:, the nearest hit kept in a (t, index)
// tuple updated by ?:, then a shade from the hit normal (round 14: tuple-valued switch and ?:).
using System;
using SourceAD;

namespace Rendering;

public static partial class Spheres
{
    /// <summary>Lambert shade (light along -z) of the nearest sphere the ray hits, 0 when it hits none.</summary>
    [Differentiable]
    public static double NearestHitShade(double[] origin, double[] direction, double[] centers, double radius)
    {
        var best = (t: double.PositiveInfinity, index: -1);
        double a = direction[0] * direction[0] + direction[1] * direction[1] + direction[2] * direction[2];

        for (int k = 0; k < centers.Length / 3; k++)
        {
            double ox = origin[0] - centers[3 * k], oy = origin[1] - centers[3 * k + 1], oz = origin[2] - centers[3 * k + 2];
            double halfB = direction[0] * ox + direction[1] * oy + direction[2] * oz;
            double c = ox * ox + oy * oy + oz * oz - radius * radius;
            double disc = halfB * halfB - a * c;
            if (disc < 0) continue;

            // q = -(b + sign(b)·√disc)/2 avoids cancellation; the roots are q/a and c/q.
            double q = -(halfB + Math.CopySign(Math.Sqrt(disc), halfB));
            var (near, far) = q / a < c / q ? (q / a, c / q) : (c / q, q / a);
            double t = near > 1e-9 ? near : far;
            if (t <= 1e-9) continue;

            best = t < best.t ? (t, k) : best;
        }

        if (best.index < 0) return 0.0;

        double nx = origin[0] + best.t * direction[0] - centers[3 * best.index];
        double ny = origin[1] + best.t * direction[1] - centers[3 * best.index + 1];
        double nz = origin[2] + best.t * direction[2] - centers[3 * best.index + 2];
        double shade = -nz / Math.Sqrt(nx * nx + ny * ny + nz * nz);
        return Math.Max(shade, 0.0) / (1.0 + 0.1 * best.t);
    }
}
