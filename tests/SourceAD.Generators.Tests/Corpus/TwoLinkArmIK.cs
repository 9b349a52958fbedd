// entry: Robotics.TwoLinkArm.ReachCost
// args: 0.9, 0.6, 1.1, 0.7
// expect: works
// Two-link planar arm: inverse kinematics by the law of cosines (elbow down), then the cost of the joint angles.
using System;
using SourceAD;

namespace Robotics;

public static partial class TwoLinkArm
{
    [Differentiable]
    public static double ReachCost(double l1, double l2, double targetX, double targetY)
    {
        double d2 = targetX * targetX + targetY * targetY;
        double cosElbow = (d2 - l1 * l1 - l2 * l2) / (2 * l1 * l2);
        cosElbow = Math.Clamp(cosElbow, -1.0, 1.0);
        double elbow = Math.Acos(cosElbow);
        double shoulder = Math.Atan2(targetY, targetX) - Math.Atan2(l2 * Math.Sin(elbow), l1 + l2 * Math.Cos(elbow));

        // forward kinematics to check the reach
        double x = l1 * Math.Cos(shoulder) + l2 * Math.Cos(shoulder + elbow);
        double y = l1 * Math.Sin(shoulder) + l2 * Math.Sin(shoulder + elbow);
        double error = (x - targetX) * (x - targetX) + (y - targetY) * (y - targetY);
        return shoulder * shoulder + 0.5 * elbow * elbow + 100 * error;
    }
}
