using SourceAD.Generators.Tests.NaturalCorpus;
using SourceAD.Generators.Tests.Support;
using Xunit;
using Xunit.Abstractions;

namespace SourceAD.Generators.Tests;

/// <summary>
/// A pullback sizes each tape on entry when what its loops push is known then (Transforms/PullbackEmitter.cs,
/// ReserveTapes; <c>Tape.Reserve</c>): pushes on every iteration of loops bounded by parameters. Pushes under an
/// <c>if</c> or in loops bounded by a local the method may change are left out (a local assigned once at the top counts
/// by its value), so the reserve is a lower bound of what a run pushes. Each
/// program also passes the corpus checks (value oracle, finite differences, the dot-product test).
/// </summary>
public class TapeReserveTests(ITestOutputHelper output)
{
    private const string Usings = "using System;\nusing SourceAD;\nnamespace Reserve;\n";

    private const string Programs = """
        public static partial class P
        {
            /// <summary>Three records an iteration of a steps × x.Length nest (v[i], s and the kept cosine): 3·steps·|x| values.</summary>
            [Differentiable]
            public static double Steps(double[] x, int steps)
            {
                double[] v = new double[x.Length];
                double s = 0;
                for (int t = 0; t < steps; t++)
                {
                    for (int i = 0; i < x.Length; i++) v[i] = Math.Sin(v[i]) + x[i];
                    for (int i = 0; i < x.Length; i++) s = s * 0.5 + Math.Cos(s) * v[i];
                }
                return s;
            }

            /// <summary>The recording loop runs on even steps only: nothing is reserved for it.</summary>
            [Differentiable]
            public static double EvenSteps(double[] x, int steps)
            {
                double[] v = new double[x.Length];
                for (int i = 0; i < x.Length; i++) v[i] = x[i];
                for (int t = 0; t < steps; t++)
                {
                    if (t % 2 == 0)
                    {
                        for (int i = 0; i < x.Length; i++) v[i] = Math.Sin(v[i]) * x[i];
                    }
                }
                double s = 0;
                for (int i = 0; i < x.Length; i++) s += v[i];
                return s;
            }

            /// <summary>The loops run to a local assigned once at the top: its value, x.Length − 1, is known on entry.</summary>
            [Differentiable]
            public static double LocalBound(double[] x, int steps)
            {
                int n = x.Length - 1;
                double s = 0;
                for (int t = 0; t < steps; t++)
                {
                    for (int i = 0; i < n; i++) s = Math.Sin(s) + x[i];
                }
                return s;
            }

            /// <summary>The bound is a local the method may change before the loop: unknown on entry, nothing is reserved.</summary>
            [Differentiable]
            public static double ChangedBound(double[] x, int steps)
            {
                int n = x.Length;
                if (steps > 2) n = n - 1;
                double s = 0;
                for (int t = 0; t < steps; t++)
                {
                    for (int i = 0; i < n; i++) s = Math.Sin(s) + x[i];
                }
                return s;
            }
        }
        """;

    private void Works(string entry, string args)
    {
        var program = new CorpusProgram("Reserve" + entry.Replace(".", ""), Usings + Programs, "Reserve." + entry, args, null, null, null, null, true);
        CorpusOutcome o = CorpusRunner.Check(program);
        output.WriteLine($"{o.Verdict}: {o.Detail}");
        Assert.True(o.Verdict == Verdict.Works, $"{entry}: {o.Verdict}: {o.Detail}");
    }

    private string Generated(string method)
    {
        string g = GeneratorHarness.Run(Usings + Programs).Result.Results.Single().GeneratedSources.Single(s => s.HintName.Contains("." + method + "(")).SourceText.ToString();
        output.WriteLine(g);
        return g;
    }

    [Fact]
    public void ATapeFilledByParameterBoundLoopsIsSizedOnEntry()
    {
        Works("P.Steps", "new double[] { 0.5, -0.3, 0.8 }, 3");
        Assert.Contains("tape_1.Reserve(3L * global::System.Math.Max(0, steps) * global::System.Math.Max(0, x.Length)); // what the loops below push, counted on entry", Generated("Steps"));
    }

    [Fact]
    public void ALocalAssignedOnceAtTheTopCountsByItsValue()
    {
        Works("P.LocalBound", "new double[] { 0.5, -0.3, 0.8 }, 3");
        Assert.Contains("tape_1.Reserve((long)global::System.Math.Max(0, steps) * global::System.Math.Max(0, x.Length - 1));", Generated("LocalBound"));
    }

    [Fact]
    public void PushesUnderAnIfOrInLoopsBoundedByAChangedLocalAreNotReserved()
    {
        Works("P.EvenSteps", "new double[] { 0.5, -0.3, 0.8 }, 3");
        Works("P.ChangedBound", "new double[] { 0.5, -0.3, 0.8 }, 3");
        Assert.DoesNotMatch(@"tape\w*\.Reserve\(", Generated("ChangedBound"));
        // EvenSteps' only loop-scoped value pushes are under the if; what remains unconditional is not in a loop.
        Assert.DoesNotMatch(@"tape\w*\.Reserve\(", Generated("EvenSteps"));
    }
}
