using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Testing;
using SourceAD.Analyzers;
using SourceAD.Generators.Tests.NaturalCorpus;
using SourceAD.Generators.Tests.Support;
using Xunit;
using Xunit.Abstractions;

namespace SourceAD.Generators.Tests;

/// <summary>
/// Helpers returning tuples (GradBench gap G18, particle's <c>step_fwd_euler</c>): each way of taking the result
/// (deconstruction into existing variables, <c>var (p, q) = …</c>, a tuple local read by name or ItemN, an element of
/// the call itself), in loops and branches, from [Differentiable] helpers (SRCAD0070) and plain ones, with early
/// returns, nested tuple helpers, local functions and array arguments. Each program is checked like a corpus program
/// (value oracle bit for bit, finite differences, Pullback's linearity in its seed, the dot-product test, and a closed
/// form where one is given); what stays unsupported is refused with SRCAD0001 at the call.
/// </summary>
public class TupleReturnTests(ITestOutputHelper output)
{
    private const string Usings = "using System;\nusing SourceAD;\nnamespace Tuples;\n";

    private CorpusOutcome Check(string entry, string args, string body, string? closedForm = null)
    {
        var program = new CorpusProgram("TupleReturn" + entry.Replace(".", ""), Usings + body, "Tuples." + entry, args, null, closedForm, null, null, true);
        CorpusOutcome o = CorpusRunner.Check(program);
        output.WriteLine($"{o.Verdict}: {o.Detail}");
        return o;
    }

    private void Works(string entry, string args, string body, string? closedForm = null)
    {
        CorpusOutcome o = Check(entry, args, body, closedForm);
        Assert.True(o.Verdict == Verdict.Works, $"{entry}: {o.Verdict}: {o.Detail}");
        if (closedForm is not null) Assert.Contains("closed form", o.Detail);
    }

    private void Refused(string entry, string args, string body, string expected)
    {
        CorpusOutcome o = Check(entry, args, body);
        Assert.True(o.Verdict == Verdict.Refused, $"{entry}: {o.Verdict}: {o.Detail}");
        Assert.Contains(expected, o.Detail);
    }

    [Fact]
    public void DeconstructedIntoTheLoopVariables() => Works("Orbit.Final", "0.7, -0.3, 0.1, 25", """
        public static partial class Orbit
        {
            [Differentiable]
            static (double x, double v) Step(double x, double v, double dt) => (x + dt * v, v - dt * x);

            [Differentiable]
            public static double Final(double x, double v, double dt, int n)
            {
                for (int i = 0; i < n; i++) (x, v) = Step(x, v, dt);
                return x * x + 0.5 * v;
            }

            // The step is linear: [x; v] ← A [x; v], A = [[1, dt], [-dt, 1]], so d(final)/d(x0, v0) = (2xₙ, 0.5) Aⁿ; the dt
            // column follows d(xₖ, vₖ)/d dt along the iteration.
            public static double[] ExpectedGradient(double x, double v, double dt, int n)
            {
                double a = 1, b = 0, c = 0, d = 1; // Aⁿ
                double xn = x, vn = v, dxn = 0, dvn = 0; // and d(xn, vn)/d dt
                for (int i = 0; i < n; i++)
                {
                    (a, b, c, d) = (a + dt * c, b + dt * d, c - dt * a, d - dt * b);
                    (dxn, dvn) = (dxn + vn + dt * dvn, dvn - xn - dt * dxn);
                    (xn, vn) = (xn + dt * vn, vn - dt * xn);
                }
                return new[] { 2 * xn * a + 0.5 * c, 2 * xn * b + 0.5 * d, 2 * xn * dxn + 0.5 * dvn };
            }
        }
        """, "ExpectedGradient");

    [Fact]
    public void DeclaredAndDiscardedFromAPlainHelperWithEarlyReturns() => Works("Range.Spread", "new double[] { 0.4, -1.3, 2.2, 0.9, -0.1 }", """
        public static partial class Range
        {
            // A plain (unmarked) helper returning two values from three places.
            private static (double lo, double hi) Order(double a, double b)
            {
                if (a < b) return (a, b);
                if (a > b) return (b, a);
                return (a, a);
            }

            [Differentiable]
            public static double Spread(double[] x)
            {
                double total = 0;
                for (int i = 1; i < x.Length; i++)
                {
                    var (lo, hi) = Order(x[i - 1], x[i]);
                    var (_, top) = Order(hi, 2 * lo);
                    total += hi - lo + 0.25 * top;
                }
                return total;
            }
        }
        """);

