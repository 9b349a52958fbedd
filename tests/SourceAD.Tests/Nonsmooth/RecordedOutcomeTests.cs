using Xunit;
using P = SourceAD.Tests.NonsmoothTests.OutcomePrograms;

namespace SourceAD.Tests.NonsmoothTests;

/// <summary>
/// Issue 13: a running choice that overwrites what it compares (<c>a = Math.Max(a, x[i])</c>): its reverse reads the old
/// value only to pick a branch (recorded outcomes, which keep just that choice, were tried on branch h/rev13 and not
/// merged because they measured slower; these tests hold for either recording). The gradients must be those of the chain rule through <see cref="NonsmoothRules"/>,
/// bit for bit, on every sequence of NaN, signed zeros, infinities and repeated values (ties between the running value
/// and the next entry, under each preset and custom tie rules), throw under Strict exactly where the rules throw, and
/// keep the value oracle, finite differences and the dot-product test.
/// </summary>
public class RecordedOutcomeTests
{
    private static readonly double[] Points = [double.NaN, -1.5, 0.0, -0.0, 2.0, double.PositiveInfinity, double.NegativeInfinity];

    private static readonly DerivativePolicy Hybrid = DerivativePolicy.PyTorch with { Binary = TieChoice.Hybrid(P.Beta) };
    private static readonly DerivativePolicy Native = DerivativePolicy.PyTorch with { Binary = TieChoice.Native };
    private static readonly DerivativePolicy Kinks = DerivativePolicy.PyTorch with { ReluAtZero = P.ReluAt, AbsAtZero = P.AbsAt };

    /// <summary>Every sequence of four points: 7⁴ of them, each tie and NaN case at each position.</summary>
    private static IEnumerable<double[]> Sequences() =>
        from a in Points from b in Points from c in Points from d in Points select new[] { a, b, c, d };

    public static IEnumerable<object[]> Programs() => new[]
    {
        new object[] { "RunningMaxPyTorch" }, ["RunningMaxJax"], ["RunningMaxStrict"], ["RunningMaxHybrid"],
        ["RunningMinNative"], ["RunningMinStrict"], ["ScaledMaxHybrid"], ["AbsChain"], ["ReluChain"], ["MaxAfterProduct"],
    };

    [Theory]
    [MemberData(nameof(Programs))]
    public void GradientsAreTheRulesChainedAtEveryTieAndNaN(string name)
    {
        var (primal, gradient, reference) = Program(name);
        foreach (double[] x in Sequences())
        {
            double[]? expected = Catch(() => reference(x));
            (double Value, double[] DX)? actual = CatchTuple(() => gradient(x));
            Assert.True((expected is null) == (actual is null), $"{name}({string.Join(", ", x)}): the rules {(expected is null ? "throw" : "do not throw")}, the pullback {(actual is null ? "throws" : "does not")}");
            if (expected is null) continue;
            AssertBits(primal(x), actual!.Value.Value, $"{name} value at ({string.Join(", ", x)})");
            for (int i = 0; i < x.Length; i++) AssertBits(expected[i], actual.Value.DX[i], $"{name} d/dx[{i}] at ({string.Join(", ", x)})");
        }
    }

    [Theory]
    [MemberData(nameof(Programs))]
    public void FiniteDifferencesAndTheDotProductTestAwayFromKinks(string name)
    {
        var (primal, gradient, _) = Program(name);
        var pushforward = Pushforward(name);
        var r = new Random(name.Length);
        for (int trial = 0; trial < 5; trial++)
        {
            double[] x = Enumerable.Range(0, 9).Select(_ => 4 * r.NextDouble() - 2).ToArray();
            double[] v = Enumerable.Range(0, 9).Select(_ => r.NextDouble() - 0.5).ToArray();
            var (value, dx) = gradient(x);
            Assert.Equal(BitConverter.DoubleToInt64Bits(primal(x)), BitConverter.DoubleToInt64Bits(value));
            var (forwardValue, tangent) = pushforward(x, v);
            Assert.Equal(BitConverter.DoubleToInt64Bits(value), BitConverter.DoubleToInt64Bits(forwardValue));
            double reverse = dx.Zip(v, (a, b) => a * b).Sum();
            Assert.True(Math.Abs(reverse - tangent) <= 1e-12 * Math.Max(1, Math.Abs(tangent)), $"{name}: <J v, 1> = {tangent}, <v, Jᵀ 1> = {reverse}");
            const double h = 1e-6;
            double fd = (primal(x.Zip(v, (a, b) => a + h * b).ToArray()) - primal(x.Zip(v, (a, b) => a - h * b).ToArray())) / (2 * h);
            Assert.True(Math.Abs(fd - tangent) <= 1e-6 * Math.Max(1, Math.Abs(fd)), $"{name}: finite differences {fd}, pushforward {tangent}");
        }
    }

