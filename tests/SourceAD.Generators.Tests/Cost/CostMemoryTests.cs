using SourceAD.Generators.Cost;
using Xunit;

namespace SourceAD.Generators.Tests.Cost;

/// <summary>
/// The cost model that counts memory: tape bytes next to operation counts (SRCAD1001), the tape-outgrows-the-primal
/// warning (SRCAD1010), and SRCAD1002 quiet on simple code whose pullback Theorem 3 says is cheap.
/// </summary>
public class CostMemoryTests
{
    private static CostFigures Analyze(string body, string method = "F") => CostHarness.Analyze(CostHarness.Class(body), method);

    [Theory]
    // A returned primitive's derivative reads the returned value (0.5/√x, 1 − tanh²): nothing is evaluated twice.
    [InlineData("public static double F(double x) => Math.Sqrt(x);")]
    [InlineData("public static double F(double x) => Math.Tanh(x);")]
    [InlineData("public static double F(double x) => Math.Exp(x) * x;")]
    [InlineData("public static double F(double x) => 2 * Math.Log(x * x + 1);")]
    // A clamp's partials select 0 or 1: no products of selectors.
    [InlineData("public static double F(double x) => Math.Clamp(x, -1.0, 1.0);")]
    [InlineData("public static double F(double x, double lo, double hi) => Math.Clamp(x, lo, hi);")]
    [InlineData("public static double F(double x, double y) => Math.Clamp(x * y, 0.0, 1.0) + Math.Max(x, y);")]
    // x = f(x) in a loop, and a running maximum: the adjoint's reset and the one update into it are one assignment.
    [InlineData("public static double F(double x, int n) { for (int i = 0; i < n; i++) x = Math.Sin(x); return x; }")]
    [InlineData("public static double F(int n, ReadOnlySpan<double> x) { double m = x[0]; for (int i = 1; i < n; i++) m = Math.Max(m, x[i]); return m; }")]
    // A leaky ReLU with a differentiable slope: the tie value at the kink is one selection, not extra arithmetic.
    [InlineData("public static double F(double x, double slope) => Nonsmooth.LeakyRelu(x, slope);")]
    // A guarded call: the first update of a local's adjoint is an assignment (it starts at zero).
    [InlineData("public static double F(double x, double y) => y != 0 ? Ratio(x, y) : x * 3; [Differentiable] public static double Ratio(double a, double b) => Math.Log(Math.Abs(a / b) + 1);")]
    public void SRCAD1002_QuietOnSimpleCode(string method)
    {
        var f = Analyze("[Differentiable] " + method);
        Assert.False(f.ExceedsBound, f.Message() + " / " + f.Responsible);
    }

    [Fact]
    public void SRCAD1001_ReportsTapeBytesAsAFormula()
    {
        var f = Analyze("""
            [Differentiable]
            public static double F(double[] x)
            {
                double p = 1;
                for (int i = 0; i < x.Length; i++) p = p * Math.Sin(x[i]);
                return p;
            }
            """);
        // One recorded p (8 bytes) and one kept sin (8 bytes) per iteration.
        Assert.Equal(16, f.TapeBytes.Evaluate(_ => 1));
        Assert.Equal(160, f.TapeBytes.Evaluate(_ => 10));
        Assert.Contains(" bytes (primal working set ", f.Message());
        Assert.False(f.TapeOutgrowsWorkingSet, f.Message());
    }

