using System.Reflection;
using SourceAD.Generators.Tests.NaturalCorpus;
using SourceAD.Generators.Tests.Support;
using Xunit;
using Xunit.Abstractions;

namespace SourceAD.Generators.Tests;

/// <summary>
/// A passive recurrence that a loop's derivatives read (GradBench llsq's <c>mul *= ti</c>) is recomputed by running the
/// loop's reverse forward instead of recorded, when no iteration's reverse reads an adjoint another one writes and that
/// costs less (Analyses/ToBeRecorded.ForwardOrder.cs, Transforms/PullbackEmitter.ForwardOrder.cs). Each program is
/// checked like a corpus program (value oracle bit for bit, finite differences, the dot-product test against the
/// pushforward, a closed form where given); the generated text shows which choice was taken, and where it must not be.
/// </summary>
public class PassiveRecomputeTests(ITestOutputHelper output)
{
    private const string Usings = "using System;\nusing System.Linq;\nusing SourceAD;\nnamespace Passive;\n";

    private void Works(string entry, string args, string? closedForm = null)
    {
        var program = new CorpusProgram("Passive" + entry.Replace(".", ""), Usings + Programs, "Passive." + entry, args, null, closedForm, null, null, true);
        CorpusOutcome o = CorpusRunner.Check(program);
        output.WriteLine($"{o.Verdict}: {o.Detail}");
        Assert.True(o.Verdict == Verdict.Works, $"{entry}: {o.Verdict}: {o.Detail}");
        if (closedForm is not null) Assert.Contains("closed form", o.Detail);
    }

    private static readonly Lazy<(string Hint, string Text)[]> AllGenerated = new(() =>
        GeneratorHarness.Run(Usings + Programs).Result.Results.Single().GeneratedSources.Select(s => (s.HintName, s.SourceText.ToString())).ToArray());

    /// <summary>The pullback of <paramref name="method"/> as generated, up to the next method's documentation.</summary>
    private string Pullback(string method)
    {
        string file = AllGenerated.Value.Single(s => s.Hint.Contains("." + method + "(", StringComparison.Ordinal)).Text;
        int start = file.IndexOf($"static double {method}Pullback(", StringComparison.Ordinal);
        int end = file.IndexOf("/// <summary>", start, StringComparison.Ordinal);
        string g = file[start..end];
        output.WriteLine(g);
        return g;
    }