    [Fact]
    public void TupleLocalReadByNameAndByItem() => Works("Polar.Area", "new double[] { 1.5, 0.7, 2.0 }, new double[] { 0.1, 1.2, 2.9 }", """
        public static partial class Polar
        {
            [Differentiable]
            static (double X, double Y) ToCartesian(double r, double theta) => (r * Math.Cos(theta), r * Math.Sin(theta));

            /// <summary>Shoelace area of the polygon whose corners are given in polar coordinates.</summary>
            [Differentiable]
            public static double Area(double[] r, double[] theta)
            {
                double area = 0;
                int n = r.Length;
                for (int i = 0; i < n; i++)
                {
                    var p = ToCartesian(r[i], theta[i]);
                    var q = ToCartesian(r[(i + 1) % n], theta[(i + 1) % n]);
                    area += p.X * q.Item2 - q.Item1 * p.Y;
                }
                return 0.5 * area;
            }

            // Area = ½ Σ rᵢ rⱼ sin(θⱼ − θᵢ), j = i + 1.
            public static double[] ExpectedGradient(double[] r, double[] theta)
            {
                int n = r.Length;
                var g = new double[2 * n];
                for (int i = 0; i < n; i++)
                {
                    int j = (i + 1) % n;
                    double s = Math.Sin(theta[j] - theta[i]), c = Math.Cos(theta[j] - theta[i]);
                    g[i] += 0.5 * r[j] * s;
                    g[j] += 0.5 * r[i] * s;
                    g[n + i] -= 0.5 * r[i] * r[j] * c;
                    g[n + j] += 0.5 * r[i] * r[j] * c;
                }
                return g;
            }
        }
        """, "ExpectedGradient");

    [Fact]
    public void ElementOfTheCallInABranch() => Works("Branchy.F", "new double[] { 0.3, -0.8, 1.7, -2.1 }", """
        public static partial class Branchy
        {
            [Differentiable]
            static (double Sum, double Product) Both(double a, double b) => (a + b, a * b);

            [Differentiable]
            public static double F(double[] x)
            {
                double s = 1;
                for (int i = 0; i + 1 < x.Length; i++)
                {
                    if (x[i] > 0) s += Both(x[i], x[i + 1]).Product;
                    else s *= Both(x[i], s).Sum;
                }
                return s;
            }
        }
        """);

    [Fact]
    public void EarlyReturnInsideTheHelpersLoop() => Works("Search.F", "new double[] { 0.2, 0.9, 1.4, 3.1 }, 1.1", """
        public static partial class Search
        {
            /// <summary>The bracketing interval of t and the weight of its right end (linear interpolation).</summary>
            private static (int index, double weight) Locate(double[] knots, double t)
            {
                for (int i = 0; i + 1 < knots.Length; i++)
                {
                    if (t < knots[i + 1]) return (i, (t - knots[i]) / (knots[i + 1] - knots[i]));
                }
                return (knots.Length - 2, 1.0);
            }

            [Differentiable]
            public static double F(double[] knots, double t)
            {
                (int k, double w) = Locate(knots, t);
                double y = 0;
                (k, w) = Locate(knots, t * w + knots[k]);
                y += k * w + Math.Sin(w);
                return y;
            }
        }
        """);

    [Fact]
    public void NestedTupleHelpersAndALocalFunction() => Works("Nest.F", "1.3, -0.4", """
        public static partial class Nest
        {
            [Differentiable]
            static (double a, double b) Inner(double x, double y) => (x * y, x - y);

            static (double, double) Outer(double x, double y)
            {
                var (p, q) = Inner(x, y);
                (p, q) = Inner(q, p);
                return (Math.Exp(p), q * q);
            }

            [Differentiable]
            public static double F(double x, double y)
            {
                (double u, double v) Swap(double a, double b) { return (b, a); }
                var (s, t) = Outer(x, y);
                (s, t) = Swap(s, t);
                return s + 3 * t;
            }
        }
        """);