    [Fact]
    public void SRCAD1001_CountsASnapshotByTheArraysLength()
    {
        var f = Analyze("""
            [Differentiable]
            public static void Square(ReadOnlySpan<double> a, Span<double> y)
            {
                for (int i = 0; i < a.Length; i++) y[i] = a[i] * a[i];
            }

            [Differentiable]
            public static double F(double[] x, int steps)
            {
                var a = new double[x.Length];
                var b = new double[x.Length];
                for (int i = 0; i < x.Length; i++) a[i] = x[i];
                double s = 0;
                for (int t = 0; t < steps; t++)
                {
                    Square(a, b);
                    for (int i = 0; i < x.Length; i++) s += Math.Sin(b[i]);
                }
                return s;
            }
            """);
        // Each step snapshots b (|x| doubles) before the call overwrites it: steps·|x|·8 bytes, not 8 per step.
        Assert.Equal(8 * 10 * 10, f.TapeBytes.Evaluate(_ => 10));
        Assert.True(f.TapeOutgrowsWorkingSet, f.Message());
        // Square, called in a loop, is inlined (issue 13): its writes record b's entries instead of a snapshot per call.
        Assert.Matches(@"snapshot b|record b\[…\]", f.TapeResponsible);
        Assert.Contains("in the loops over t", f.TapeResponsible);
    }

    [Fact]
    public void SRCAD1010_NamesTheStatementThatRecords()
    {
        var f = Analyze("""
            [Differentiable]
            public static double F(double[] x, int steps)
            {
                var a = new double[x.Length];
                for (int i = 0; i < x.Length; i++) a[i] = x[i];
                for (int t = 0; t < steps; t++)
                {
                    for (int i = 0; i < x.Length; i++) a[i] = Math.Sin(a[i]) * a[i];
                }
                double s = 0;
                for (int i = 0; i < x.Length; i++) s += a[i];
                return s;
            }
            """);
        Assert.True(f.TapeOutgrowsWorkingSet, f.Message());
        Assert.StartsWith("'record a[…]", f.TapeResponsible);
        Assert.Contains("in the loops over t, i", f.TapeResponsible);
    }

    [Fact]
    public void IncrementsAfterARewriteRecordNothing()
    {
        // GradBench's Qtimesx inline: the rewrite records the previous round's row (d doubles per round) and the index's
        // restart (one int per round); the in-place increments record nothing (they would be d²/2 per round) and the
        // index they move is recomputed.
        var f = Analyze("""
            [Differentiable]
            public static double F(double[] qdiag, double[] ltri, double[] x, int d, int rounds)
            {
                var qx = new double[d];
                double s = 0;
                for (int r = 0; r < rounds; r++)
                {
                    for (int id = 0; id < d; id++) qx[id] = qdiag[id] * x[id];
                    int idx = 0;
                    for (int i = 0; i < d; i++)
                    {
                        for (int j = i + 1; j < d; j++)
                        {
                            qx[j] += ltri[idx] * x[i];
                            idx++;
                        }
                    }
                    for (int j = 0; j < d; j++) s += qx[j] * qx[j];
                }
                return s;
            }
            """);
        Assert.Equal(10 * (8.0 * 10 + 4), f.TapeBytes.Evaluate(_ => 10));
        Assert.StartsWith("'record qx[…]", f.TapeResponsible);
        Assert.Contains("in the loops over r, id", f.TapeResponsible);
    }

    // Double buffering (Euler steps into a scratch array, then a swap): each step's p = q binds record the arrays the
    // names held, a reference each (8 bytes), which the tape figure left out when they were written but not planned.
    [Fact]
    public void SRCAD1001_CountsTheArrayReferencesASwapRecords()
    {
        var f = Analyze("""
            [Differentiable]
            public static double F(double[] x0, double k, int steps)
            {
                var u = new double[x0.Length];
                var next = new double[x0.Length];
                for (int i = 0; i < x0.Length; i++) u[i] = x0[i];
                for (int t = 0; t < steps; t++)
                {
                    for (int i = 0; i < u.Length; i++) next[i] = u[i] - k * u[i] * u[i];
                    var tmp = u;
                    u = next;
                    next = tmp;
                }
                return u[0];
            }
            """);
        // Per step: next's old entries (8·|u|) and three binds (tmp = u, u = next, next = tmp), each recording the
        // array and its adjoint array (2 × 8 bytes): 8·steps·|u| + 48·steps. Without the references it was 8·steps·|u|.
        Assert.Equal(8 * 10 * 10 + 48 * 10, f.TapeBytes.Evaluate(_ => 10));
        Assert.Contains("6·steps values", f.Message());
    }
}
