using Xunit;
using P = SourceAD.Tests.NonsmoothTests.SemanticsPrograms;

namespace SourceAD.Tests.NonsmoothTests;

/// <summary>
/// Issue 12, defect 8: generated scalar code (the primitive table's rows) and <see cref="NonsmoothRules"/> give the same
/// derivative at NaN, at kinks and ties, and under Strict, in both modes, because both read <see cref="NonsmoothSemantics"/>.
/// The tensor backends are held to the same rules in tests/SourceAD.Backends.Tests (BackendSuite.Semantics.cs).
/// </summary>
public class SemanticsAgreementTests
{
    private static readonly DerivativePolicy Custom = DerivativePolicy.PyTorch with
    {
        ReluAtZero = P.ReluAt,
        AbsAtZero = P.AbsAt,
        Binary = TieChoice.Hybrid(P.Beta),
        Reduction = TieChoice.Hybrid(P.Beta),
        Pooling = TieChoice.Hybrid(P.Beta),
    };

    private static readonly double[] Points = [double.NaN, -1.5, 0.0, -0.0, 2.0, double.PositiveInfinity, double.NegativeInfinity];

    public static IEnumerable<object[]> Pairs() => from a in Points from b in Points select new object[] { a, b };

    public static IEnumerable<object[]> Singles() => Points.Select(x => new object[] { x });

    [Theory]
    [MemberData(nameof(Pairs))]
    public void MaxAndMinAgreeWithTheRules(double a, double b)
    {
        NonsmoothRules.MaxPartials(a, b, Custom, out double da, out double db);
        AssertBoth(da, db, P.MaxGradient(a, b), P.MaxPushforward(a, b, 1, 0).Tangent, P.MaxPushforward(a, b, 0, 1).Tangent);
        NonsmoothRules.MaxPartials((float)a, (float)b, Custom, out float fa, out float fb);
        var g = P.MaxFloatGradient((float)a, (float)b);
        AssertBits(fa, g.DA);
        AssertBits(fb, g.DB);
        NonsmoothRules.MinPartials(a, b, Custom, out da, out db);
        AssertBoth(da, db, P.MinGradient(a, b), P.MinPushforward(a, b, 1, 0).Tangent, P.MinPushforward(a, b, 0, 1).Tangent);
    }

    [Theory]
    [MemberData(nameof(Pairs))]
    public void StrictMaxAndMinThrowExactlyWhereTheRulesThrow(double a, double b)
    {
        bool throws = Throws(() => NonsmoothRules.MaxPartials(a, b, DerivativePolicy.StrictPolicy, out double _, out double _));
        Assert.Equal(a == b, throws); // a tie, never a NaN
        Assert.Equal(throws, Throws(() => P.MaxStrictGradient(a, b)));
        Assert.Equal(throws, Throws(() => P.MaxStrictPushforward(a, b, 1, 1)));
        Assert.Equal(throws, Throws(() => P.MinStrictGradient(a, b)));
        if (!throws)
        {
            NonsmoothRules.MaxPartials(a, b, DerivativePolicy.StrictPolicy, out double da, out double db);
            var g = P.MaxStrictGradient(a, b);
            AssertBits(da, g.DA);
            AssertBits(db, g.DB);
            NonsmoothRules.MinPartials(a, b, DerivativePolicy.StrictPolicy, out da, out db);
            g = P.MinStrictGradient(a, b);
            AssertBits(da, g.DA);
            AssertBits(db, g.DB);
        }
    }

    [Theory]
    [MemberData(nameof(Singles))]
    public void KinksAgreeWithTheRules(double x)
    {
        AssertOne(NonsmoothRules.ReluDerivative(x, Custom), P.ReluGradient(x).DX, P.ReluPushforward(x, 1).Tangent);
        AssertOne(NonsmoothRules.LeakyReluDerivative(x, P.Slope, Custom), P.LeakyReluGradient(x).DX, P.LeakyReluPushforward(x, 1).Tangent);
        AssertOne(NonsmoothRules.AbsDerivative(x, Custom), P.AbsGradient(x).DX, P.AbsPushforward(x, 1).Tangent);
    }

