using SourceAD.Generators.Tests.NaturalCorpus;
using SourceAD.Generators.Tests.Support;
using Xunit;
using Xunit.Abstractions;

namespace SourceAD.Generators.Tests;

/// <summary>
/// A local array's adjoint element that a reverse loop updates at an index the loop does not change is held in a local
/// over the loop (Transforms/PullbackEmitter.Promotion.cs; GradBench gmm's Qtimesx), and an in-place increment's adjoint
/// read by several terms is read once. Each program is checked like a corpus program (value oracle bit for bit, finite
/// differences, the dot-product test, a closed form where given); the generated text shows where the promotion was
/// taken and where it must not be.
/// </summary>
public class AdjointPromotionTests(ITestOutputHelper output)
{
    private const string Usings = "using System;\nusing SourceAD;\nnamespace Promo;\n";
    private const string Comment = "is accumulated in a local over this loop";

    private void Works(string entry, string args, string body, string? closedForm = null)
    {
        var program = new CorpusProgram("Promo" + entry.Replace(".", ""), Usings + body, "Promo." + entry, args, null, closedForm, null, null, true);
        CorpusOutcome o = CorpusRunner.Check(program);
        output.WriteLine($"{o.Verdict}: {o.Detail}");
        Assert.True(o.Verdict == Verdict.Works, $"{entry}: {o.Verdict}: {o.Detail}");
        if (closedForm is not null) Assert.Contains("closed form", o.Detail);
    }

    private static string Generated(string body, string method) =>
        GeneratorHarness.Run(Usings + body).Result.Results.Single().GeneratedSources.Single(s => s.HintName.Contains("." + method + "(")).SourceText.ToString();

    private const string Programs = """
        public static partial class P
        {
            /// <summary>GradBench's Qtimesx written inline on local arrays: y[j] += l[idx]·x[i] over j &gt; i.</summary>
            [Differentiable]
            public static double Triangular(double[] a, double[] l, int d)
            {
                double[] x = new double[d];
                for (int i = 0; i < d; i++) x[i] = Math.Sin(a[i]);
                double[] y = new double[d];
                for (int i = 0; i < d; i++) y[i] = a[i] * x[i];
                int idx = 0;
                for (int i = 0; i < d; i++)
                {
                    for (int j = i + 1; j < d; j++)
                    {
                        y[j] = y[j] + l[idx] * x[i];
                        idx++;
                    }
                }
                double s = 0;
                for (int j = 0; j < d; j++) s += y[j] * y[j] * x[j];
                return s;
            }

            /// <summary>s = Σ_i Σ_{j&lt;i} sin(a[i−1])·w[j]: at i = 0 the inner loop runs no iteration and x[i − 1] is out of range.</summary>
            [Differentiable]
            public static double Lagged(double[] a, double[] w)
            {
                int n = a.Length;
                double[] x = new double[n];
                for (int i = 0; i < n; i++) x[i] = Math.Sin(a[i]);
                double s = 0;
                for (int i = 0; i < n; i++)
                {
                    for (int j = 0; j < i; j++)
                    {
                        s = s + x[i - 1] * w[j];
                    }
                }
                return s;
            }

            public static double[] LaggedExpected(double[] a, double[] w)
            {
                int n = a.Length;
                var g = new double[2 * n];
                for (int i = 1; i < n; i++)
                    for (int j = 0; j < i; j++)
                    {
                        g[i - 1] += Math.Cos(a[i - 1]) * w[j];
                        g[n + j] += Math.Sin(a[i - 1]);
                    }
                return g;
            }

            /// <summary>The same array read at the invariant index and at the loop's: its adjoint must stay in the array.</summary>
            [Differentiable]
            public static double Pairs(double[] a)
            {
                int n = a.Length;
                double[] x = new double[n];
                for (int i = 0; i < n; i++) x[i] = Math.Exp(0.3 * a[i]);
                double s = 0;
                for (int i = 0; i < n; i++)
                {
                    for (int j = 0; j < n; j++)
                    {
                        s = s + x[i] * x[j] * (i + 1);
                    }
                }
                return s;
            }

            /// <summary>The array written in the loop at the invariant index: not promoted (its reverse resets and restores it).</summary>
            [Differentiable]
            public static double Damped(double[] a, double[] w)
            {
                int n = a.Length;
                double[] x = new double[n];
                for (int i = 0; i < n; i++) x[i] = a[i];
                double s = 0;
                for (int i = 0; i < n; i++)
                {
                    for (int j = 0; j < w.Length; j++)
                    {
                        x[i] = x[i] * Math.Cos(w[j]) + w[j];
                        s = s + x[i] * x[i];
                    }
                }
                return s;
            }
        }
        """;

    [Fact]
    public void TriangularIncrementsKeepTheInvariantAdjointInALocal()
    {
        Works("P.Triangular", "new double[] { 0.5, -1.2, 0.8, 2.1, -0.3 }, new double[] { 0.3, -0.7, 1.1, 0.2, -0.4, 0.9, 0.6, -0.5, 0.25, 1.3 }, 5", Programs);
        string g = Generated(Programs, "Triangular");
        Assert.Matches(@"the adjoint of x\[i(_\d+)?\] " + Comment, g);
        // The increment's adjoint dy[j] is read once for both terms.
        Assert.Matches(@"var seed_\d+ = dy\[j\];", g);
    }

    [Fact]
    public void LoopWithoutIterationsNeverReadsTheOutOfRangeElement()
    {
        Works("P.Lagged", "new double[] { 0.5, -1.2, 0.8, 2.1 }, new double[] { 0.3, -0.7, 1.1, 0.2 }", Programs, "LaggedExpected");
        string g = Generated(Programs, "Lagged");
        Assert.Matches(@"the adjoint of x\[i(_\d+)? - 1\] " + Comment, g);
        Assert.Matches(@"if \(jTrips_\d+ > 0\)", g);
    }

    [Fact]
    public void ArrayReadAtTwoIndicesIsNotPromoted()
    {
        Works("P.Pairs", "new double[] { 0.5, -1.2, 0.8 }", Programs);
        Assert.DoesNotContain(Comment, Generated(Programs, "Pairs"));
    }

    [Fact]
    public void ArrayWrittenInTheLoopIsNotPromoted()
    {
        Works("P.Damped", "new double[] { 0.5, -1.2, 0.8 }, new double[] { 0.3, -0.7 }", Programs);
        Assert.DoesNotContain(Comment, Generated(Programs, "Damped"));
    }
}
