using SourceAD.Generators.Cost;
using Xunit;

namespace SourceAD.Generators.Tests.Cost;

/// <summary>cost(P), the pullback and the tape as formulas in loop trip counts.</summary>
public class CostFormulaTests
{
    private static CostFigures Analyze(string body, string method = "F") => CostHarness.Analyze(CostHarness.Class(body), method);

    [Fact]
    public void Polynomial_PrintsHighestDegreeFirst()
    {
        var n = Polynomial.Symbol("n");
        var d = Polynomial.Symbol("d");
        Assert.Equal("7·d·n + 3·n + 12", (n * d * 7 + n * 3 + Polynomial.Constant(12)).ToString());
        Assert.Equal("2·|x| − 1", (Polynomial.Symbol("|x|") * 2 - Polynomial.Constant(1)).ToString());
        Assert.Equal("0", (n - n).ToString());
        Assert.Equal(3 * 4 * 7 + 12, (n * d * 7 + Polynomial.Constant(12)).Evaluate(s => s == "n" ? 3 : 4));
    }

    [Fact]
    public void NestedLoopsMultiplyTripCounts()
    {
        var f = Analyze("""
            [Differentiable]
            public static double F(double[] a, int n, int d)
            {
                double s = 0;
                for (int i = 0; i < n; i++)
                    for (int j = 0; j < d; j++)
                        s += a[i * d + j] * a[i * d + j];
                return s;
            }
            """);
        Assert.Equal("2·d·n", f.Primal.ToString());
        Assert.Empty(f.UnknownTrips);
    }

    [Fact]
    public void InclusiveAndOffsetBounds()
    {
        var f = Analyze("""
            [Differentiable]
            public static double F(double[] x, int n)
            {
                double s = 0;
                for (int i = 1; i <= n; i++) s += x[i];
                for (int i = 2; i < x.Length; i++) s += x[i] * x[i - 1];
                return s;
            }
            """);
        // n additions, then 2 per iteration over |x| − 2 iterations.
        Assert.Equal("n + 2·|x| − 4", f.Primal.ToString());
    }

    [Fact]
    public void WhileLoopGetsAPerIterationSymbol()
    {
        var f = Analyze("""
            [Differentiable]
            public static double F(double x)
            {
                double y = x;
                while (y > 1) y = Math.Sqrt(y) - 0.1;
                return y;
            }
            """);
        Assert.Equal("2·t1", f.Primal.ToString());
        Assert.Single(f.UnknownTrips);
        Assert.Contains("t1 = iterations of a while loop", f.Message());
        // The loop overwrites y, which sqrt's derivative reads: the previous value goes on the tape each iteration.
        Assert.Contains("t1", f.Tape.ToString());
    }

    [Fact]
    public void StraightLineCodeNeedsNoTape()
    {
        var f = Analyze("[Differentiable] public static double F(double a, double b) { double c = a * b; double d = Math.Sin(c) + a; return d * c; }");
        Assert.Equal("4", f.Primal.ToString());
        Assert.True(f.Tape.IsZero);
        Assert.True(f.Ratio <= f.OmegaB);
    }

    [Fact]
    public void ForwardOmegaGrowsWithTheInputs()
    {
        var f = Analyze("[Differentiable] public static double F(double[] x) { double s = 0; for (int i = 0; i < x.Length; i++) s += x[i] * x[i]; return s; }");
        // Theorem 3 (ii) for × with |pr| = 2: (cost(gd) + 2p·cost(×) + p·cost(+))/cost(g) = 3p + 1.
        Assert.Equal("3·|x| + 1", f.ForwardOmega.ToString());
        Assert.Equal(5, f.OmegaB);
        Assert.Contains("forward mode over p = |x| inputs: ω_f = 3·|x| + 1 → use the pullback", f.Message());
    }

    [Fact]
    public void PassiveOperationsHaveNoPredecessors()
    {
        // n * 2.0 involves no active value: it cannot raise ω_b above the active product's 3 (×c).
        var f = Analyze("[Differentiable] public static double F(double x, int n) => x * (n * 2.0);");
        Assert.Equal(3, f.OmegaB);
    }

    [Fact]
    public void ConstantCostsOfTable22ScaleTheFormulas()
    {
        var body = "[Differentiable] public static double F(double[] x) { double s = 0; for (int i = 0; i < x.Length; i++) s += Math.Exp(x[i]); return Math.Log(s); }";
        var unit = CostHarness.Analyze(CostHarness.Class(body), "F");
        var refined = CostHarness.Analyze(CostHarness.Class(body), "F", new CostModel(10, 0.5));
        Assert.Equal("2·|x| + 1", unit.Primal.ToString());
        Assert.Equal("11·|x| + 10", refined.Primal.ToString());
        // exp and log get cheaper relative to their derivatives as c_nonlin grows; + with |pr| = 2 stays 5.
        Assert.Equal(5, refined.OmegaB);
    }
}
