using SourceAD.Generators.Cost;
using Xunit;

namespace SourceAD.Generators.Tests.Cost;

/// <summary>Thesis Tables 2.1–2.3 from the primitive table's cost data (one cost model) and from analyzed methods.</summary>
public class CostTableTests
{
    private static readonly double[] NonlinearCosts = { 1, 1.5, 2, 10, 100 };
    private static readonly double[] SignTestCosts = { 0, 0.25, 0.5, 1, 3 };

    // Table 2.1: ω = (cost(gd) + 2·cost(×)·|pr|)/cost(g) under unit costs (Assumption 1).
    [Theory]
    [InlineData("Add", 2, 5)]
    [InlineData("Mul", 2, 5)]
    [InlineData("Sub", 2, 5)]
    [InlineData("Add", 1, 3)] // +c
    [InlineData("Mul", 1, 3)] // ×c
    [InlineData("Log", 1, 4)]
    [InlineData("Exp", 1, 3)]
    [InlineData("Div", 1, 5)] // inv: c / a
    [InlineData("Relu", 1, 3)]
    public void Table21_UnitCosts(string op, int predecessors, double omega) =>
        Assert.Equal(omega, CostModel.Unit.BackwardOmega(op, predecessors));

    // Table 2.1 through the analyzer: a method made of the one operation reports that ω_b.
    [Theory]
    [InlineData("a * b", 5)]
    [InlineData("a + b", 5)]
    [InlineData("a + 2.0", 3)]
    [InlineData("3.0 * a", 3)]
    [InlineData("Math.Log(a)", 4)]
    [InlineData("Math.Exp(a)", 3)]
    [InlineData("1.0 / a", 5)]
    [InlineData("Nonsmooth.Relu(a)", 3)]
    public void Table21_ThroughTheAnalysis(string body, double omega)
    {
        var f = CostHarness.Analyze(CostHarness.Class($"[Differentiable] public static double F(double a, double b) => {body};"), "F");
        Assert.Equal(omega, f.OmegaB);
    }

    // Table 2.2, symbolically: cost(g), cost(gd), ω as functions of c_nonlin and c_ReLU, spot-checked.
    [Fact]
    public void Table22_Symbolic()
    {
        foreach (double cnl in NonlinearCosts)
        {
            foreach (double cr in SignTestCosts)
            {
                var m = new CostModel(cnl, cr);
                Assert.Equal(5, m.BackwardOmega("Add", 2));
                Assert.Equal(5, m.BackwardOmega("Mul", 2));
                Assert.Equal(3, m.BackwardOmega("Add", 1));
                Assert.Equal(3, m.BackwardOmega("Mul", 1));
                // log: cost(g) = c_nl, cost(gd) = 2·c_nl, |pr| = 1.
                Assert.Equal(cnl, m.Primal("Log"));
                Assert.Equal(2 * cnl, m.Derived("Log"));
                Assert.Equal((2 * cnl + 2) / cnl, m.BackwardOmega("Log", 1), 12);
                Assert.True(m.BackwardOmega("Log", 1) <= 4);
                // exp: cost(gd) = c_nl.
                Assert.Equal(cnl, m.Derived("Exp"));
                Assert.Equal((cnl + 2) / cnl, m.BackwardOmega("Exp", 1), 12);
                Assert.True(m.BackwardOmega("Exp", 1) <= 3);
                // inv: cost(gd) = c_nl + 2.
                Assert.Equal(cnl + 2, m.Derived("Div"));
                Assert.Equal((cnl + 4) / cnl, m.BackwardOmega("Div", 1), 12);
                Assert.True(m.BackwardOmega("Div", 1) <= 5);
                // ×ReLU, the fused pair of Table 2.2: cost(g) = cost(gd) = 1 + c_ReLU, |pr| = 2.
                double g = m.Primal("Mul") + m.Primal("Relu"), gd = m.Derived("Mul") + m.Derived("Relu");
                Assert.Equal(1 + cr, g, 12);
                Assert.Equal(1 + cr, gd, 12);
                Assert.True((gd + 2 * 2) / g <= 5 + 1e-12);
            }
        }
    }

    // Table 2.2 at unit constants is Table 2.1.
    [Fact]
    public void Table22_AtUnitConstantsIsTable21() => Assert.Same(CostModel.Unit, CostModel.Resolve(null, _ => null));

    // Table 2.3, abs: cost(g) = cost(gd) = 1 + c_ReLU, |pr| = 1, ω = (3 + c_R)/(1 + c_R) ≤ 3.
    [Fact]
    public void Table23_Abs()
    {
        foreach (double cr in SignTestCosts)
        {
            var m = new CostModel(1, cr);
            Assert.Equal(1 + cr, m.Primal("Abs"), 12);
            Assert.Equal(1 + cr, m.Derived("Abs"), 12);
            Assert.Equal((3 + cr) / (1 + cr), m.BackwardOmega("Abs", 1), 12);
            Assert.True(m.BackwardOmega("Abs", 1) <= 3);
            Assert.True(m.BackwardOmega("LeakyRelu", 1) <= 3); // same case 8 of §2.7.3
        }
    }

    private const string Norms = """
        [Differentiable]
        public static double L1(double[] x)
        {
            double s = Math.Abs(x[0]);
            for (int i = 1; i < x.Length; i++) s += Math.Abs(x[i]);
            return s;
        }
        [Differentiable]
        public static double LInf(double[] x)
        {
            double m = Math.Abs(x[0]);
            for (int i = 1; i < x.Length; i++) m = Math.Max(m, Math.Abs(x[i]));
            return m;
        }
        """;

    // Table 2.3, ‖·‖₁ and ‖·‖∞ written with SourceAD primitives: cost(P) is counted, and as selection functions
    // cost(gd) = cost(g) with |pr| = n (§2.7.3 case 12), so ω = (cost(P) + 2n)/cost(P).
    [Fact]
    public void Table23_Norms()
    {
        foreach (double cr in SignTestCosts)
        {
            var m = new CostModel(1, cr);
            var l1 = CostHarness.Analyze(CostHarness.Class(Norms), "L1", m);
            var linf = CostHarness.Analyze(CostHarness.Class(Norms), "LInf", m);
            foreach (double n in new double[] { 2, 5, 100, 10000 })
            {
                double g1 = l1.Primal.Evaluate(_ => n), gInf = linf.Primal.Evaluate(_ => n);
                // The thesis's counts: ‖·‖₁ = n(2 + c_R) − 1, ‖·‖∞ = n + 2n·c_R − 1 (one sign test fewer: the first |x₀| needs no max).
                Assert.Equal(n * (2 + cr) - 1, g1, 9);
                Assert.Equal(n + 2 * n * cr - cr, gInf, 9);
                // The thesis's "≤ 2" drops the −1: exactly, ω = 1 + 2n/(n(2 + c_R) − 1), ≤ 2 once n·c_R ≥ 1, → 2 as n grows.
                double omega1 = (g1 + 2 * n) / g1;
                Assert.Equal(1 + 2 * n / (n * (2 + cr) - 1), omega1, 9);
                Assert.True(omega1 <= 2 + 1 / (2 * n - 1) + 1e-9, $"‖·‖₁ at c_R={cr}, n={n}");
                if (n * cr >= 1) Assert.True(omega1 <= 2 + 1e-9, $"‖·‖₁ at c_R={cr}, n={n}");
                Assert.True((gInf + 2 * n) / gInf <= 3 + 1e-9, $"‖·‖∞ at c_R={cr}, n={n}");
            }
        }
    }
}