    private const string Programs = """
        public static partial class P
        {
            /// <summary>GradBench's llsq: a polynomial fit, mul = tiʲ by a passive recurrence.</summary>
            [Differentiable]
            public static double Poly(double[] x, int n)
            {
                int m = x.Length;
                double sum = 0;
                for (int i = 0; i < n; i++)
                {
                    double ti = -1 + i * 2.0 / (n - 1);
                    double inner = (0.0 < ti ? 1.0 : 0.0) - (ti < 0.0 ? 1.0 : 0.0);
                    double mul = 1;
                    for (int j = 0; j < m; j++)
                    {
                        inner -= x[j] * mul;
                        mul *= ti;
                    }
                    sum += inner * inner;
                }
                return sum / 2;
            }

            public static double[] PolyExpected(double[] x, int n)
            {
                // ∂/∂x_k ½Σ_i r_i² = −Σ_i r_i·t_iᵏ, r_i = s(t_i) − Σ_j x_j·t_iʲ
                var g = new double[x.Length];
                for (int i = 0; i < n; i++)
                {
                    double t = -1 + i * 2.0 / (n - 1), r = Math.Sign(t);
                    for (int j = 0; j < x.Length; j++) r -= x[j] * Math.Pow(t, j);
                    for (int k = 0; k < x.Length; k++) g[k] -= r * Math.Pow(t, k);
                }
                return g;
            }

            /// <summary>Poly with a passive counter in the loop that no derivative needs: the recurrence is then recorded
            /// (every variable the loop's passive statements write must feed its reverse), with the same arithmetic.</summary>
            [Differentiable]
            public static double PolyRecorded(double[] x, int n)
            {
                int m = x.Length;
                double sum = 0;
                int count = 0;
                for (int i = 0; i < n; i++)
                {
                    double ti = -1 + i * 2.0 / (n - 1);
                    double inner = (0.0 < ti ? 1.0 : 0.0) - (ti < 0.0 ? 1.0 : 0.0);
                    double mul = 1;
                    for (int j = 0; j < m; j++)
                    {
                        inner -= x[j] * mul;
                        mul *= ti;
                        count = count * 3 + j;
                    }
                    sum += inner * inner;
                }
                return count == -1 ? 0 : sum / 2;
            }

            /// <summary>A geometric weight carried from one round to the next (its entry value is no literal), read
            /// after the loop too (so the reverse gives it back its entry value).</summary>
            [Differentiable]
            public static double Geometric(double[] x, int rounds, [NoDerivative] double decay)
            {
                double s = 0;
                double w = 0.5;
                for (int r = 0; r < rounds; r++)
                {
                    double acc = 0;
                    for (int j = 0; j < x.Length; j++)
                    {
                        acc += x[j] * w;
                        w *= decay;
                    }
                    s += acc * acc + x[0] * w;
                }
                return s;
            }

            public static double[] GeometricExpected(double[] x, int rounds, double decay)
            {
                // w before (r, j) is 0.5·decay^(r·m + j); s = Σ_r (Σ_j x_j·w_rj)² + x_0·0.5·decay^((r + 1)·m)
                int m = x.Length;
                var g = new double[m];
                for (int r = 0; r < rounds; r++)
                {
                    double acc = 0;
                    for (int j = 0; j < m; j++) acc += x[j] * 0.5 * Math.Pow(decay, r * m + j);
                    for (int j = 0; j < m; j++) g[j] += 2 * acc * 0.5 * Math.Pow(decay, r * m + j);
                    g[0] += 0.5 * Math.Pow(decay, (r + 1) * m);
                }
                return g;
            }

            /// <summary>An element target per iteration (y[j] = x[j]²·w), then a nonlinear sum: the weight's entry value
            /// is the literal before the loop.</summary>
            [Differentiable]
            public static double Weighted(double[] x, [NoDerivative] double decay)
            {
                double[] y = new double[x.Length];
                double w = 1;
                for (int j = 0; j < x.Length; j++)
                {
                    y[j] = x[j] * x[j] * w;
                    w = w * decay;
                }
                double s = 0;
                for (int j = 0; j < x.Length; j++) s += Math.Sin(y[j]);
                return s;
            }

            public static double[] WeightedExpected(double[] x, double decay)
            {
                var g = new double[x.Length];
                for (int j = 0; j < x.Length; j++)
                {
                    double w = Math.Pow(decay, j);
                    g[j] = Math.Cos(x[j] * x[j] * w) * 2 * x[j] * w;
                }
                return g;
            }

            /// <summary>A passive index recurrence used as an array index: idx = (idx + stride) mod |c| has no inverse,
            /// so it was recorded; run forward it is recomputed (its entry value, carried across rounds, recorded once a round).</summary>
            [Differentiable]
            public static double Strided(double[] x, [NoDerivative] double[] c, int stride, int rounds)
            {
                double s = 0;
                int idx = 0;
                for (int r = 0; r < rounds; r++)
                {
                    double acc = 0;
                    for (int j = 0; j < x.Length; j++)
                    {
                        acc += x[j] * c[idx];
                        idx = (idx + stride) % c.Length;
                    }
                    s += acc * acc;
                }
                return s;
            }

            /// <summary>Two recurrences: an index by a stride (which alone its inverse undoes) and a weight whose ratio
            /// grows; both run forward.</summary>
            [Differentiable]
            public static double TwoRecurrences(double[] x, [NoDerivative] double[] c, int rounds)
            {
                double s = 0;
                for (int r = 0; r < rounds; r++)
                {
                    double acc = 0;
                    double w = 1;
                    double ratio = 0.5;
                    int idx = r;
                    for (int j = 0; j < x.Length; j++)
                    {
                        idx += 1;
                        acc += x[j] * w * c[idx];
                        w = w * ratio;
                        ratio = ratio + 0.125;
                    }
                    s += Math.Sin(acc);
                }
                return s;
            }

            /// <summary>The last assignment before the loop reads w itself: the entry value is recorded, not taken
            /// from the literal before it.</summary>
            [Differentiable]
            public static double UpdatedBefore(double[] x, [NoDerivative] double first, [NoDerivative] double decay)
            {
                double acc = 0;
                double w = 1;
                w = w * first;
                for (int j = 0; j < x.Length; j++)
                {
                    acc += x[j] * w;
                    w *= decay;
                }
                return acc * acc;
            }

            public static double[] UpdatedBeforeExpected(double[] x, double first, double decay)
            {
                double acc = 0;
                for (int j = 0; j < x.Length; j++) acc += x[j] * first * Math.Pow(decay, j);
                return x.Select((_, j) => 2 * acc * first * Math.Pow(decay, j)).ToArray();
            }

            /// <summary>Must not apply: every iteration's reverse adds into the same scalar adjoint (of x0); forward
            /// order would sum in another order.</summary>
            [Differentiable]
            public static double SharedScalar(double[] x, double x0, [NoDerivative] double decay)
            {
                double acc = 0;
                double w = 1;
                for (int j = 0; j < x.Length; j++)
                {
                    acc += (x[j] + x0) * w;
                    w *= decay;
                }
                return acc * acc;
            }

            /// <summary>Must not apply: iteration j's reverse writes the adjoint of x[j + 1], which iteration j + 1's writes too.</summary>
            [Differentiable]
            public static double Neighbours(double[] x, [NoDerivative] double decay)
            {
                double acc = 0;
                double w = 1;
                for (int j = 0; j + 1 < x.Length; j++)
                {
                    acc += x[j] * x[j + 1] * w;
                    w *= decay;
                }
                return acc * acc;
            }

            /// <summary>Must not apply: the passive recurrence reads acc, which the loop's active statement overwrites
            /// (its value in the reverse sweep is not the forward one).</summary>
            [Differentiable]
            public static double ReadsOverwritten(double[] x)
            {
                double acc = 0;
                double w = 1;
                for (int j = 0; j < x.Length; j++)
                {
                    acc += x[j] * w;
                    w = w * 0.5 + (acc > 1 ? 0.25 : 0.0);
                }
                return acc * acc;
            }

            /// <summary>Must not apply: passive statements between active ones; the reverse would need w's value before
            /// each active statement, last first.</summary>
            [Differentiable]
            public static double Interleaved(double[] x, [NoDerivative] double decay)
            {
                double acc = 0;
                double w = 1;
                for (int j = 0; j < x.Length; j++)
                {
                    acc += x[j] * w;
                    w *= decay;
                    acc += x[j] * x[j] * w;
                    w *= decay;
                }
                return acc * acc;
            }
        }
        """;

