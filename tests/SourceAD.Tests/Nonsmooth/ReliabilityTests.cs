using Xunit;

namespace SourceAD.Tests.NonsmoothTests;

public class ReliabilityTests
{
    [Fact]
    public void BackpropVariationIsTheL1DistanceAtEveryPrecision()
    {
        // |1 − 0.5| + |−2 − 1| + |3.5 − 3.5| = 3.5
        Assert.Equal(3.5, Reliability.BackpropVariation<double>([1, -2, 3.5], [0.5, 1, 3.5]));
        Assert.Equal(3.5, Reliability.BackpropVariation<float>([1, -2, 3.5f], [0.5f, 1, 3.5f]));
        Assert.Equal(3.5, Reliability.BackpropVariation<Half>([(Half)1, (Half)(-2), (Half)3.5], [(Half)0.5, (Half)1, (Half)3.5]));
        Assert.Equal(0.0, Reliability.BackpropVariation<double>([], []));
    }

    [Fact]
    public void BackpropVariationAccumulatesInDouble()
    {
        // In float, 1 + 2^-30 rounds back to 1; accumulated in double the tiny difference survives.
        float tiny = MathF.Pow(2, -30);
        double d = Reliability.BackpropVariation<float>([1, tiny], [0, 0]);
        Assert.Equal(1.0 + Math.Pow(2, -30), d);
        // A float32 ulp-level difference is measured exactly: one ulp of 1.4f is 2^-23.
        Assert.Equal(Math.Pow(2, -23), Reliability.BackpropVariation<float>([1.4f], [MathF.BitIncrement(1.4f)]));
        Assert.True(double.IsNaN(Reliability.BackpropVariation<float>([float.NaN], [0])));
    }

    [Fact]
    public void BackpropVariationRejectsMismatchedLengths()
    {
        var e = Assert.Throws<ArgumentException>(() => Reliability.BackpropVariation<double>([1, 2, 3], [1, 2]));
        Assert.Contains("length 3", e.Message);
        Assert.Contains("length 2", e.Message);
    }

    [Fact]
    public void Tau1IsTheLargestSameProgramVariation()
    {
        Assert.Equal(1e-7, Reliability.Tau1([0, 1e-7, 3e-8, 0]));
        Assert.Equal(0.0, Reliability.Tau1([0, 0])); // a deterministic run (the thesis at 16 bits)
        Assert.Equal(4e-8, Reliability.Tau1(new double[,] { { 1e-8, 2e-8 }, { 4e-8, 0 } }));
        Assert.Throws<ArgumentException>(() => Reliability.Tau1(ReadOnlySpan<double>.Empty));
        Assert.Throws<ArgumentException>(() => Reliability.Tau1([1e-8, double.NaN]));
        Assert.Throws<ArgumentException>(() => Reliability.Tau1([1e-8, -1e-9]));
    }

    [Fact]
    public void Tau2IsTheSmallestPositiveReluVariation()
    {
        Assert.Equal(5e-4, Reliability.Tau2([0, 0, 2e-3, 5e-4, 0, 1]));
        Assert.Equal(3e-2, Reliability.Tau2(new double[,] { { 0, 0.5 }, { 3e-2, 0 } }));
        // No positive variation: the minimum over an empty set is +∞ and S(τ²) is empty.
        Assert.Equal(double.PositiveInfinity, Reliability.Tau2([0, 0]));
        Assert.Equal(double.PositiveInfinity, Reliability.Tau2(ReadOnlySpan<double>.Empty));
        Assert.Throws<ArgumentException>(() => Reliability.Tau2([double.NaN]));
    }

