using Xunit;

namespace SourceAD.Tests.NonsmoothTests;

/// <summary>
/// <see cref="SortRules"/>: the values are Array.Sort's bit for bit (NaN first, −0 and +0 kept as .NET orders them),
/// the rules are one permutation applied forward and transposed backward (the dot-product test), ties follow the stable
/// order, and short spans are refused with both lengths named.
/// </summary>
public class SortRulesTests
{
    [Theory]
    [InlineData(new[] { 3.0, -1.5, 2.25, 0.5 })]
    [InlineData(new[] { 0.0, -0.0, 1.0, -0.0, 0.0 })]
    [InlineData(new[] { double.NaN, 2.0, double.NegativeInfinity, 1.0, double.NaN, -3.0 })]
    public void ValuesAreArraySortsBitForBit(double[] x)
    {
        double[] expected = (double[])x.Clone();
        Array.Sort(expected);
        var y = new double[x.Length];
        SortRules.Sort<double>(x, y);
        Assert.Equal(expected.Select(BitConverter.DoubleToInt64Bits), y.Select(BitConverter.DoubleToInt64Bits));

        // The derivative rules write the same values.
        var yp = new double[x.Length];
        SortRules.SortPullback<double>(x, yp, new double[x.Length], new double[x.Length]);
        Assert.Equal(expected.Select(BitConverter.DoubleToInt64Bits), yp.Select(BitConverter.DoubleToInt64Bits));
    }

    [Fact]
    public void PullbackIsThePushforwardsTranspose()
    {
        double[] x = { 0.7, -1.3, 2.2, 0.7, -0.4, 1.6 };
        var rng = new Random(7);
        for (int trial = 0; trial < 20; trial++)
        {
            double[] dx = x.Select(_ => rng.NextDouble() - 0.5).ToArray(), seed = x.Select(_ => rng.NextDouble() - 0.5).ToArray();
            var dy = new double[x.Length];
            SortRules.SortPushforward<double>(x, new double[x.Length], dx, dy);
            var adjoint = new double[x.Length];
            SortRules.SortPullback<double>(x, new double[x.Length], seed, adjoint);
            double left = dy.Zip(seed, (a, b) => a * b).Sum(), right = dx.Zip(adjoint, (a, b) => a * b).Sum();
            Assert.Equal(left, right, 12);
        }
    }

    [Fact]
    public void TiesFollowTheStableOrder()
    {
        // x[0] and x[3] tie at 0.7: the first of them (index 0) takes the lower sorted slot.
        double[] x = { 0.7, -1.3, 2.2, 0.7 };
        var dy = new double[4];
        SortRules.SortPushforward<double>(x, new double[4], new[] { 10.0, 20, 30, 40 }, dy);
        Assert.Equal(new[] { 20.0, 10, 40, 30 }, dy);
        var dx = new double[4];
        SortRules.SortPullback<double>(x, new double[4], new[] { 1.0, 2, 3, 4 }, dx);
        Assert.Equal(new[] { 2.0, 1, 4, 3 }, dx);
    }

    [Fact]
    public void ShortSpansAreRefusedWithBothLengths()
    {
        var e = Assert.Throws<ArgumentException>(() => SortRules.Sort<double>(new double[3], new double[2]));
        Assert.Contains("2", e.Message);
        Assert.Contains("3", e.Message);
        Assert.Throws<ArgumentException>(() => SortRules.SortPullback<double>(new double[3], new double[3], new double[2], new double[3]));
        Assert.Throws<ArgumentException>(() => SortRules.SortPushforward<double>(new double[3], new double[3], new double[3], new double[1]));
    }
}
