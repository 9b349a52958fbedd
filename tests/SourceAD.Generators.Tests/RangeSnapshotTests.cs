using SourceAD.Generators.Tests.NaturalCorpus;
using SourceAD.Generators.Tests.Support;
using Xunit;
using Xunit.Abstractions;

namespace SourceAD.Generators.Tests;

/// <summary>
/// A loop that overwrites a range of an array entry by entry, where a reverse reads what it overwrote, records the range
/// in one block before it runs and puts it back after its reverse (Analyses/ToBeRecorded.RangeSnapshots.cs,
/// <c>Tape.PushRange</c>/<c>PopRange</c>; GradBench ode's stage buffer and state update), unless the loop's own reverse
/// reads the array. Each program is checked like a corpus program (value oracle bit for bit, including the outputs a
/// vector method leaves after its pullback; finite differences; the dot-product test; a closed form where given), and the
/// generated text shows which recording was chosen.
/// </summary>
public class RangeSnapshotTests(ITestOutputHelper output)
{
    private const string Usings = "using System;\nusing SourceAD;\nnamespace Ranges;\n";

    private void Works(string entry, string args, string? closedForm = null)
    {
        var program = new CorpusProgram("Ranges" + entry.Replace(".", ""), Usings + Programs, "Ranges." + entry, args, null, closedForm, null, null, true);
        CorpusOutcome o = CorpusRunner.Check(program);
        output.WriteLine($"{o.Verdict}: {o.Detail}");
        Assert.True(o.Verdict == Verdict.Works, $"{entry}: {o.Verdict}: {o.Detail}");
        if (closedForm is not null) Assert.Contains("closed form", o.Detail);
    }

    private string Generated(string method)
    {
        string g = GeneratorHarness.Run(Usings + Programs).Result.Results.Single().GeneratedSources.Single(s => s.HintName.Contains("." + method + "(")).SourceText.ToString();
        output.WriteLine(g);
        return g;
    }

    private const string Programs = """
        public static partial class P
        {
            /// <summary>ode's shape: a stage buffer rewritten from the state, read by the next stage, and the state updated in place.</summary>
            [Differentiable]
            public static void Stages(ReadOnlySpan<double> x, int steps, Span<double> y)
            {
                int n = y.Length;
                double[] k = new double[n], tmp = new double[n];
                for (int i = 0; i < n; i++) y[i] = 0.5 * x[i];
                for (int t = 0; t < steps; t++)
                {
                    for (int i = 1; i < n; i++) k[i] = x[i] * y[i - 1];
                    for (int i = 0; i < n; i++) tmp[i] = y[i] + 0.25 * k[i];
                    for (int i = 1; i < n; i++) k[i] = Math.Sin(tmp[i - 1]) * x[i];
                    for (int i = 0; i < n; i++) y[i] += 0.5 * k[i];
                }
            }

            /// <summary>A range that starts past 0 and stops short of the end: only those entries are recorded and put back.</summary>
            [Differentiable]
            public static double Interior(double[] a, int steps)
            {
                int n = a.Length;
                double[] v = new double[n];
                for (int i = 0; i < n; i++) v[i] = a[i];
                double s = 0;
                for (int t = 0; t < steps; t++)
                {
                    for (int i = 0; i < n; i++) s += v[i] * v[i] * a[i];
                    for (int i = 1; i < n - 1; i++) v[i] = 0.5 * (a[i - 1] + a[i + 1]) + t;
                }
                return s;
            }

            /// <summary>The loop's own reverse reads the entry it overwrites (v = v·v): restored entry by entry, before each reverse.</summary>
            [Differentiable]
            public static double Squares(double[] a, int steps)
            {
                int n = a.Length;
                double[] v = new double[n];
                for (int i = 0; i < n; i++) v[i] = a[i];
                for (int t = 0; t < steps; t++)
                {
                    for (int i = 0; i < n; i++) v[i] = v[i] * v[i] * 0.5 + a[i];
                }
                double s = 0;
                for (int i = 0; i < n; i++) s += v[i];
                return s;
            }

            /// <summary>The loop reads a neighbour it has already overwritten (a prefix scan): its reverse reads the array, so entry by entry.</summary>
            [Differentiable]
            public static double Scan(double[] a, int steps)
            {
                int n = a.Length;
                double[] v = new double[n];
                for (int i = 0; i < n; i++) v[i] = a[i];
                for (int t = 0; t < steps; t++)
                {
                    for (int i = 1; i < n; i++) v[i] = v[i - 1] * v[i] + a[i];
                }
                double s = 0;
                for (int i = 0; i < n; i++) s += v[i] * v[i];
                return s;
            }

            /// <summary>Interior's closed form: s = Σ_i a_i³ + Σ_{t≥1} Σ_{0&lt;i&lt;n−1} (½(a_{i−1} + a_{i+1}) + t − 1)²·a_i + Σ_{t≥1} (a_0³ + a_{n−1}³).</summary>
            public static double[] InteriorExpected(double[] a, int steps)
            {
                int n = a.Length;
                var g = new double[n];
                for (int t = 0; t < steps; t++)
                {
                    for (int i = 0; i < n; i++)
                    {
                        if (t == 0 || i == 0 || i == n - 1)
                        {
                            g[i] += 3 * a[i] * a[i];
                            continue;
                        }
                        double v = 0.5 * (a[i - 1] + a[i + 1]) + t - 1;
                        g[i] += v * v;
                        g[i - 1] += v * a[i];
                        g[i + 1] += v * a[i];
                    }
                }
                return g;
            }
        }
        """;

    [Fact]
    public void StageBufferAndInPlaceStateAreRecordedInBlocks()
    {
        Works("P.Stages", "new double[] { 0.7, -0.4, 1.1, 0.3, -0.9 }, 3, new double[5]");
        string g = Generated("Stages");
        Assert.Matches(@"\.PushRange\(new global::System\.Span<double>\(tmp, 0, ", g);
        Assert.Matches(@"\.PopRange\(new global::System\.Span<double>\(tmp, 0, ", g);
        Assert.Matches(@"\.PushRange\(y\.Slice\(0, ", g);
        Assert.Matches(@"\.PopRange\(y\.Slice\(0, ", g);
        Assert.DoesNotMatch(@"\.Push\((tmp|y)\[", g);
        // The reverse sweep puts y back to its earlier values, so the pullback copies the final state out first.
        Assert.Contains("yFinal", g);
    }

    [Fact]
    public void AnInteriorRangeIsRecordedFromItsStart()
    {
        Works("P.Interior", "new double[] { 0.5, -1.2, 0.8, 0.3, 1.1, -0.4 }, 4", "InteriorExpected");
        string g = Generated("Interior");
        Assert.Matches(@"\.PushRange\(new global::System\.Span<double>\(v, 1, global::System\.Math\.Max\(0, n - 1 - 1\)\)\)", g);
        Assert.DoesNotContain(".Push(v[", g);
    }

    [Fact]
    public void ALoopWhoseReverseReadsTheArrayKeepsEntryByEntry()
    {
        Works("P.Squares", "new double[] { 0.5, -0.2, 0.8, 0.3 }, 3");
        Works("P.Scan", "new double[] { 0.5, -0.2, 0.8, 0.3 }, 3");
        foreach (string method in new[] { "Squares", "Scan" })
        {
            string g = Generated(method);
            Assert.Contains(".Push(v[", g);
            Assert.DoesNotContain("PushRange", g);
        }
    }
}
