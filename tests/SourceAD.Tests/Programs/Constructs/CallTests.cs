using Xunit;

namespace SourceAD.Tests.Programs.Constructs;

public class CallTests
{
    [Theory]
    [InlineData(1.2, 0.7)]
    [InlineData(-0.6, 1.4)]
    [InlineData(0.3, 2.2)]
    [InlineData(2.5, -0.4)]
    public void CallsInConditionsBranchesShortCircuitsAndArguments(double x, double y)
    {
        Check.Two(CallPrograms.Anywhere, CallPrograms.AnywhereGradient, CallPrograms.AnywherePushforward, CallPrograms.AnywherePullback, x, y, fdTolerance: 1e-5);
    }

    [Theory]
    [InlineData(0.8, 0.0)]
    [InlineData(0.8, 0.5)]
    public void OnlyTheTakenBranchIsDifferentiated(double x, double y)
    {
        var (value, dx, dy) = CallPrograms.GuardedGradient(x, y);
        Check.Same(CallPrograms.Guarded(x, y), value, "Gradient");
        if (y == 0)
        {
            // Ratio(x, 0) is never called: no NaN reaches the adjoints.
            Assert.Equal(3, dx);
            Assert.Equal(0, dy);
            Assert.Equal(3, CallPrograms.GuardedPushforward(x, y, 1, 0).Tangent);
            return;
        }
        double q = x / y;
        Check.Two(CallPrograms.Guarded, CallPrograms.GuardedGradient, CallPrograms.GuardedPushforward, CallPrograms.GuardedPullback, x, y,
            new[] { 1 / (y * (Math.Abs(q) + 1)) * Math.Sign(q), -x / (y * y) / (Math.Abs(q) + 1) * Math.Sign(q) });
    }
}
