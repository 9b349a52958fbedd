using Xunit;

namespace SourceAD.Tests.Programs.Constructs;

public class ArrayTests
{
    [Theory]
    [InlineData(95.0, 0.25)]
    [InlineData(110.0, 0.4)]
    public void BlackScholesWithAPrivateErfReadingAStaticTable(double spot, double vol)
    {
        Check.Two(ArrayPrograms.CallPrice, ArrayPrograms.CallPriceGradient, ArrayPrograms.CallPricePushforward, ArrayPrograms.CallPricePullback, spot, vol, fdTolerance: 1e-5);
    }

    [Theory]
    [InlineData(0.3, -1.2)]
    [InlineData(1.7, 0.6)]
    public void InitializersCollectionExpressionsStackallocAndForeach(double x, double y)
    {
        double table = 0.254829592 - 0.284496736 + 1.421413741 - 1.453152027 + 1.061405429;
        double[] expected =
        {
            1.5 + 3 + 2 * x * y * y + Math.Cos(x) + table,
            -4 + 2 * x * x * y + 2 * y + Math.Cos(y),
        };
        Check.Two(ArrayPrograms.Values, ArrayPrograms.ValuesGradient, ArrayPrograms.ValuesPushforward, ArrayPrograms.ValuesPullback, x, y, expected);
    }

    [Fact]
    public void LinqSumAverageMaxMin()
    {
        double[] x = { 0.5, -1.25, 2.0, 0.75, -0.1, 1.9 };
        double sum = x.Sum(), avg = x.Average();
        int n = x.Length, argMax = Array.IndexOf(x, x.Max()), argMin = Array.IndexOf(x, x.Min());
        double[] expected = x.Select((_, i) => avg + sum / n + (i == argMax ? 1 : 0) - (i == argMin ? 2 : 0)).ToArray();
        Check.Array(ArrayPrograms.Aggregates, ArrayPrograms.AggregatesGradient, ArrayPrograms.AggregatesPushforward, ArrayPrograms.AggregatesPullback, x, expected);
        // Sum is .NET's loop, so the value is bit for bit the same on long random inputs too.
        double[] random = Support.Numeric.Random(new Random(7), 1000, 100);
        Check.Same(ArrayPrograms.Aggregates(random), ArrayPrograms.AggregatesGradient(random).Value, "Gradient, 1000 entries");
    }

    [Fact]
    public void SideEffectsInsideExpressions()
    {
        double[] a = { 0.5, -1.25, 2.0, 0.75, -0.1, 1.9, 0.3, 1.1 };
        // minor = (a0, a2, a4, a6), k = 4 → 5; x = y = a0; s = Σ_{it=1..3} minor[it]·a0 + a0.
        double m = a[2] + a[4] + a[6];
        var expected = new double[a.Length];
        expected[0] = m + 3 + 5;
        expected[2] = expected[4] = expected[6] = a[0];
        Check.Array(ArrayPrograms.Effects, ArrayPrograms.EffectsGradient, ArrayPrograms.EffectsPushforward, ArrayPrograms.EffectsPullback, a, expected);
    }
}
