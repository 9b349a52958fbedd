using System.Text.RegularExpressions;
using Microsoft.CodeAnalysis;
using SourceAD.Generators.Tests.NaturalCorpus;
using SourceAD.Generators.Tests.Support;
using Xunit;

namespace SourceAD.Generators.Tests;

/// <summary>
/// Small, non-recursive helpers called in a loop are inlined into the caller before differentiation
/// (Lowering/MethodLowering.InlineHelpers.cs, issue 13): the caller's pullback records what the helper's reverse needs
/// instead of rerunning the helper's forward sweep in each call's pullback. The derivatives of the inlined forms are
/// checked by the natural corpus (value oracle bit for bit, finite differences, dot-product test): MixtureHelpersInLoop,
/// RotatedRowsHelper, DampedHelpersInLoop, RecursivePowerSeries, and the older helper programs. These tests pin down
/// which calls are inlined and what the inlined code records.
/// </summary>
public class InlinedHelperTests
{
    private const string Usings = "using System;\nusing SourceAD;\n";

    /// <summary>The generated pullback of <paramref name="method"/> (its derivatives file, from the pullback's signature on).</summary>
    private static string Pullback(string source, string method)
    {
        var (_, diagnostics, result) = GeneratorHarness.Run(source);
        Assert.DoesNotContain(diagnostics, d => d.Severity == DiagnosticSeverity.Error);
        string file = result.Results.Single().GeneratedSources.Single(s => s.HintName.Contains("." + method + "(", StringComparison.Ordinal)).SourceText.ToString();
        int start = file.IndexOf(" " + method + "Pullback(", StringComparison.Ordinal);
        Assert.True(start >= 0, $"no {method}Pullback in:\n{file}");
        return file.Substring(start);
    }

    private static int Count(string text, string what) => Regex.Matches(text, Regex.Escape(what)).Count;

    [Fact]
    public void MixtureHelpersCalledPerPointAndComponentAreInlined()
    {
        string pullback = Pullback(CorpusProgram.Load("MixtureHelpersInLoop").Source, "LogLikelihood");
        Assert.DoesNotContain("SubtractPullback(", pullback);
        Assert.DoesNotContain("QTimesXPullback(", pullback);
        Assert.DoesNotContain("SqNormPullback(", pullback);
        Assert.DoesNotContain("ArrMaxPullback(", pullback);
        // The call on alpha, outside the loops, stays a call.
        Assert.Equal(1, Count(pullback, "LogSumExpPullback("));
    }

    [Fact]
    public void AnIncrementOfTheInlinedOutputRecordsNothing()
    {
        string pullback = Pullback(CorpusProgram.Load("MixtureHelpersInLoop").Source, "LogLikelihood");
        // scaled[i] = qdiag[i]·x[i] overwrites the previous component's values, which that component's SqNorm reverse
        // reads: recorded once per entry. output[j] += ltri[li]·x[i] is linear in the old value: nothing recorded.
        string[] lines = pullback.Split('\n').Select(l => l.Trim()).ToArray();
        var increments = Enumerable.Range(1, lines.Length - 1).Where(i => Regex.IsMatch(lines[i], @"^scaled\[(\w+)\] = scaled\[\1\] \+")).ToList();
        Assert.NotEmpty(increments);
        Assert.All(increments, i => Assert.DoesNotContain(".Push(", lines[i - 1]));
        Assert.Contains("// record scaled[…]", pullback);
        // Slice starts (ix * d, ik * d) are index arithmetic on loop variables: recomputed, never recorded.
        Assert.DoesNotMatch(new Regex(@"countTape_\d+\.Push\(\w*Start"), pullback);
    }

    [Fact]
    public void RecursiveHelperStaysACall()
    {
        string pullback = Pullback(CorpusProgram.Load("RecursivePowerSeries").Source, "Evaluate");
        // Power is recursive, so it runs split and its caller in the same type calls its sweeps (SplitRecursionTests).
        Assert.Matches(@"\.PowerForwardSweep_[0-9a-f]{8}\(", pullback);
        Assert.Matches(@"\.PowerReverseSweep_[0-9a-f]{8}\(", pullback);
    }

    [Fact]
    public void CallOutsideLoopsStaysACall()
    {
        string pullback = Pullback(Usings + """
            public static partial class C
            {
                [Differentiable]
                public static double Square(double v) => v * v;

                [Differentiable]
                public static double F(double x) => Square(x) + x;
            }
            """, "F");
        Assert.Contains("SquarePullback(", pullback);
    }

    [Fact]
    public void HelperOverTheSizeLimitStaysACall()
    {
        string lines = string.Concat(Enumerable.Range(1, 31).Select(i => $"        s += v * {i};\n"));
        string pullback = Pullback(Usings + $$"""
            public static partial class C
            {
                [Differentiable]
                public static double Long(double v)
                {
                    double s = 0;
            {{lines}}
                    return s;
                }

                [Differentiable]
                public static double F(ReadOnlySpan<double> x)
                {
                    double t = 0;
                    for (int i = 0; i < x.Length; i++) t += Long(x[i]);
                    return t;
                }
            }
            """, "F");
        Assert.Contains("LongPullback(", pullback);
    }

    [Fact]
    public void DerivativeOfRuleWinsOverInlining()
    {
        string pullback = Pullback(Usings + """
            public static partial class C
            {
                private static double Cube(double v) => v * v * v;

                [DerivativeOf(typeof(C), nameof(Cube))]
                public static double CubePullbackRule(double v, double seed, ref double dv) { dv += 3 * v * v * seed; return Cube(v); }

                [Differentiable]
                public static double F(ReadOnlySpan<double> x)
                {
                    double t = 0;
                    for (int i = 0; i < x.Length; i++) t += Cube(x[i]);
                    return t;
                }
            }
            """, "F");
        Assert.Contains("CubePullbackRule(", pullback);
    }

    [Fact]
    public void HelperWithItsOwnPolicyStaysACall()
    {
        // Inlined code would take the caller's nonsmooth policy; a callee that sets its own is called instead.
        string pullback = Pullback(Usings + """
            public static partial class C
            {
                [Differentiable(Ties = TieRule.Native)]
                public static double Larger(double a, double b) => Math.Max(a, b);

                [Differentiable]
                public static double F(ReadOnlySpan<double> x)
                {
                    double t = 0;
                    for (int i = 1; i < x.Length; i++) t += Larger(x[i - 1], x[i]);
                    return t;
                }
            }
            """, "F");
        Assert.Contains("LargerPullback(", pullback);
    }
}