    /// <summary>Calls of the two pullbacks, which exist only with the generator (the corpus checks compile the programs without it first).</summary>
    private const string Gradients = """
        public static class Driver
        {
            public static double[] PolyGradient(double[] x, int n)
            {
                var dx = new double[x.Length];
                P.PolyPullback(x, n, 1.0, dx);
                return dx;
            }

            public static double[] PolyRecordedGradient(double[] x, int n)
            {
                var dx = new double[x.Length];
                P.PolyRecordedPullback(x, n, 1.0, dx);
                return dx;
            }
        }
        """;

    private const string X5 = "new double[] { 0.5, -1.2, 0.8, 0.3, 1.1 }";

    [Fact]
    public void PolynomialFitRecomputesMulForward()
    {
        Works("P.Poly", X5 + ", 7", "PolyExpected");
        string g = Pullback("Poly");
        Assert.Matches(@"// recompute mul forward instead of recording it \(1 operation an iteration against 20 to record, 16 bytes through the tape\): passive, and no iteration's reverse reads an adjoint another writes", g);
        Assert.DoesNotContain("record mul", g);
        Assert.Matches(@"mul = 1\.0;\s*for \(j = 0; j < m; j\+\+\)\s*\{\s*dx\[j\] -= dinner \* mul;\s*mul = mul \* ti;\s*\}", g);
    }

