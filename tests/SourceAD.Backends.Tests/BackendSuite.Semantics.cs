using SourceAD.Tensors;

namespace SourceAD.Backends.Tests;

// NaN and Strict (issue 12, defect 8): every backend's ReLU, leaky ReLU, |x| and Maximum rules give, element by element,
// exactly what NonsmoothRules gives, which is what NonsmoothSemantics defines (generated scalar code is checked against the
// same rules in tests/SourceAD.Tests/Nonsmooth/SemanticsAgreementTests.cs). The expected values are computed here from
// NonsmoothRules, not from the CPU backend, so the CPU backend is held to them too.
public abstract partial class BackendSuite
{
    private static readonly double[] KinkInputs = [double.NaN, -2, 3, double.NaN, 1.5, -0.5, 0, -0.0];
    private static readonly double[] MaxFirst = [double.NaN, 1, double.NaN, 3, -1, 2, 0, 5];
    private static readonly double[] MaxSecond = [1, double.NaN, double.NaN, -1, 4, 2, -0.0, 5];

    public static IEnumerable<object[]> SemanticsData() =>
        from strict in new[] { false, true }
        from dtype in new[] { DType.Float32, DType.Float64 }
        select new object[] { strict, dtype };

    /// <summary>The kinks' backward rules at NaN (and, unless Strict, at ±0) equal NonsmoothRules' derivatives times the adjoint.</summary>
    [Theory]
    [MemberData(nameof(SemanticsData))]
    public void KinkRulesAtNaNFollowTheSemantics(bool strict, DType dtype)
    {
        // Strict throws at ±0, so its inputs stop before the kinks; NaN is no kink and never throws.
        double[] x = strict ? KinkInputs[..6] : KinkInputs;
        DerivativePolicy policy = strict ? DerivativePolicy.StrictPolicy : DerivativePolicy.Jax with { ReluAtZero = 0.5 };
        double[] g = x.Select((_, i) => i + 1.0).ToArray();
        const double slope = 0.25;
        foreach (string op in new[] { "Relu", "LeakyRelu", "Abs" })
        {
            double[] expected = x.Select((v, i) => dtype == DType.Float32
                ? (double)(Rule(op, (float)v, (float)slope, policy) * (float)g[i])
                : Rule(op, v, slope, policy) * g[i]).ToArray();
            using Tensor xd = ToDevice(Host(x, dtype)), gd = ToDevice(Host(g, dtype));
            using Tensor dx = OnDevice(() => op switch
            {
                "Relu" => Ops.ReluBackward(xd, gd, policy),
                "LeakyRelu" => Ops.LeakyReluBackward(xd, gd, slope, policy),
                _ => Ops.AbsBackward(xd, gd, policy),
            });
            using Tensor reference = Host(expected, dtype);
            AssertExact(reference, dx, $"{op} backward at NaN, strict={strict}, {dtype}");
        }
    }

    /// <summary>Maximum's backward rule at NaN (the NaN argument wins) and, unless Strict, at ties equals NonsmoothRules.MaxPartials.</summary>
    [Theory]
    [MemberData(nameof(SemanticsData))]
    public void MaximumAtNaNFollowsTheSemantics(bool strict, DType dtype)
    {
        int n = strict ? 5 : MaxFirst.Length; // the first five pairs hold no tie
        double[] a = MaxFirst[..n], b = MaxSecond[..n];
        DerivativePolicy policy = strict ? DerivativePolicy.StrictPolicy : DerivativePolicy.PyTorch with { Binary = TieChoice.Hybrid(0.25) };
        var expectedA = new double[n];
        var expectedB = new double[n];
        for (int i = 0; i < n; i++)
        {
            if (dtype == DType.Float32)
            {
                NonsmoothRules.MaxPartials((float)a[i], (float)b[i], policy, out float da, out float db);
                (expectedA[i], expectedB[i]) = (da * (i + 1f), db * (i + 1f));
            }
            else
            {
                NonsmoothRules.MaxPartials(a[i], b[i], policy, out double da, out double db);
                (expectedA[i], expectedB[i]) = (da * (i + 1.0), db * (i + 1.0));
            }
        }
        using Tensor ad = ToDevice(Host(a, dtype)), bd = ToDevice(Host(b, dtype)), gd = ToDevice(Host(a.Select((_, i) => i + 1.0).ToArray(), dtype));
        (Tensor da2, Tensor db2) = OnDevice(() => Ops.MaximumBackward(ad, bd, gd, policy));
        using Tensor ra = Host(expectedA, dtype), rb = Host(expectedB, dtype);
        using (da2)
        using (db2)
        {
            AssertExact(ra, da2, $"Maximum ∂/∂a at NaN, strict={strict}, {dtype}");
            AssertExact(rb, db2, $"Maximum ∂/∂b at NaN, strict={strict}, {dtype}");
        }
    }

    private static T Rule<T>(string op, T x, T slope, DerivativePolicy policy) where T : System.Numerics.IFloatingPointIeee754<T> => op switch
    {
        "Relu" => NonsmoothRules.ReluDerivative(x, policy),
        "LeakyRelu" => NonsmoothRules.LeakyReluDerivative(x, slope, policy),
        _ => NonsmoothRules.AbsDerivative(x, policy),
    };

    private static Tensor Host(double[] values, DType dtype) =>
        dtype == DType.Float32 ? Tensor.FromArray(values.Select(v => (float)v).ToArray(), values.Length) : Tensor.FromArray(values, values.Length);
}
