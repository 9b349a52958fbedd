using SourceAD.Tests.Support;
using Xunit;

namespace SourceAD.Tests.Programs;

public class ControlFlowTests
{
    [Theory]
    [InlineData(0.7, 1.3)]
    [InlineData(-2.0, 0.4)]
    [InlineData(30.0, 2.0)]
    public void DoWhileWithLogicalOperators(double x, double y)
    {
        var (value, dx, dy) = ControlFlowPrograms.DoWhileGradient(x, y);
        Assert.Equal(ControlFlowPrograms.DoWhile(x, y), value);
        // The (float)s cast rounds: finite differences see a step function of size ~1e-7·|s|, so compare loosely.
        Numeric.Close(Numeric.Gradient(v => ControlFlowPrograms.DoWhile(v[0], v[1]), new[] { x, y }, 1e-4), new[] { dx, dy }, 1e-3, 1e-3);
        Numeric.Close(dx, ControlFlowPrograms.DoWhilePushforward(x, y, 1, 0).Tangent, 1e-12);
        Numeric.Close(dy, ControlFlowPrograms.DoWhilePushforward(x, y, 0, 1).Tangent, 1e-12);
    }

    [Theory]
    [InlineData(0.9, 0.8f)]
    [InlineData(0.2, -1.1f)]
    public void CastsBetweenFloatTypes(double x, float y)
    {
        var (value, dx, dy) = ControlFlowPrograms.MixedPrecisionGradient(x, y);
        Assert.Equal(ControlFlowPrograms.MixedPrecision(x, y), value);
        // Closed form, with precision casts differentiated as the identity (the convention of every AD system).
        // Finite differences cannot check this: (Half) rounds at ~5e-4, so at small steps it is locally constant.
        double back = (float)x * y, h = (double)(Half)(x * 0.5);
        bool branch = (Half)x > (Half)0.5;
        double expectedDx = Math.Cos(back) * y * x + Math.Sin(back) + 2 * h * 0.5 + (branch ? y : 0);
        double expectedDy = Math.Cos(back) * (float)x * x + MathF.Exp(y) + (branch ? x : 1);
        Numeric.Close(expectedDx, dx, 1e-6, 1e-7);
        Numeric.Close(expectedDy, dy, 1e-6, 1e-6);
        Numeric.Close(dx, ControlFlowPrograms.MixedPrecisionPushforward(x, y, 1, 0).Tangent, 1e-6, 1e-7); // float-precision tangents
        Numeric.Close(dy, ControlFlowPrograms.MixedPrecisionPushforward(x, y, 0, 1).Tangent, 1e-6);
    }

    [Fact]
    public void UserConstantIsReadAsWhatItIs()
    {
        var (value, dx) = ControlFlowPrograms.UserConstantGradient(2.0);
        Assert.Equal(6.0, value);
        Assert.Equal(6.0, dx);
    }

    [Fact]
    public void NestedBranchesInsideALoop()
    {
        double[] x = { 1, 2, -3 };
        var (value, dx) = ControlFlowPrograms.NestedBranchesGradient(x);
        Assert.Equal(4.0, value);
        Assert.Equal(new[] { 2.0, 0.0, -1.0 }, dx);
        Numeric.Close(Numeric.Gradient(ControlFlowPrograms.NestedBranches, x), dx, 1e-6, 1e-8);
    }
}
