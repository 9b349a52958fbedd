// entry: Robotics.PlanarArm.ReachError
// args: new double[] { 0.4, -0.9, 1.1 }, new double[] { 1.0, 0.8, 0.5 }, 1.2, 0.9
// closed-form: ExpectedGradient
// expect: works
using System;
using SourceAD;

namespace Robotics;

public static partial class PlanarArm
{
    [Differentiable]
    private static (double X, double Y) ToCartesian(double radius, double angle) =>
        (radius * Math.Cos(angle), radius * Math.Sin(angle));

    /// <summary>Squared distance from the tip of a planar arm (relative joint angles, link lengths) to a target.</summary>
    [Differentiable]
    public static double ReachError(double[] jointAngles, double[] linkLengths, double targetX, double targetY)
    {
        double x = 0, y = 0, heading = 0;
        for (int i = 0; i < jointAngles.Length; i++)
        {
            heading += jointAngles[i];
            var (dx, dy) = ToCartesian(linkLengths[i], heading);
            x += dx;
            y += dy;
        }
        double ex = x - targetX, ey = y - targetY;
        return ex * ex + ey * ey;
    }

    /// <summary>By hand: joint i turns every link from i on; each link length moves the tip along its own heading.</summary>
    public static double[] ExpectedGradient(double[] jointAngles, double[] linkLengths, double targetX, double targetY)
    {
        int n = jointAngles.Length;
        var heading = new double[n];
        double x = 0, y = 0, h = 0;
        for (int i = 0; i < n; i++)
        {
            h += jointAngles[i];
            heading[i] = h;
            x += linkLengths[i] * Math.Cos(h);
            y += linkLengths[i] * Math.Sin(h);
        }
        double ex = x - targetX, ey = y - targetY;
        var g = new double[2 * n + 2];
        for (int i = 0; i < n; i++)
        {
            for (int j = i; j < n; j++) g[i] += 2 * (-ex * linkLengths[j] * Math.Sin(heading[j]) + ey * linkLengths[j] * Math.Cos(heading[j]));
            g[n + i] = 2 * (ex * Math.Cos(heading[i]) + ey * Math.Sin(heading[i]));
        }
        g[2 * n] = -2 * ex;
        g[2 * n + 1] = -2 * ey;
        return g;
    }
}
