// entry: Kinematics.Turntable.SecondMomentAfterTurn
// args: new double[] { 1.0, 0.5, -0.25, -1.5 }, new double[] { 0.0, 1.25, 0.75, -0.5 }, 2.3, 0.4
// expect: works
// Rotation by an angle reduced to a quadrant: sin and cos of the remainder, then swapped and negated per quadrant with
// a tuple-valued switch, as fixed-point and game code does (round 14: tuple-valued switch and ?:).
using System;
using SourceAD;

namespace Kinematics;

public static partial class Turntable
{
    /// <summary>Second moment about the x axis of the points turned by <paramref name="angle"/> and shifted up by <paramref name="lift"/>.</summary>
    [Differentiable]
    public static double SecondMomentAfterTurn(double[] xs, double[] ys, double angle, double lift)
    {
        const double HalfPi = Math.PI / 2;
        int quadrant = (int)Math.Floor(angle / HalfPi);
        double remainder = angle - quadrant * HalfPi;
        var (s, c) = Math.SinCos(remainder);

        (double sin, double cos) = (quadrant & 3) switch
        {
            0 => (s, c),
            1 => (c, -s),
            2 => (-s, -c),
            _ => (-c, s),
        };

        double moment = 0;
        for (int i = 0; i < xs.Length; i++)
        {
            double y = xs[i] * sin + ys[i] * cos + lift;
            moment += y * y;
        }
        return moment;
    }
}