    [Fact]
    public void SliceArguments() => Works("Moments.Variance", "new double[] { 0.5, 1.25, -0.75, 2, 0.125, -1 }", """
        public static partial class Moments
        {
            private static (double sum, double sumSq) Sums(ReadOnlySpan<double> x)
            {
                double s = 0, q = 0;
                for (int i = 0; i < x.Length; i++) { s += x[i]; q += x[i] * x[i]; }
                return (s, q);
            }

            [Differentiable]
            public static double Variance(double[] x)
            {
                var (s1, q1) = Sums(x.AsSpan(0, 3));
                var (s2, q2) = Sums(x.AsSpan(3));
                double n = x.Length, mean = (s1 + s2) / n;
                return (q1 + q2) / n - mean * mean;
            }
        }
        """);

    [Fact]
    public void ElementsInLoopConditionsAndConditionalOperands() => Works("Conds.F", "0.9, 0.35", """
        public static partial class Conds
        {
            static (double Next, double Size) Halve(double x, double step) => (x - step * x, Math.Abs(step * x));

            [Differentiable]
            public static double F(double x, double step)
            {
                int n = 0;
                while (Halve(x, step).Size > 0.05 && n < 50)
                {
                    x = Halve(x, step).Next;
                    n++;
                }
                double y = x > 0.1 ? Halve(x, 0.5).Next : Halve(x, step).Size;
                if (y < 1 || Halve(y, step).Size > 2) y += Halve(y, step).Size;
                return y * x;
            }
        }
        """);

    [Fact]
    public void RecursiveTupleHelperIsRefusedAtTheCall() => Refused("Rec.F", "1.5, 4", """
        public static partial class Rec
        {
            static (double, double) Fib(double x, int n) => n == 0 ? (1.0, x) : Step(Fib(x, n - 1));
            static (double, double) Step((double a, double b) p) => (p.b, p.a + p.b);

            [Differentiable]
            public static double F(double x, int n)
            {
                var (a, b) = Fib(x, n);
                return a * b;
            }
        }
        """, "SRCAD0001");

    [Fact]
    public void DirectlyRecursiveTupleHelperNamesTheRewrite() => Refused("Rec2.F", "1.5, 4", """
        public static partial class Rec2
        {
            static (double a, double b) Fib(double x, int n)
            {
                if (n == 0) return (1.0, x);
                var (p, q) = Fib(x, n - 1);
                return (q, p + q);
            }

            [Differentiable]
            public static double F(double x, int n)
            {
                var (a, b) = Fib(x, n);
                return a * b;
            }
        }
        """, "The recursive method 'Fib' returning a tuple");

    [Fact]
    public void TupleWithAnArrayElementIsRefusedAtTheCall() => Refused("Arr.F", "1.5", """
        public static partial class Arr
        {
            static (double[] v, double s) Make(double x) => (new[] { x, 2 * x }, x);

            [Differentiable]
            public static double F(double x)
            {
                var (v, s) = Make(x);
                return v[0] * s;
            }
        }
        """, "which returns '(double[] v, double s)'");

    [Fact]
    public Task DifferentiableTupleMethodGetsInformationAndItsCallerNothing() => new Verify.Analyzer<DifferentiableAnalyzer>("""
        using SourceAD;
        public static partial class C
        {
            [Differentiable]
            static (double x, double v) {|#0:Step|}(double x, double v, double dt) => (x + dt * v, v - dt * x);
            [Differentiable]
            static double F(double x, double v) { (x, v) = Step(x, v, 0.1); return x * v; }
        }
        """, new DiagnosticResult("SRCAD0070", DiagnosticSeverity.Info).WithLocation(0).WithArguments("Step")).RunAsync();

    [Fact]
    public void CallerCompilesWithoutGeneratedMembersForTheTupleMethod()
    {
        var (_, diagnostics, result) = GeneratorHarness.Run("""
            using SourceAD;
            public static partial class C
            {
                [Differentiable]
                static (double x, double v) Step(double x, double v, double dt) => (x + dt * v, v - dt * x);
                [Differentiable]
                public static double F(double x, double v) { (x, v) = Step(x, v, 0.1); return x * v; }
            }
            """);
        Assert.DoesNotContain(diagnostics, d => d.Severity == DiagnosticSeverity.Error);
        Assert.Equal(new[] { "F" }, result.Results.Single().GeneratedSources.Select(s => s.HintName.Split('(')[0].Split('.').Last()));
    }
}
