using Xunit;

namespace SourceAD.Tests.Programs.Constructs;

public class SwitchTests
{
    [Theory]
    [InlineData(Shape.Circle)]
    [InlineData(Shape.Square)]
    [InlineData(Shape.Triangle)]
    public void EnumSwitchStatementWithReturns(Shape shape)
    {
        double c = shape switch { Shape.Circle => Math.PI, Shape.Square => 1, _ => Math.Sqrt(3) / 4 };
        double r = 1.3, scale = 0.7;
        Check.Two((a, b) => SwitchPrograms.Area(a, b, shape), (a, b) => SwitchPrograms.AreaGradient(a, b, shape),
            (a, b, ta, tb) => SwitchPrograms.AreaPushforward(a, b, shape, ta, tb),
            (double a, double b, double s, ref double da, ref double db) => SwitchPrograms.AreaPullback(a, b, shape, s, ref da, ref db),
            r, scale, new[] { 2 * c * r * scale, c * r * r });
    }

    [Theory]
    [InlineData(-2.5, 0.7)]
    [InlineData(0.4, 1.3)]
    [InlineData(3.0, -0.6)]
    [InlineData(7.5, 0.9)]
    public void SwitchExpressionWithRelationalAndLogicalPatterns(double x, double y)
    {
        // Closed form of (s·y) per piece.
        double[] expected = x < -1 ? new[] { -y * y, -2 * x * y }
            : x < 1 ? new[] { 2 * x * y * y, 2 * x * x * y }
            : x <= 5 ? new[] { Math.Cos(x) * y, Math.Sin(x) + 2 * y }
            : new[] { y * y / x, 2 * Math.Log(x) * y };
        Check.Two(SwitchPrograms.Piecewise, SwitchPrograms.PiecewiseGradient, SwitchPrograms.PiecewisePushforward, SwitchPrograms.PiecewisePullback, x, y, expected);
    }

    [Theory]
    [InlineData(0.3, 1.1, 0)]
    [InlineData(0.3, 1.1, 1)]
    [InlineData(0.5, -1.2, 2)]
    [InlineData(-0.5, -1.2, 2)]
    [InlineData(0.2, 0.9, 7)]
    [InlineData(0.2, 0.9, -3)]
    public void IntSwitchWithSharedLabelsGuardAndDefault(double x, double y, int mode)
    {
        Check.Two((a, b) => SwitchPrograms.Mode(a, b, mode), (a, b) => SwitchPrograms.ModeGradient(a, b, mode),
            (a, b, ta, tb) => SwitchPrograms.ModePushforward(a, b, mode, ta, tb),
            (double a, double b, double s, ref double da, ref double db) => SwitchPrograms.ModePullback(a, b, mode, s, ref da, ref db),
            x, y);
    }

    [Theory]
    [InlineData(0.3, 1.1, 0)]
    [InlineData(0.3, 1.1, 1)]
    [InlineData(-0.4, 0.8, 1)]
    [InlineData(0.5, -1.2, 2)]
    [InlineData(0.2, 0.9, -3)]
    public void IntSwitchInALoopWithGuardsAndContinue(double x, double y, int mode)
    {
        Check.Two((a, b) => SwitchPrograms.Modes(a, b, mode), (a, b) => SwitchPrograms.ModesGradient(a, b, mode),
            (a, b, ta, tb) => SwitchPrograms.ModesPushforward(a, b, mode, ta, tb),
            (double a, double b, double s, ref double da, ref double db) => SwitchPrograms.ModesPullback(a, b, mode, s, ref da, ref db),
            x, y);
    }

    [Theory]
    [InlineData(1.0, 0.5)]
    [InlineData(3.0, -2.0)]
    [InlineData(-3.0, 0.5)]
    [InlineData(0.0, 0.5)]
    public void IsPatternsInConditions(double x, double y)
    {
        bool first = x is > 0 and < 2 || y < -1;
        double[] expected = first ? new[] { y, x } : x != 0 ? new[] { -y / (x * x), 1 / x } : new[] { 0, 2 * y };
        if (x == 0)
        {
            // At x = 0 the method is y² only on the line x = 0 (finite differences see y/x): check the value, the closed form and both modes.
            var (value, dx, dy) = SwitchPrograms.IsPatternsGradient(x, y);
            Check.Same(SwitchPrograms.IsPatterns(x, y), value, "Gradient");
            Assert.Equal(expected, new[] { dx, dy });
            Assert.Equal(dy, SwitchPrograms.IsPatternsPushforward(x, y, 0, 1).Tangent);
            return;
        }
        Check.Two(SwitchPrograms.IsPatterns, SwitchPrograms.IsPatternsGradient, SwitchPrograms.IsPatternsPushforward, SwitchPrograms.IsPatternsPullback, x, y, expected);
    }

    [Theory]
    [InlineData(Shape.Circle, 0.4, 1.0)]
    [InlineData(Shape.Square, 1.4, 1.0)]
    [InlineData(Shape.Square, 0.4, 1.0)]
    [InlineData(Shape.Triangle, 0.4, 1.0)]
    public void EnumSwitchExpressionWithGuard(Shape kind, double p, double t)
    {
        double g = kind switch
        {
            Shape.Circle => 2 * (p - t),
            Shape.Square => p > t ? 1 : -1,
            _ => 1 / (1 + Math.Exp(t - p)),
        };
        Check.Two((a, b) => SwitchPrograms.Loss(a, b, kind), (a, b) => SwitchPrograms.LossGradient(a, b, kind),
            (a, b, ta, tb) => SwitchPrograms.LossPushforward(a, b, kind, ta, tb),
            (double a, double b, double s, ref double da, ref double db) => SwitchPrograms.LossPullback(a, b, kind, s, ref da, ref db),
            p, t, new[] { g, -g });
    }
}