    private static (Func<double[], double> Primal, Func<double[], (double Value, double[] DX)> Gradient, Func<double[], double[]> Reference) Program(string name) => name switch
    {
        "RunningMaxPyTorch" => (P.RunningMaxPyTorch, x => P.RunningMaxPyTorchGradient(x), x => Choices(x, DerivativePolicy.PyTorch, max: true)),
        "RunningMaxJax" => (P.RunningMaxJax, x => P.RunningMaxJaxGradient(x), x => Choices(x, DerivativePolicy.Jax, max: true)),
        "RunningMaxStrict" => (P.RunningMaxStrict, x => P.RunningMaxStrictGradient(x), x => Choices(x, DerivativePolicy.StrictPolicy, max: true)),
        "RunningMaxHybrid" => (P.RunningMaxHybrid, x => P.RunningMaxHybridGradient(x), x => Choices(x, Hybrid, max: true)),
        "RunningMinNative" => (P.RunningMinNative, x => P.RunningMinNativeGradient(x), x => Choices(x, Native, max: false)),
        "RunningMinStrict" => (P.RunningMinStrict, x => P.RunningMinStrictGradient(x), x => Choices(x, DerivativePolicy.StrictPolicy, max: false)),
        "ScaledMaxHybrid" => (P.ScaledMaxHybrid, x => P.ScaledMaxHybridGradient(x), ScaledMax),
        "AbsChain" => (P.AbsChain, x => P.AbsChainGradient(x), x => Kinked(x, a => NonsmoothRules.AbsDerivative(a, Kinks), (a, xi) => Math.Abs(a) - xi, -1)),
        "ReluChain" => (P.ReluChain, x => P.ReluChainGradient(x), x => Kinked(x, a => NonsmoothRules.ReluDerivative(a, Kinks), (a, xi) => Nonsmooth.Relu(a) + xi, 1)),
        "MaxAfterProduct" => (P.MaxAfterProduct, x => P.MaxAfterProductGradient(x), MaxAfterProduct),
        _ => throw new ArgumentException(name),
    };

    private static Func<double[], double[], (double Value, double Tangent)> Pushforward(string name) => name switch
    {
        "RunningMaxPyTorch" => (x, v) => P.RunningMaxPyTorchPushforward(x, v),
        "RunningMaxJax" => (x, v) => P.RunningMaxJaxPushforward(x, v),
        "RunningMaxStrict" => (x, v) => P.RunningMaxStrictPushforward(x, v),
        "RunningMaxHybrid" => (x, v) => P.RunningMaxHybridPushforward(x, v),
        "RunningMinNative" => (x, v) => P.RunningMinNativePushforward(x, v),
        "RunningMinStrict" => (x, v) => P.RunningMinStrictPushforward(x, v),
        "ScaledMaxHybrid" => (x, v) => P.ScaledMaxHybridPushforward(x, v),
        "AbsChain" => (x, v) => P.AbsChainPushforward(x, v),
        "ReluChain" => (x, v) => P.ReluChainPushforward(x, v),
        "MaxAfterProduct" => (x, v) => P.MaxAfterProductPushforward(x, v),
        _ => throw new ArgumentException(name),
    };

