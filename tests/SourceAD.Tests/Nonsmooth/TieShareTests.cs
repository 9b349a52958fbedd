using Xunit;

namespace SourceAD.Tests.NonsmoothTests;

// TieChoice.Share is the one tie-share formula, the mixture (1−w)·Native + w·Minimal with w = MinimalWeight; the
// TorchSharp backend applies the same mixture to tensors, so the pure rules must come out exactly, not merely close.
public class TieShareTests
{
    [Theory]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(7)]
    public void PureRulesAreExact(int m)
    {
        for (int k = 0; k < m; k++)
        {
            Assert.Equal(k == 0 ? 1.0 : 0.0, TieChoice.Native.Share(k, m));
            Assert.Equal(1.0 / m, TieChoice.Minimal.Share(k, m));
        }
        Assert.Equal(0.0, TieChoice.Native.MinimalWeight);
        Assert.Equal(1.0, TieChoice.Minimal.MinimalWeight);
    }

    [Theory]
    [InlineData(0.3, 3)]
    [InlineData(0.5, 2)]
    [InlineData(10.0, 4)] // conservative, not Clarke
    public void HybridIsTheMixtureWithWeightBeta(double beta, int m)
    {
        TieChoice hybrid = TieChoice.Hybrid(beta);
        Assert.Equal(beta, hybrid.MinimalWeight);
        double sum = 0;
        for (int k = 0; k < m; k++)
        {
            double share = hybrid.Share(k, m);
            Assert.Equal((1.0 - beta) * (k == 0 ? 1.0 : 0.0) + beta * (1.0 / m), share);
            sum += share;
        }
        Assert.Equal(1.0, sum, 12);
    }

    [Fact]
    public void ALoneMaximumTakesEverything()
    {
        foreach (TieChoice ties in new[] { TieChoice.Native, TieChoice.Minimal, TieChoice.Hybrid(0.3) })
        {
            Assert.Equal(1.0, ties.Share(0, 1));
        }
    }
}
