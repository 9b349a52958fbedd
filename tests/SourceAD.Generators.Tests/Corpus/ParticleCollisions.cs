// entry: Physics.Contacts.Penalty
// args: new double[] { 0.0, 0.9, 1.5, 3.0 }, new double[] { 0.0, 0.2, 1.1, 0.1 }, 0.6
// expect: works
using System;
using SourceAD;

namespace Physics;

public static partial class Contacts
{
    /// <summary>Penalty energy of overlapping discs (positions xs, ys; common radius); skips pairs far apart on x.</summary>
    [Differentiable]
    public static double Penalty(double[] xs, double[] ys, double radius)
    {
        double energy = 0;
        for (int i = 0; i < xs.Length; i++)
        {
            for (int j = i + 1; j < xs.Length; j++)
            {
                if (Math.Abs(xs[i] - xs[j]) > 2 * radius) continue;
                double dx = xs[i] - xs[j], dy = ys[i] - ys[j];
                double d = Math.Sqrt(dx * dx + dy * dy);
                if (d < 2 * radius)
                {
                    double overlap = 2 * radius - d;
                    energy += overlap * overlap;
                }
                else if (d < 2.5 * radius)
                {
                    energy += 0.01 * (2.5 * radius - d);
                }
            }
        }
        return energy;
    }
}
