using Xunit;

namespace SourceAD.Tests.Programs.Constructs;

public class LocalFunctionTests
{
    [Theory]
    [InlineData(0.4, 1.1)]
    [InlineData(1.5, -0.3)]
    public void StaticCapturingAndLambda(double x, double y)
    {
        double d = y - x, e = Math.Exp(x * y), sig = e / (1 + e);
        double cubeD = d < 0 ? -3 * d * d : 3 * d * d;
        double[] expected = { 2 * x - cubeD + sig * y, cubeD + 2 * 2 * y + 1 + sig * x };
        Check.Two(LocalFunctionPrograms.Mixed, LocalFunctionPrograms.MixedGradient, LocalFunctionPrograms.MixedPushforward, LocalFunctionPrograms.MixedPullback, x, y, expected);
    }

    [Fact]
    public void VoidWithRefAndArrayParameters()
    {
        double[] x = { 0.5, -1.25, 2.0, 0.75 };
        Check.Array(LocalFunctionPrograms.Accumulate, LocalFunctionPrograms.AccumulateGradient, LocalFunctionPrograms.AccumulatePushforward,
            LocalFunctionPrograms.AccumulatePullback, x, x.Select((v, i) => 2 * v + i + 1).ToArray());
    }

    [Theory]
    [InlineData(0.5, 0.7)]
    [InlineData(3.5, 0.9)]
    [InlineData(-0.2, 0.3)]
    public void EarlyReturnInsideALoopOfALocalFunction(double x, double y)
    {
        Check.Two(LocalFunctionPrograms.FirstAbove, LocalFunctionPrograms.FirstAboveGradient, LocalFunctionPrograms.FirstAbovePushforward,
            LocalFunctionPrograms.FirstAbovePullback, x, y);
    }

    [Fact]
    public void LocalFunctionAdvancingTheLoopCounterByRef()
    {
        double[] x = { 0.5, -1.25, 2.0, 0.75, -0.5, 3.0 };
        // Entries 2 and 5 follow a negative entry and are skipped.
        double[] expected = { 1.0, -2.5, 0, 1.5, -1.0, 0 };
        Check.Array(LocalFunctionPrograms.SkipNegatives, LocalFunctionPrograms.SkipNegativesGradient, LocalFunctionPrograms.SkipNegativesPushforward,
            LocalFunctionPrograms.SkipNegativesPullback, x, expected);
    }
}