    [Theory]
    [MemberData(nameof(Singles))]
    public void StrictKinksThrowExactlyWhereTheRulesThrow(double x)
    {
        DerivativePolicy strict = DerivativePolicy.StrictPolicy;
        bool throws = Throws(() => NonsmoothRules.ReluDerivative(x, strict));
        Assert.Equal(x == 0, throws); // the kink, never a NaN
        Assert.Equal(throws, Throws(() => NonsmoothRules.AbsDerivative(x, strict)));
        Assert.Equal(throws, Throws(() => NonsmoothRules.LeakyReluDerivative(x, P.Slope, strict)));
        Assert.Equal(throws, Throws(() => P.ReluStrictGradient(x)));
        Assert.Equal(throws, Throws(() => P.LeakyReluStrictGradient(x)));
        Assert.Equal(throws, Throws(() => P.AbsStrictGradient(x)));
        Assert.Equal(throws, Throws(() => P.AbsStrictPushforward(x, 1)));
        if (!throws)
        {
            AssertOne(NonsmoothRules.ReluDerivative(x, strict), P.ReluStrictGradient(x).DX, P.ReluStrictPushforward(x, 1).Tangent);
            AssertOne(NonsmoothRules.LeakyReluDerivative(x, P.Slope, strict), P.LeakyReluStrictGradient(x).DX, P.LeakyReluStrictPushforward(x, 1).Tangent);
            AssertOne(NonsmoothRules.AbsDerivative(x, strict), P.AbsStrictGradient(x).DX, P.AbsStrictPushforward(x, 1).Tangent);
        }
    }

    /// <summary>The semantics' own reference classification matches the comparisons that code makes.</summary>
    [Fact]
    public void TheSemanticsSayNaNWinsAndStrictIgnoresNaN()
    {
        Assert.Equal(BinaryCase.FirstIsNaN, NonsmoothSemantics.Classify(double.NaN, double.NaN, isMax: true));
        Assert.Equal(BinaryCase.SecondIsNaN, NonsmoothSemantics.Classify(1, double.NaN, isMax: false));
        Assert.Equal(BinaryCase.Tie, NonsmoothSemantics.Classify(-0.0, 0.0, isMax: true));
        Assert.Equal(BinaryPartial.One, NonsmoothSemantics.Binary(BinaryCase.FirstIsNaN, 0, strict: true));
        Assert.Equal(BinaryPartial.One, NonsmoothSemantics.Binary(BinaryCase.SecondIsNaN, 1, strict: true));
        Assert.Equal(BinaryPartial.Throw, NonsmoothSemantics.Binary(BinaryCase.Tie, 1, strict: true));
        Assert.Equal(KinkDerivative.NaN, NonsmoothSemantics.Kink(KinkCase.NaN, strict: true));
        Assert.Equal(KinkDerivative.Throw, NonsmoothSemantics.Kink(NonsmoothSemantics.Classify(-0.0), strict: true));
    }

    private static void AssertBoth(double da, double db, (double Value, double DA, double DB) gradient, double tangentA, double tangentB)
    {
        AssertBits(da, gradient.DA);
        AssertBits(db, gradient.DB);
        AssertBits(da, tangentA);
        AssertBits(db, tangentB);
    }

    private static void AssertOne(double expected, double reverse, double forward)
    {
        AssertBits(expected, reverse);
        AssertBits(expected, forward);
    }

    // NaN equals NaN; otherwise the same value (the tangents multiply a 0 seed, so −0 and +0 are not told apart).
    private static void AssertBits(double expected, double actual) =>
        Assert.True(double.IsNaN(expected) ? double.IsNaN(actual) : expected == actual, $"expected {expected}, got {actual}");

    private static bool Throws(Action action)
    {
        try
        {
            action();
            return false;
        }
        catch (NonsmoothPointException)
        {
            return true;
        }
    }
}