    [Fact]
    public void RecomputedGradientIsBitForBitTheRecordedOne()
    {
        // The same arithmetic, one pullback recording mul and one recomputing it: forward order changes no sum's order.
        Works("P.PolyRecorded", X5 + ", 7", "PolyExpected");
        Assert.Contains("record mul: the derivative of the assignment to inner reads the value it overwrites", Pullback("PolyRecorded"));
        Type p = GeneratorHarness.Load(Usings + Programs + "\n" + Gradients).GetType("Passive.Driver")!;
        foreach (int n in new[] { 2, 7, 40 })
        {
            double[] x = { 0.5, -1.2, 0.8, 0.3, 1.1, 0.01, -2.5 };
            var recomputed = (double[])p.GetMethod("PolyGradient", BindingFlags.Public | BindingFlags.Static)!.Invoke(null, new object[] { x, n })!;
            var recorded = (double[])p.GetMethod("PolyRecordedGradient", BindingFlags.Public | BindingFlags.Static)!.Invoke(null, new object[] { x, n })!;
            for (int k = 0; k < x.Length; k++) Assert.Equal(BitConverter.DoubleToInt64Bits(recorded[k]), BitConverter.DoubleToInt64Bits(recomputed[k]));
        }
    }

    [Fact]
    public void GeometricWeightCarriedAcrossRoundsIsRecordedOnEntryOnly()
    {
        Works("P.Geometric", X5 + ", 3, 0.9", "GeometricExpected");
        string g = Pullback("Geometric");
        Assert.Contains("// record w on entry to the loop over j: its reverse recomputes w forward from there", g);
        Assert.Contains("// recompute w forward instead of recording it", g);
        Assert.Contains("// w as it was before the loop: an earlier statement's reverse reads it", g);
        Assert.DoesNotContain("// record w: ", g);
    }

    [Fact]
    public void ElementTargetWithLiteralEntry()
    {
        Works("P.Weighted", X5 + ", 0.8", "WeightedExpected");
        string g = Pullback("Weighted");
        Assert.Contains("// recompute w forward instead of recording it", g);
        Assert.DoesNotContain("record w", g);
        Assert.DoesNotContain("as it was before the loop", g);
    }

    [Fact]
    public void IndexRecurrenceWithoutInverseIsRecomputed()
    {
        Works("P.Strided", X5 + ", new double[] { 1.5, -0.5, 0.25, 2.0, -1.0, 0.75, 0.3 }, 3, 4");
        string g = Pullback("Strided");
        Assert.Contains("// recompute idx forward instead of recording it", g);
        Assert.Contains("// record idx on entry to the loop over j", g);
        Assert.DoesNotContain("// record idx: ", g);
    }

    [Fact]
    public void TwoRecurrencesRunForwardTogether()
    {
        Works("P.TwoRecurrences", X5 + ", new double[] { 1.5, -0.5, 0.25, 2.0, -1.0, 0.75, 0.3, 0.9, -0.2 }, 3");
        string g = Pullback("TwoRecurrences");
        Assert.Contains("// recompute idx, w, ratio forward instead of recording them", g);
        Assert.DoesNotContain("record w", g);
        Assert.DoesNotContain("record ratio", g);
        // The index's inverse is not used in a forward-ordered loop: it is run forward with the others.
        Assert.DoesNotContain("idx = idx - 1", g);
    }

    [Fact]
    public void EntryValueAfterAnUpdateIsRecorded()
    {
        Works("P.UpdatedBefore", X5 + ", 0.7, 0.9", "UpdatedBeforeExpected");
        string g = Pullback("UpdatedBefore");
        Assert.Contains("// recompute w forward instead of recording it", g);
        Assert.Contains("// record w on entry to the loop over j", g);
    }

    [Theory]
    [InlineData("SharedScalar", X5 + ", 0.3, 0.9")]
    [InlineData("Neighbours", X5 + ", 0.9")]
    [InlineData("ReadsOverwritten", X5)]
    [InlineData("Interleaved", X5 + ", 0.9")]
    public void IllegalForwardOrderKeepsRecording(string method, string args)
    {
        Works("P." + method, args);
        string g = Pullback(method);
        Assert.DoesNotContain("forward instead of recording", g);
        Assert.Contains("// record w: ", g);
    }
}
