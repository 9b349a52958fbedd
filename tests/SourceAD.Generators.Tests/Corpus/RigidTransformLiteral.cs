// entry: Kinematics.Planar.EndEffectorDistance
// args: new double[] { 0.3, -0.8, 1.1 }, new double[] { 1.0, 0.7, 0.4 }, 0.9, -0.2
// expect: works
using System;
using SourceAD;

namespace Kinematics;

public static partial class Planar
{
    /// <summary>
    /// Squared distance from the tip of a planar arm to a target. Each joint's homogeneous transform is written out as a
    /// 3×3 literal, the way a robotics text prints it.
    /// </summary>
    [Differentiable]
    public static double EndEffectorDistance(double[] angles, double[] lengths, double targetX, double targetY)
    {
        double[,] pose = { { 1, 0, 0 }, { 0, 1, 0 }, { 0, 0, 1 } };
        for (int k = 0; k < angles.Length; k++)
        {
            double c = Math.Cos(angles[k]), s = Math.Sin(angles[k]);
            double[,] joint =
            {
                { c, -s, lengths[k] * c },
                { s,  c, lengths[k] * s },
                { 0,  0, 1 },
            };
            var next = new double[3, 3];
            for (int i = 0; i < 3; i++)
                for (int j = 0; j < 3; j++)
                    for (int m = 0; m < 3; m++)
                        next[i, j] += pose[i, m] * joint[m, j];
            pose = next;
        }
        double dx = pose[0, 2] - targetX, dy = pose[1, 2] - targetY;
        return dx * dx + dy * dy;
    }
}
