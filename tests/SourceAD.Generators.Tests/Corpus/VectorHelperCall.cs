// entry: Robotics.Arm.ReachError
// args: new double[] { 0.3, 0.5, -0.2 }, new double[] { 1.0, 0.8, 0.6 }, 1.2, 1.1
// expect: works
using System;
using SourceAD;

namespace Robotics;

public static partial class Arm
{
    /// <summary>Forward kinematics of a planar 3-link arm: writes the end effector position.</summary>
    [Differentiable]
    public static void EndEffector(ReadOnlySpan<double> angles, ReadOnlySpan<double> lengths, Span<double> position)
    {
        double x = 0, y = 0, theta = 0;
        for (int i = 0; i < angles.Length; i++)
        {
            theta += angles[i];
            x += lengths[i] * Math.Cos(theta);
            y += lengths[i] * Math.Sin(theta);
        }
        position[0] = x;
        position[1] = y;
    }

    /// <summary>Squared distance of the end effector from a target.</summary>
    [Differentiable]
    public static double ReachError(double[] angles, [NoDerivative] double[] lengths, double targetX, double targetY)
    {
        Span<double> p = stackalloc double[2];
        EndEffector(angles, lengths, p);
        double dx = p[0] - targetX, dy = p[1] - targetY;
        return dx * dx + dy * dy;
    }
}
