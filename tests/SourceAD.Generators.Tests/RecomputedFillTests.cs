using SourceAD.Generators.Tests.NaturalCorpus;
using SourceAD.Generators.Tests.Support;
using Xunit;
using Xunit.Abstractions;

namespace SourceAD.Generators.Tests;

/// <summary>
/// A local array that a loop rewrites whole on every iteration of an enclosing loop, from values that stay put, is
/// recomputed in each iteration's reverse instead of recorded when that costs less (Analyses/ToBeRecorded.Recompute.cs,
/// Analyses/RecomputeCost.cs; GradBench gmm's <c>xcentered</c>), and an element a reverse loop reads at an index it does not
/// change, of an array it does not write, is read once before the loop (Transforms/PullbackEmitter.Promotion.cs). Each
/// program is checked like a corpus program (value oracle bit for bit, finite differences, the dot-product test, a
/// closed form where given); the generated text shows which choice was taken, and where it must not be.
/// </summary>
public class RecomputedFillTests(ITestOutputHelper output)
{
    private const string Usings = "using System;\nusing SourceAD;\nnamespace Refill;\n";

    private void Works(string entry, string args, string body, string? closedForm = null)
    {
        var program = new CorpusProgram("Refill" + entry.Replace(".", ""), Usings + body, "Refill." + entry, args, null, closedForm, null, null, true);
        CorpusOutcome o = CorpusRunner.Check(program);
        output.WriteLine($"{o.Verdict}: {o.Detail}");
        Assert.True(o.Verdict == Verdict.Works, $"{entry}: {o.Verdict}: {o.Detail}");
        if (closedForm is not null) Assert.Contains("closed form", o.Detail);
    }

    private string Generated(string body, string method)
    {
        string g = GeneratorHarness.Run(Usings + body).Result.Results.Single().GeneratedSources.Single(s => s.HintName.Contains("." + method + "(")).SourceText.ToString();
        output.WriteLine(g);
        return g;
    }

    private const string Programs = """
        public static partial class P
        {
            /// <summary>gmm's shape: per (point, component) xc = x − mu, then a triangular product and a squared norm.</summary>
            [Differentiable]
            public static double Centered(double[] mu, double[] l, [NoDerivative] double[] x, int n, int k, int d)
            {
                double[] xc = new double[d];
                double[] y = new double[d];
                double s = 0;
                for (int ix = 0; ix < n; ix++)
                {
                    for (int ik = 0; ik < k; ik++)
                    {
                        for (int i = 0; i < d; i++) xc[i] = x[ix * d + i] - mu[ik * d + i];
                        for (int i = 0; i < d; i++) y[i] = xc[i];
                        int idx = 0;
                        for (int i = 0; i < d; i++)
                        {
                            for (int j = i + 1; j < d; j++)
                            {
                                y[j] = y[j] + l[ik * (d * (d - 1) / 2) + idx] * xc[i];
                                idx++;
                            }
                        }
                        for (int i = 0; i < d; i++) s = s + Math.Sin(y[i]) * xc[i];
                    }
                }
                return s;
            }

            /// <summary>The fill is exp(·): recording an entry costs less than an exponential, so it stays recorded.</summary>
            [Differentiable]
            public static double Exponential(double[] a, int n)
            {
                int d = a.Length;
                double[] e = new double[d];
                double s = 0;
                for (int t = 0; t < n; t++)
                {
                    for (int i = 0; i < d; i++) e[i] = Math.Exp(a[i] * (t + 1));
                    for (int i = 0; i < d; i++) s = s + e[i] * e[i];
                }
                return s;
            }

            /// <summary>The body reads the array before the fill (last iteration's entries): recomputing would give this iteration's.</summary>
            [Differentiable]
            public static double ReadBefore(double[] a, int n)
            {
                int d = a.Length;
                double[] v = new double[d];
                double s = 0;
                for (int t = 0; t < n; t++)
                {
                    for (int i = 0; i < d; i++) s = s + v[i] * v[i] * a[i];
                    for (int i = 0; i < d; i++) v[i] = a[i] - t;
                }
                return s;
            }

            public static double[] ReadBeforeExpected(double[] a, int n)
            {
                // s = Σ_{t=1}^{n−1} Σ_i (a_i − (t − 1))²·a_i
                var g = new double[a.Length];
                for (int t = 1; t < n; t++)
                    for (int i = 0; i < a.Length; i++)
                    {
                        double v = a[i] - (t - 1);
                        g[i] += 2 * v * a[i] + v * v;
                    }
                return g;
            }

            /// <summary>The fill reads an array the loop writes: its value in the reverse sweep is not the forward one, so it is recorded.</summary>
            [Differentiable]
            public static double Moving(double[] a, int n)
            {
                int d = a.Length;
                double[] w = new double[d];
                for (int i = 0; i < d; i++) w[i] = a[i];
                double[] v = new double[d];
                double s = 0;
                for (int t = 0; t < n; t++)
                {
                    for (int i = 0; i < d; i++) v[i] = w[i] * 0.5;
                    for (int i = 0; i < d; i++) w[i] = w[i] + v[i] * v[i];
                    for (int i = 0; i < d; i++) s = s + v[i] * v[i];
                }
                return s;
            }
        }
        """;

    [Fact]
    public void CheapFillOfInputsIsRecomputedNotRecorded()
    {
        const string args = "new double[] { 0.5, -1.2, 0.8, 0.3, 1.1, -0.4, 0.9, 0.2 }, new double[] { 0.3, -0.7, 1.1, 0.2, -0.4, 0.9, 0.6, -0.5, 0.25, 1.3, -0.2, 0.45 }, new double[] { 1.0, 0.2, -0.3, 0.7, -1.1, 0.4, 0.6, 0.15, 0.35, -0.8, 1.2, -0.05 }, 3, 2, 4";
        Works("P.Centered", args, Programs);
        string g = Generated(Programs, "Centered");
        Assert.Matches(@"// recompute xc\[…\] for this iteration: \d+ operations an entry, against \d+ to record it \(16 bytes through the tape\)", g);
        Assert.DoesNotContain("record xc[…]", g);
        // The triangular product's reverse reads xc[i] once per row: the loop over j writes neither xc nor i.
        Assert.Matches(@"// xc\[i(_\d+)?\] is read once: the loop changes neither the array nor the index", g);
    }

    [Fact]
    public void ExpensiveFillIsRecorded()
    {
        Works("P.Exponential", "new double[] { 0.5, -1.2, 0.8 }, 3", Programs);
        string g = Generated(Programs, "Exponential");
        Assert.DoesNotContain("// recompute", g);
        Assert.Contains("record e[…]", g);
    }

    [Fact]
    public void FillReadBeforeItRunsIsRecorded()
    {
        Works("P.ReadBefore", "new double[] { 0.5, -1.2, 0.8 }, 4", Programs, "ReadBeforeExpected");
        Assert.DoesNotContain("// recompute", Generated(Programs, "ReadBefore"));
    }

    [Fact]
    public void FillOfAnArrayTheLoopWritesIsRecorded()
    {
        Works("P.Moving", "new double[] { 0.5, -1.2, 0.8 }, 3", Programs);
        Assert.DoesNotContain("// recompute", Generated(Programs, "Moving"));
    }
}