    [Fact]
    public void MarginsMatchHandComputedValues()
    {
        // sqrt(ln(40) / 200) with ln 40 = 3.6888794541139363
        Assert.Equal(0.13581015157406195, Reliability.HoeffdingMargin(100, 0.05), 1e-15);
        Assert.Equal(0.13581015157406195, Reliability.HoeffdingMargin(100), 1e-15);
        // M = 1000 as in Table 3.2: sqrt(ln(40) / 2000)
        Assert.Equal(0.04294694083467376, Reliability.HoeffdingMargin(1000), 1e-15);
        // sqrt(0.5 · (1/100 + 1/50) · ln 40)
        Assert.Equal(0.23523008270990564, Reliability.McDiarmidMargin(100, 50, 0.05), 1e-15);
        // α = 0.5: sqrt(ln 4 / 2) = sqrt(ln 2)
        Assert.Equal(Math.Sqrt(Math.Log(2)), Reliability.HoeffdingMargin(1, 0.5), 1e-15);
        Assert.Throws<ArgumentOutOfRangeException>(() => Reliability.HoeffdingMargin(0));
        Assert.Throws<ArgumentOutOfRangeException>(() => Reliability.HoeffdingMargin(10, 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => Reliability.McDiarmidMargin(10, 10, 1));
        Assert.Throws<ArgumentOutOfRangeException>(() => Reliability.McDiarmidMargin(10, 0));
    }

    private static readonly double[,] Variations =
    {
        // 4 parameter draws × 3 mini-batches, τ = 1e-6
        { 0, 0, 0 },         // not in S
        { 0, 2e-6, 0 },      // in S, 1 batch
        { 1e-6, 0, 0 },      // equal to τ: not in S (strictly greater)
        { 5e-6, 3e-6, 1 },   // in S, 3 batches
    };

    [Fact]
    public void BifurcationZoneEstimateFromAMatrix()
    {
        BifurcationZoneEstimate e = Reliability.EstimateBifurcationZone(Variations, 1e-6);
        Assert.Equal(4, e.ParameterDraws);
        Assert.Equal(3, e.MiniBatches);
        Assert.Equal(2, e.DrawsInZone);
        Assert.Equal(4L, e.AffectedMiniBatches);
        Assert.Equal(0.5, e.ParameterShare);
        Assert.Equal(4.0 / 12.0, e.MiniBatchShare);
        Assert.Equal(0.95, e.Confidence, 1e-15);
        // sqrt(ln 40 / 8), sqrt(0.5 · (1/4 + 1/3) · ln 40), sqrt(ln 40 / 24)
        Assert.Equal(0.6790507578703098, e.ParameterMargin, 1e-14);
        Assert.Equal(1.0372671662192747, e.MiniBatchMargin, 1e-14);
        Assert.Equal(0.3920501378498427, e.MiniBatchHoeffdingMargin, 1e-14);
        Assert.Equal((0.0, 1.0), e.MiniBatchInterval);
        Assert.Equal(0.0, e.ParameterInterval.Lower);
        Assert.Equal(1.0, e.ParameterInterval.Upper);
    }

    [Fact]
    public void BifurcationZoneEstimateFromACallbackVisitsEveryPairOnce()
    {
        int calls = 0;
        var seen = new HashSet<(int, int)>();
        BifurcationZoneEstimate e = Reliability.EstimateBifurcationZone(4, 3, (m, r) =>
        {
            calls++;
            Assert.True(seen.Add((m, r)));
            return Variations[m, r];
        }, 1e-6, alpha: 0.1);
        Assert.Equal(12, calls);
        Assert.Equal(Reliability.EstimateBifurcationZone(Variations, 1e-6, 0.1), e);
        Assert.Equal(0.9, e.Confidence, 1e-15);
        Assert.Equal(Math.Sqrt(Math.Log(20) / 8), e.ParameterMargin, 1e-15);
    }

    [Fact]
    public void BifurcationZoneThresholdsFromTau()
    {
        // τ = τ¹ of a same-program run: only variations above nondeterminism count.
        double tau = Reliability.Tau1([1e-8, 2e-6, 0]);
        BifurcationZoneEstimate e = Reliability.EstimateBifurcationZone(Variations, tau);
        Assert.Equal(1, e.DrawsInZone); // only the last row exceeds 2e-6 (row 1 equals it)
        Assert.Equal(3L, e.AffectedMiniBatches); // 5e-6, 3e-6 and 1
        // τ = +∞ (no positive ReLU variation) flags nothing; τ = 0 flags every positive variation.
        Assert.Equal(0, Reliability.EstimateBifurcationZone(Variations, double.PositiveInfinity).DrawsInZone);
        Assert.Equal(5L, Reliability.EstimateBifurcationZone(Variations, 0).AffectedMiniBatches);
    }

    [Fact]
    public void BifurcationZoneRejectsBadInput()
    {
        Assert.Throws<ArgumentException>(() => Reliability.EstimateBifurcationZone(new double[0, 3], 1e-6));
        Assert.Throws<ArgumentException>(() => Reliability.EstimateBifurcationZone(Variations, double.NaN));
        Assert.Throws<ArgumentOutOfRangeException>(() => Reliability.EstimateBifurcationZone(Variations, 1e-6, 1.5));
        var e = Assert.Throws<ArgumentException>(() => Reliability.EstimateBifurcationZone(2, 2, (m, r) => m == 1 && r == 0 ? double.NaN : 0, 1e-6));
        Assert.Contains("D[1, 0]", e.Message);
    }
}
