using System.Numerics;
using Xunit;

namespace SourceAD.Tests.NonsmoothTests;

// Every rule at Half, float and double: the abstract base holds the facts, one sealed subclass per precision.
public sealed class NonsmoothRulesHalfTests : NonsmoothRulesTests<Half>;
public sealed class NonsmoothRulesSingleTests : NonsmoothRulesTests<float>;
public sealed class NonsmoothRulesDoubleTests : NonsmoothRulesTests<double>;

public abstract class NonsmoothRulesTests<T> where T : IFloatingPointIeee754<T>
{
    private static T V(double d) => T.CreateChecked(d);

    private static T[] Vs(params double[] d) => Array.ConvertAll(d, V);

    // Half and float convert to double exactly, so comparing double bits is a bitwise comparison (sign of zero included).
    private static long Bits(T value) => BitConverter.DoubleToInt64Bits(double.CreateChecked(value));

    private static void AssertBits(T expected, T actual) =>
        Assert.True(Bits(expected) == Bits(actual), $"expected {expected} but got {actual}");

    private static void AssertBits(T[] expected, T[] actual)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (int i = 0; i < expected.Length; i++)
        {
            Assert.True(Bits(expected[i]) == Bits(actual[i]), $"entry {i}: expected {expected[i]} but got {actual[i]} (all: {string.Join(", ", actual)})");
        }
    }

    private static readonly TieChoice[] AllChoices =
    [
        TieChoice.Native, TieChoice.Minimal, TieChoice.Hybrid(0), TieChoice.Hybrid(0.5), TieChoice.Hybrid(1),
        TieChoice.Hybrid(10), TieChoice.Hybrid(1000), default,
    ];

    private static readonly double[] AllSelections = [0.0, 0.25, 0.5, 1.0, -1.0, 2.0];

    private static readonly double[] AwayFromKinks = [-1000, -3, -1e-3, 1e-3, 0.5, 7, 60000];

    // ---------------------------------------------------------------- primal functions

    [Fact]
    public void ReluAndLeakyReluPrimal()
    {
        AssertBits(V(2.5), Nonsmooth.Relu(V(2.5)));
        AssertBits(V(0), Nonsmooth.Relu(V(-2.5)));
        AssertBits(V(0), Nonsmooth.Relu(T.NegativeZero));
        Assert.True(T.IsNaN(Nonsmooth.Relu(T.NaN)));
        AssertBits(V(2.5), Nonsmooth.LeakyRelu(V(2.5), V(0.25)));
        AssertBits(V(-0.5), Nonsmooth.LeakyRelu(V(-2), V(0.25)));
        AssertBits(V(0), Nonsmooth.LeakyRelu(V(0), V(0.25)));
        AssertBits(V(3), Nonsmooth.Abs(V(-3)));
    }

    [Fact]
    public void ArgMaxAndArgMinReturnTheFirstIndexAttainingIt()
    {
        T[] x = Vs(1, 4, 2, 4, -3, -3, 4);
        Assert.Equal(1, Nonsmooth.ArgMax<T>(x));
        Assert.Equal(4, Nonsmooth.ArgMin<T>(x));
        AssertBits(V(4), Nonsmooth.Max<T>(x));
        AssertBits(V(-3), Nonsmooth.Min<T>(x));
        Assert.Equal(0, Nonsmooth.ArgMax<T>(Vs(5)));
        // −0 and +0 tie: the first one stays.
        Assert.Equal(0, Nonsmooth.ArgMax<T>(new[] { T.NegativeZero, T.Zero }));
        AssertBits(T.NegativeZero, Nonsmooth.Max<T>(new[] { T.NegativeZero, T.Zero }));
        // Binary max/min return the first argument on a tie.
        AssertBits(T.NegativeZero, Nonsmooth.Max(T.NegativeZero, T.Zero));
        AssertBits(V(2), Nonsmooth.Max(V(2), V(1)));
        AssertBits(V(1), Nonsmooth.Min(V(2), V(1)));
        Assert.True(T.IsNaN(Nonsmooth.Max(V(1), T.NaN)));
    }

    [Fact]
    public void NaNIsTheMostExtremeValue()
    {
        T[] x = [V(1), T.NaN, V(9), T.NaN];
        Assert.Equal(1, Nonsmooth.ArgMax<T>(x));
        Assert.Equal(1, Nonsmooth.ArgMin<T>(x));
        Assert.True(T.IsNaN(Nonsmooth.Max<T>(x)));
        var dx = new T[4];
        NonsmoothRules.MaxPullback<T>(x, V(2), dx, TieChoice.Minimal, strict: true);
        AssertBits(Vs(0, 2, 0, 0), dx);
    }

    [Fact]
    public void EmptySpansThrowNamingTheParameter()
    {
        Assert.Equal("values", Assert.Throws<ArgumentException>(() => Nonsmooth.Max<T>(ReadOnlySpan<T>.Empty)).ParamName);
        Assert.Equal("values", Assert.Throws<ArgumentException>(() => Nonsmooth.Min<T>(ReadOnlySpan<T>.Empty)).ParamName);
        Assert.Equal("values", Assert.Throws<ArgumentException>(() => Nonsmooth.ArgMax<T>(ReadOnlySpan<T>.Empty)).ParamName);
        Assert.Equal("values", Assert.Throws<ArgumentException>(() => Nonsmooth.ArgMin<T>(ReadOnlySpan<T>.Empty)).ParamName);
        Assert.Equal("x", Assert.Throws<ArgumentException>(
            () => NonsmoothRules.MaxPullback(ReadOnlySpan<T>.Empty, T.One, Span<T>.Empty, TieChoice.Native, false)).ParamName);
        Assert.Equal("x", Assert.Throws<ArgumentException>(
            () => NonsmoothRules.MinPushforward(ReadOnlySpan<T>.Empty, ReadOnlySpan<T>.Empty, TieChoice.Native, false)).ParamName);
    }

    // ---------------------------------------------------------------- elementwise kinks

    [Fact]
    public void ReluDerivativeAwayFromZeroIsClassicalForEverySelection()
    {
        foreach (double x in AwayFromKinks)
        {
            T expected = x > 0 ? T.One : T.Zero;
            foreach (double s in AllSelections)
            {
                AssertBits(expected, NonsmoothRules.ReluDerivative(V(x), s, strict: false));
                AssertBits(expected, NonsmoothRules.ReluDerivative(V(x), s, strict: true));
            }
        }
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(0.25)]
    [InlineData(0.5)]
    [InlineData(1.0)]
    [InlineData(2.0)] // conservative, not Clarke
    public void ReluDerivativeAtZeroIsTheSelection(double s)
    {
        AssertBits(V(s), NonsmoothRules.ReluDerivative(T.Zero, s, strict: false));
        AssertBits(V(s), NonsmoothRules.ReluDerivative(T.NegativeZero, s, strict: false));
    }

    [Fact]
    public void KinksThrowUnderStrict()
    {
        var relu = Assert.Throws<NonsmoothPointException>(() => NonsmoothRules.ReluDerivative(T.Zero, 0.0, strict: true));
        Assert.Contains("Relu", relu.Message);
        Assert.Contains("x = 0", relu.Message);
        Assert.Contains("LeakyRelu", Assert.Throws<NonsmoothPointException>(
            () => NonsmoothRules.LeakyReluDerivative(T.NegativeZero, V(0.25), 0.0, strict: true)).Message);
        Assert.Contains("Abs", Assert.Throws<NonsmoothPointException>(
            () => NonsmoothRules.AbsDerivative(T.Zero, 0.0, strict: true)).Message);
        Assert.Throws<NonsmoothPointException>(() => NonsmoothRules.ReluDerivative(T.Zero, DerivativePolicy.StrictPolicy));
    }

    [Fact]
    public void NaNPropagatesThroughElementwiseRules()
    {
        Assert.True(T.IsNaN(NonsmoothRules.ReluDerivative(T.NaN, 0.0, strict: true)));
        Assert.True(T.IsNaN(NonsmoothRules.AbsDerivative(T.NaN, 0.0, strict: true)));
        Assert.True(T.IsNaN(NonsmoothRules.LeakyReluDerivative(T.NaN, V(0.25), 0.0, strict: true)));
    }

    [Fact]
    public void LeakyReluDerivative()
    {
        T slope = V(0.25);
        foreach (double x in AwayFromKinks)
        {
            foreach (double s in AllSelections)
            {
                AssertBits(x > 0 ? T.One : slope, NonsmoothRules.LeakyReluDerivative(V(x), slope, s, strict: false));
            }
        }
        // At 0, leaky = slope·x + (1 − slope)·relu(x), so the ReLU selection s gives slope + (1 − slope)·s.
        AssertBits(V(0.25), NonsmoothRules.LeakyReluDerivative(T.Zero, slope, 0.0, false));
        AssertBits(V(1), NonsmoothRules.LeakyReluDerivative(T.Zero, slope, 1.0, false));
        AssertBits(V(0.625), NonsmoothRules.LeakyReluDerivative(T.Zero, slope, 0.5, false));
        // The endpoints stay exact for a slope that is not a power of two.
        T odd = V(0.01);
        AssertBits(odd, NonsmoothRules.LeakyReluDerivative(T.Zero, odd, 0.0, false));
        AssertBits(T.One, NonsmoothRules.LeakyReluDerivative(T.NegativeZero, odd, 1.0, false));
        AssertBits(odd, NonsmoothRules.LeakyReluDerivative(T.Zero, odd, DerivativePolicy.PyTorch));
    }

    [Fact]
    public void AbsDerivative()
    {
        foreach (double x in AwayFromKinks)
        {
            foreach (double s in AllSelections)
            {
                AssertBits(x > 0 ? T.One : T.NegativeOne, NonsmoothRules.AbsDerivative(V(x), s, strict: true));
            }
        }
        AssertBits(V(0), NonsmoothRules.AbsDerivative(T.Zero, 0.0, false));
        AssertBits(V(-0.5), NonsmoothRules.AbsDerivative(T.NegativeZero, -0.5, false));
        AssertBits(V(1), NonsmoothRules.AbsDerivative(T.Zero, DerivativePolicy.Jax));
        AssertBits(V(0), NonsmoothRules.AbsDerivative(T.Zero, DerivativePolicy.PyTorch));
    }

    // ---------------------------------------------------------------- binary max / min

    [Fact]
    public void BinaryPartialsAwayFromTiesAreIdenticalForEveryChoice()
    {
        foreach (TieChoice c in AllChoices)
        {
            NonsmoothRules.MaxPartials(V(3), V(-1), c, strict: true, out T da, out T db);
            AssertBits(T.One, da);
            AssertBits(T.Zero, db);
            NonsmoothRules.MaxPartials(V(-1), V(3), c, strict: true, out da, out db);
            AssertBits(T.Zero, da);
            AssertBits(T.One, db);
            NonsmoothRules.MinPartials(V(3), V(-1), c, strict: true, out da, out db);
            AssertBits(T.Zero, da);
            AssertBits(T.One, db);
            NonsmoothRules.MinPartials(V(-1), V(3), c, strict: true, out da, out db);
            AssertBits(T.One, da);
            AssertBits(T.Zero, db);
        }
    }

    [Theory]
    [InlineData(TieRule.Native, 0.0, 1.0, 0.0)]
    [InlineData(TieRule.Minimal, 0.0, 0.5, 0.5)]
    [InlineData(TieRule.Hybrid, 0.0, 1.0, 0.0)]
    [InlineData(TieRule.Hybrid, 0.5, 0.75, 0.25)]
    [InlineData(TieRule.Hybrid, 1.0, 0.5, 0.5)]
    [InlineData(TieRule.Hybrid, 10.0, -4.0, 5.0)] // β > 1: conservative, outside the Clarke segment
    public void BinaryPartialsAtTiesAreTheChosenElement(TieRule rule, double beta, double first, double second)
    {
        var c = new TieChoice(rule, beta);
        foreach (var (a, b) in new[] { (V(2), V(2)), (T.Zero, T.NegativeZero), (V(-7), V(-7)) })
        {
            NonsmoothRules.MaxPartials(a, b, c, strict: false, out T da, out T db);
            AssertBits(V(first), da);
            AssertBits(V(second), db);
            Assert.Equal(1.0, double.CreateChecked(da) + double.CreateChecked(db));
            NonsmoothRules.MinPartials(a, b, c, strict: false, out da, out db);
            AssertBits(V(first), da);
            AssertBits(V(second), db);
        }
        Assert.Equal(beta is >= 0 and <= 1 || rule != TieRule.Hybrid, c.IsClarke);
    }

    [Fact]
    public void BinaryTiesThrowUnderStrictAndNaNWins()
    {
        var e = Assert.Throws<NonsmoothPointException>(() => NonsmoothRules.MaxPartials(V(2), V(2), TieChoice.Minimal, true, out T _, out T _));
        Assert.Contains("Max", e.Message);
        Assert.Throws<NonsmoothPointException>(() => NonsmoothRules.MinPartials(V(2), V(2), DerivativePolicy.StrictPolicy, out T _, out T _));
        NonsmoothRules.MaxPartials(V(1), T.NaN, TieChoice.Minimal, true, out T da, out T db);
        AssertBits(T.Zero, da);
        AssertBits(T.One, db);
        NonsmoothRules.MinPartials(T.NaN, V(1), TieChoice.Minimal, true, out da, out db);
        AssertBits(T.One, da);
        AssertBits(T.Zero, db);
    }

    // ---------------------------------------------------------------- reductions

    [Fact]
    public void ReductionsAwayFromTiesAreIdenticalForEveryChoice()
    {
        T[] x = Vs(1, -2, 5, 3, 4.5);
        T[] t = Vs(0.1, 0.2, 0.3, 0.4, 0.5);
        foreach (TieChoice c in AllChoices)
        {
            T[] dx = Vs(10, 20, 30, 40, 50);
            NonsmoothRules.MaxPullback<T>(x, V(3), dx, c, strict: true);
            AssertBits(new[] { V(10), V(20), V(30) + V(3), V(40), V(50) }, dx);
            AssertBits(V(0.3), NonsmoothRules.MaxPushforward<T>(x, t, c, strict: true));

            dx = Vs(10, 20, 30, 40, 50);
            NonsmoothRules.MinPullback<T>(x, V(-3), dx, c, strict: true);
            AssertBits(new[] { V(10), V(20) - V(3), V(30), V(40), V(50) }, dx);
            AssertBits(V(0.2), NonsmoothRules.MinPushforward<T>(x, t, c, strict: true));
        }
    }

    public static TheoryData<TieRule, double, double[]> TieShares => new()
    {
        // x = (1, 4, 2, 4, 4, 4): the active set of max is {1, 3, 4, 5}, n = 4, so every share is exact.
        { TieRule.Native, 0, [0, 1, 0, 0, 0, 0] },
        { TieRule.Minimal, 0, [0, 0.25, 0, 0.25, 0.25, 0.25] },
        { TieRule.Hybrid, 0, [0, 1, 0, 0, 0, 0] },
        { TieRule.Hybrid, 0.5, [0, 0.625, 0, 0.125, 0.125, 0.125] },
        { TieRule.Hybrid, 1, [0, 0.25, 0, 0.25, 0.25, 0.25] },
        { TieRule.Hybrid, 10, [0, -6.5, 0, 2.5, 2.5, 2.5] }, // (1−β) + β/4 and β/4: conservative
    };

    [Theory]
    [MemberData(nameof(TieShares))]
    public void ReductionPullbackAtTiesAddsTheChosenElement(TieRule rule, double beta, double[] shares)
    {
        var c = new TieChoice(rule, beta);
        T[] x = Vs(1, 4, 2, 4, 4, 4);
        T[] dx = new T[x.Length];
        NonsmoothRules.MaxPullback<T>(x, T.One, dx, c, strict: false);
        AssertBits(Vs(shares), dx);
        Assert.Equal(1.0, dx.Sum(v => double.CreateChecked(v)));

        // Adjoints accumulate: a second pullback with seed 2 on top of existing values.
        T[] acc = Vs(100, 100, 100, 100, 100, 100);
        NonsmoothRules.MaxPullback<T>(x, V(2), acc, c, strict: false);
        AssertBits(shares.Select(s => V(100) + V(2 * s)).ToArray(), acc);

        // Min mirrors max on −x.
        T[] negX = x.Select(v => -v).ToArray();
        T[] dmin = new T[x.Length];
        NonsmoothRules.MinPullback<T>(negX, T.One, dmin, c, strict: false);
        AssertBits(dx, dmin);
    }

    [Theory]
    [MemberData(nameof(TieShares))]
    public void ReductionPushforwardAtTiesIsTheChosenElement(TieRule rule, double beta, double[] shares)
    {
        var c = new TieChoice(rule, beta);
        T[] x = Vs(1, 4, 2, 4, 4, 4);
        T[] t = Vs(64, 2, 128, 4, 8, 16); // inactive tangents are large, so leaking one would show
        double expected = 0;
        for (int i = 0; i < x.Length; i++) expected += shares[i] * double.CreateChecked(t[i]);
        AssertBits(V(expected), NonsmoothRules.MaxPushforward<T>(x, t, c, strict: false));
        AssertBits(V(expected), NonsmoothRules.MinPushforward<T>(x.Select(v => -v).ToArray(), t, c, strict: false));
    }

    [Fact]
    public void SharesSumToOneForEveryActiveSetSize()
    {
        // Tolerance: each of n shares is rounded once to T, so the sum is within n ulps of 1 (ulp at 1 = epsilon).
        double epsilon = double.CreateChecked(T.BitIncrement(T.One) - T.One);
        foreach (TieChoice c in AllChoices)
        {
            for (int n = 1; n <= 7; n++)
            {
                T[] x = Enumerable.Repeat(V(3), n).Append(V(-1)).ToArray();
                T[] dx = new T[x.Length];
                NonsmoothRules.MaxPullback<T>(x, T.One, dx, c, strict: false);
                double magnitude = Math.Max(1.0, Math.Abs(c.Beta));
                Assert.InRange(dx.Sum(v => double.CreateChecked(v)), 1.0 - 2 * n * magnitude * epsilon, 1.0 + 2 * n * magnitude * epsilon);
                AssertBits(T.Zero, dx[n]); // the inactive entry gets nothing
                for (int p = 0; p < n; p++) Assert.Equal(c.Share(p, n), double.CreateChecked(dx[p]), 2 * magnitude * epsilon);
            }
        }
    }

    [Fact]
    public void MinimalShareIsTheSeedDividedByTheCountInT()
    {
        // n = 3: the share is seed / 3 rounded once in T (PyTorch's grad / count), not seed · T(1/3).
        T[] x = Vs(5, 5, 5);
        T seed = V(2.5); // 2.5 · T(1/3) differs from 2.5 / 3 by one ulp at Half, float and double
        T[] dx = new T[3];
        NonsmoothRules.MaxPullback<T>(x, seed, dx, TieChoice.Minimal, strict: false);
        T third = seed / V(3);
        AssertBits(new[] { third, third, third }, dx);
        // seed 3 splits into exact ones.
        dx = new T[3];
        NonsmoothRules.MaxPullback<T>(x, V(3), dx, TieChoice.Minimal, strict: false);
        AssertBits(Vs(1, 1, 1), dx);
    }

    [Fact]
    public void PushforwardIsTheTransposeOfPullback()
    {
        // ⟨pullback(1), t⟩ = pushforward(t) for every choice, on an input with a 3-way tie.
        T[] x = Vs(0.5, 2, -1, 2, 2, 1.5);
        T[] t = Vs(0.3, -1.25, 7, 0.5, 2, -4);
        foreach (TieChoice c in AllChoices)
        {
            T[] g = new T[x.Length];
            NonsmoothRules.MaxPullback<T>(x, T.One, g, c, strict: false);
            double dot = 0, magnitude = 0;
            for (int i = 0; i < x.Length; i++)
            {
                double term = double.CreateChecked(g[i]) * double.CreateChecked(t[i]);
                dot += term;
                magnitude += Math.Abs(term);
            }
            double push = double.CreateChecked(NonsmoothRules.MaxPushforward<T>(x, t, c, strict: false));
            // Both sides round each weight once and the pushforward rounds each product and sum in T.
            double epsilon = double.CreateChecked(T.BitIncrement(T.One) - T.One);
            Assert.Equal(dot, push, 8 * epsilon * magnitude);
        }
    }

    [Fact]
    public void ReductionTiesThrowUnderStrict()
    {
        T[] x = Vs(1, 4, 4);
        var e = Assert.Throws<NonsmoothPointException>(() => NonsmoothRules.MaxPullback<T>(x, T.One, new T[3], TieChoice.Minimal, strict: true));
        Assert.Contains("Max", e.Message);
        Assert.Contains("2 entries", e.Message);
        Assert.Contains("index 1", e.Message);
        Assert.Throws<NonsmoothPointException>(() => NonsmoothRules.MaxPushforward<T>(x, new T[3], DerivativePolicy.StrictPolicy));
        Assert.Throws<NonsmoothPointException>(() => NonsmoothRules.MinPullback<T>(Vs(0, 0), T.One, new T[2], TieChoice.Native, strict: true));
        Assert.Throws<NonsmoothPointException>(() => NonsmoothRules.MinPushforward<T>(Vs(0, 0), new T[2], TieChoice.Native, strict: true));
        // A strict rule that reaches no tie leaves dx exactly as the classical derivative.
        T[] dx = new T[3];
        NonsmoothRules.MinPullback<T>(x, T.One, dx, TieChoice.Native, strict: true);
        AssertBits(Vs(1, 0, 0), dx);
    }

    [Fact]
    public void ShortDerivativeSpansThrowNamingBothLengths()
    {
        T[] x = Vs(1, 2, 3, 4, 5);
        var e = Assert.Throws<ArgumentException>(() => NonsmoothRules.MaxPullback<T>(x, T.One, new T[3], TieChoice.Native, false));
        Assert.Equal("dx", e.ParamName);
        Assert.Contains("3", e.Message);
        Assert.Contains("5", e.Message);
        Assert.Throws<ArgumentException>(() => NonsmoothRules.MaxPushforward<T>(x, new T[4], TieChoice.Native, false));
        Assert.Throws<ArgumentException>(() => NonsmoothRules.MinPullback<T>(x, T.One, new T[0], TieChoice.Native, false));
        Assert.Throws<ArgumentException>(() => NonsmoothRules.MinPushforward<T>(x, new T[2], TieChoice.Native, false));

        // A longer (e.g. pooled) adjoint is accepted and its tail untouched.
        T[] longer = Vs(0, 0, 0, 0, 0, 9, 9);
        NonsmoothRules.MaxPullback<T>(x, T.One, longer, TieChoice.Minimal, false);
        AssertBits(Vs(0, 0, 0, 0, 1, 9, 9), longer);
    }

    [Fact]
    public void InfiniteSeedDoesNotTurnZeroSharesIntoNaN()
    {
        T[] x = Vs(2, 2);
        T[] dx = new T[2];
        NonsmoothRules.MaxPullback<T>(x, T.PositiveInfinity, dx, TieChoice.Hybrid(0), false);
        AssertBits(new[] { T.PositiveInfinity, T.Zero }, dx);
    }
}
