// entry: Robotics.PlanarArm.EndEffectorDistance
// args: new double[] { 0.3, -0.5, 0.8, 0.2 }, new double[] { 1.0, 0.8, 0.6, 0.4 }, new int[] { -1, 0, 1, 2 }, 1.2, 0.9
// closed-form: ExpectedGradient
// expect: works
using System;
using SourceAD;

namespace Robotics;

/// <summary>
/// Forward kinematics of a planar arm: each link's 3 × 3 homogeneous transform, and each link's world transform written
/// next to its parent's in one array (the parent's slice is read while the link's own slice is written).
/// </summary>
public static partial class PlanarArm
{
    /// <summary>c = a · b for 3 × 3 row-major matrices.</summary>
    [Differentiable]
    public static void Multiply(ReadOnlySpan<double> a, ReadOnlySpan<double> b, Span<double> c)
    {
        for (int i = 0; i < 3; i++)
            for (int j = 0; j < 3; j++)
            {
                double s = 0;
                for (int k = 0; k < 3; k++) s += a[3 * i + k] * b[3 * k + j];
                c[3 * i + j] = s;
            }
    }

    /// <summary>Squared distance from the last link's end to a target.</summary>
    [Differentiable]
    public static double EndEffectorDistance(double[] angles, double[] lengths, int[] parent, double targetX, double targetY)
    {
        int n = angles.Length;
        double[] local = new double[9 * n];
        double[] world = new double[9 * n];
        for (int i = 0; i < n; i++)
        {
            Span<double> t = local.AsSpan(9 * i, 9);
            double c = Math.Cos(angles[i]), s = Math.Sin(angles[i]);
            t[0] = c; t[1] = -s; t[2] = lengths[i] * c;
            t[3] = s; t[4] = c; t[5] = lengths[i] * s;
            t[6] = 0; t[7] = 0; t[8] = 1;
        }
        for (int i = 0; i < n; i++)
        {
            if (parent[i] < 0)
                local.AsSpan(9 * i, 9).CopyTo(world.AsSpan(9 * i, 9));
            else
                Multiply(world.AsSpan(9 * parent[i], 9), local.AsSpan(9 * i, 9), world.AsSpan(9 * i, 9));
        }
        double dx = world[9 * (n - 1) + 2] - targetX, dy = world[9 * (n - 1) + 5] - targetY;
        return dx * dx + dy * dy;
    }

    /// <summary>For a chain: the end is Σ L_i (cos φ_i, sin φ_i) with φ_i = θ_0 + … + θ_i.</summary>
    public static double[] ExpectedGradient(double[] angles, double[] lengths, int[] parent, double targetX, double targetY)
    {
        int n = angles.Length;
        var phi = new double[n];
        double x = 0, y = 0, sum = 0;
        for (int i = 0; i < n; i++)
        {
            sum += angles[i];
            phi[i] = sum;
            x += lengths[i] * Math.Cos(sum);
            y += lengths[i] * Math.Sin(sum);
        }
        double dx = x - targetX, dy = y - targetY;
        var g = new double[2 * n + 2];
        for (int k = 0; k < n; k++)
        {
            double dX = 0, dY = 0;
            for (int i = k; i < n; i++)
            {
                dX -= lengths[i] * Math.Sin(phi[i]);
                dY += lengths[i] * Math.Cos(phi[i]);
            }
            g[k] = 2 * dx * dX + 2 * dy * dY;
            g[n + k] = 2 * dx * Math.Cos(phi[k]) + 2 * dy * Math.Sin(phi[k]);
        }
        g[2 * n] = -2 * dx;
        g[2 * n + 1] = -2 * dy;
        return g;
    }
}