    /// <summary>a = max(a, x[i]) (or min) over i, reversed: each step's partials from the rules, last step first.</summary>
    private static double[] Choices(double[] x, DerivativePolicy policy, bool max)
    {
        var partials = new (double Da, double Db)[x.Length];
        double a = x[0];
        for (int i = 1; i < x.Length; i++)
        {
            double da, db;
            if (max) NonsmoothRules.MaxPartials(a, x[i], policy, out da, out db);
            else NonsmoothRules.MinPartials(a, x[i], policy, out da, out db);
            partials[i] = (da, db);
            a = max ? Math.Max(a, x[i]) : Math.Min(a, x[i]);
        }
        var dx = new double[x.Length];
        double seed = 1;
        for (int i = x.Length - 1; i >= 1; i--)
        {
            dx[i] += seed * partials[i].Db;
            seed *= partials[i].Da;
        }
        dx[0] += seed;
        return dx;
    }

    /// <summary>a = 0.5·max(a, x[i]) + x[i] under the hybrid tie rule.</summary>
    private static double[] ScaledMax(double[] x)
    {
        var partials = new (double Da, double Db)[x.Length];
        double a = x[0];
        for (int i = 1; i < x.Length; i++)
        {
            NonsmoothRules.MaxPartials(a, x[i], Hybrid, out double da, out double db);
            partials[i] = (0.5 * da, 0.5 * db + 1);
            a = 0.5 * Math.Max(a, x[i]) + x[i];
        }
        var dx = new double[x.Length];
        double seed = 1;
        for (int i = x.Length - 1; i >= 1; i--)
        {
            dx[i] += seed * partials[i].Db;
            seed *= partials[i].Da;
        }
        dx[0] += seed;
        return dx;
    }

    /// <summary>a = f(a, x[i]) with ∂f/∂a the kink rule at a and ∂f/∂x[i] the constant <paramref name="dxi"/>.</summary>
    private static double[] Kinked(double[] x, Func<double, double> derivative, Func<double, double, double> step, double dxi)
    {
        var da = new double[x.Length];
        double a = x[0];
        for (int i = 1; i < x.Length; i++)
        {
            da[i] = derivative(a);
            a = step(a, x[i]);
        }
        var dx = new double[x.Length];
        double seed = 1;
        for (int i = x.Length - 1; i >= 1; i--)
        {
            dx[i] += seed * dxi;
            seed *= da[i];
        }
        dx[0] += seed;
        return dx;
    }

    /// <summary>s += a·x[i]; a = max(a, x[i]); result s + a.</summary>
    private static double[] MaxAfterProduct(double[] x)
    {
        var olds = new double[x.Length];
        var partials = new (double Da, double Db)[x.Length];
        double a = x[0];
        for (int i = 1; i < x.Length; i++)
        {
            olds[i] = a;
            NonsmoothRules.MaxPartials(a, x[i], DerivativePolicy.PyTorch, out double da, out double db);
            partials[i] = (da, db);
            a = Math.Max(a, x[i]);
        }
        var dx = new double[x.Length];
        double dA = 1, dS = 1;
        for (int i = x.Length - 1; i >= 1; i--)
        {
            double seed = dA;
            dA = seed * partials[i].Da;
            dx[i] += seed * partials[i].Db;
            dA += dS * x[i];
            dx[i] += dS * olds[i];
        }
        dx[0] += dA;
        return dx;
    }

    private static double[]? Catch(Func<double[]> f)
    {
        try { return f(); }
        catch (NonsmoothPointException) { return null; }
    }

    private static (double, double[])? CatchTuple(Func<(double, double[])> f)
    {
        try { return f(); }
        catch (NonsmoothPointException) { return null; }
    }

    // NaN equals NaN; otherwise the same value (±0 are not told apart: a 0 partial times a seed gives either sign).
    private static void AssertBits(double expected, double actual, string what) =>
        Assert.True(double.IsNaN(expected) ? double.IsNaN(actual) : expected == actual, $"{what}: expected {expected}, got {actual}");
}
