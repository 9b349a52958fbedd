using Xunit;

namespace SourceAD.Tests.Programs.Constructs;

public class TupleTests
{
    [Theory]
    [InlineData(0.7, 1.3, 0)]
    [InlineData(0.7, 1.3, 5)]
    [InlineData(-1.1, 0.4, 9)]
    public void SwapInALoop(double a, double b, int n)
    {
        // Closed form: the recurrence is linear, so track (∂/∂a, ∂/∂b) of both entries.
        double va = a, vb = b, aa = 1, ab = 0, ba = 0, bb = 1;
        for (int i = 0; i < n; i++)
        {
            (va, vb) = (vb, va + vb * 0.5);
            (aa, ab, ba, bb) = (ba, bb, aa + ba * 0.5, ab + bb * 0.5);
        }
        Check.Two((x, y) => TuplePrograms.Recurrence(x, y, n), (x, y) => TuplePrograms.RecurrenceGradient(x, y, n),
            (x, y, tx, ty) => TuplePrograms.RecurrencePushforward(x, y, n, tx, ty),
            (double x, double y, double s, ref double dx, ref double dy) => TuplePrograms.RecurrencePullback(x, y, n, s, ref dx, ref dy),
            a, b, new[] { aa * vb + va * ba, ab * vb + va * bb });
    }

    [Theory]
    [InlineData(1.3, 0.4)]
    [InlineData(0.6, -2.2)]
    public void SinCosAndTupleLocals(double r, double t)
    {
        // Value: 2r²c² + r c s + r² s² ; closed form by hand.
        double s = Math.Sin(t), c = Math.Cos(t);
        double dr = 4 * r * c * c + c * s + 2 * r * s * s;
        double dt = 2 * r * r * 2 * c * -s + r * (-s * s + c * c) + r * r * 2 * s * c;
        Check.Two(TuplePrograms.Polar, TuplePrograms.PolarGradient, TuplePrograms.PolarPushforward, TuplePrograms.PolarPullback, r, t, new[] { dr, dt });
    }

    [Theory]
    [InlineData(0.5, -1.5)]
    [InlineData(2.0, 0.25)]
    public void TupleLocalReassignedFromItself(double x, double y)
    {
        Check.Two(TuplePrograms.Rotate, TuplePrograms.RotateGradient, TuplePrograms.RotatePushforward, TuplePrograms.RotatePullback, x, y);
    }
}
