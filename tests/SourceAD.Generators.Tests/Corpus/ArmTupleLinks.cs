// entry: Robotics.Arm.ReachError
// args: new double[] { 0.3, -0.4, 0.9 }, new double[] { 1.0, 0.8, 0.5 }, 1.2, 1.0
// expect: works
// Round 20. Forward kinematics of a planar arm: a helper returning a named tuple for each link, deconstructed into the
// running position, the angles summed as it goes; returns the squared distance to a target.
using System;
using SourceAD;

namespace Robotics;

public static partial class Arm
{
    static (double X, double Y) Link(double length, double angle) => (length * Math.Cos(angle), length * Math.Sin(angle));

    [Differentiable]
    public static double ReachError(double[] joints, [NoDerivative] double[] lengths, double targetX, double targetY)
    {
        double x = 0, y = 0, theta = 0;
        for (int i = 0; i < joints.Length; i++)
        {
            theta += joints[i];
            var (dx, dy) = Link(lengths[i], theta);
            (x, y) = (x + dx, y + dy);
        }
        double ex = x - targetX, ey = y - targetY;
        return ex * ex + ey * ey;
    }
}
