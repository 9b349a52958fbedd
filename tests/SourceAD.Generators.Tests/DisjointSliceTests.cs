using System.Reflection;
using Microsoft.CodeAnalysis;
using SourceAD.Generators.Tests.Support;
using Xunit;

namespace SourceAD.Generators.Tests;

/// <summary>
/// Disjoint slices of one array as the input and the output of one call (GradBench gap G13: ht's
/// <c>relatives_to_absolutes</c> calls <c>mat_mult(absolutes[parents[i]], relatives[i], &amp;absolutes[i])</c>, right
/// because parents[i] &lt; i). A call that is inlined (in a loop) is element code and needs nothing; a call that stays a
/// call (outside loops, or a callee too big to inline) is generated with a check, on each call, that the output slice
/// does not overlap the input slice (<c>Shapes.RequireDisjoint</c>, an ArgumentException naming both ranges). Constant
/// bounds that overlap, and a whole array on either side, are refused at compile time. Each objective is checked in both
/// modes (value oracle, finite differences, dot-product test; <see cref="ObjectiveChecks"/>).
/// </summary>
public class DisjointSliceTests
{
    private const string Source = """
        using System;
        using SourceAD;

        public static partial class Chains
        {
            // light_matrix.h's mat_mult for n × n column-major matrices.
            [Differentiable]
            public static void MatMul(int n, ReadOnlySpan<double> lhs, ReadOnlySpan<double> rhs, Span<double> @out)
            {
                for (int i = 0; i < n; i++)
                    for (int k = 0; k < n; k++)
                    {
                        @out[i + k * n] = 0;
                        for (int j = 0; j < n; j++)
                            @out[i + k * n] += lhs[i + j * n] * rhs[j + k * n];
                    }
            }

            // ht.hpp's relatives_to_absolutes, as written in C++ (the call is in a loop: inlined).
            [Differentiable]
            public static void ToAbsolutes(ReadOnlySpan<double> relatives, int[] parents, Span<double> absolutes)
            {
                for (int i = 0; i < parents.Length; i++)
                {
                    if (parents[i] == -1)
                        relatives.Slice(4 * i, 4).CopyTo(absolutes.Slice(4 * i, 4));
                    else
                        MatMul(2, absolutes.Slice(4 * parents[i], 4), relatives.Slice(4 * i, 4), absolutes.Slice(4 * i, 4));
                }
            }

            // One bone: a call outside any loop, with bounds known only at run time (checked on each call).
            [Differentiable]
            public static void Bone(ReadOnlySpan<double> relatives, int parent, int child, Span<double> absolutes)
            {
                MatMul(2, absolutes.Slice(4 * parent, 4), relatives.Slice(4 * child, 4), absolutes.Slice(4 * child, 4));
            }

            [Differentiable]
            public static double Chain(double[] x)
            {
                int[] parents = { -1, 0, 1, 0 };
                double[] abs = new double[16];
                ToAbsolutes(x, parents, abs);
                double s = 0;
                for (int k = 0; k < 16; k++) s += abs[k] * (k + 1);
                return s;
            }

            [Differentiable]
            public static double Unrolled(double[] x)
            {
                double[] abs = new double[12];
                x.AsSpan(0, 4).CopyTo(abs.AsSpan(0, 4));
                MatMul(2, abs.AsSpan(0, 4), x.AsSpan(4, 4), abs.AsSpan(4, 4));
                MatMul(2, abs.AsSpan(4, 4), x.AsSpan(8, 4), abs.AsSpan(8, 4));
                double s = 0;
                for (int k = 0; k < 12; k++) s += Math.Sin(abs[k]) * (k + 1);
                return s;
            }

            [Differentiable]
            public static double Stepped(double[] x)
            {
                double[] abs = new double[12];
                x.AsSpan(0, 4).CopyTo(abs.AsSpan(0, 4));
                Bone(x, 0, 1, abs);
                Bone(x, 1, 2, abs);
                double s = 0;
                for (int k = 0; k < 12; k++) s += abs[k] * abs[k] * (k + 1);
                return s;
            }

            // The output slice starts where x's length puts it: [4, 8) for 8 entries, [2, 6) for 12, which overlaps [0, 4).
            [Differentiable]
            public static double Overlapping(double[] x)
            {
                double[] abs = new double[8];
                x.AsSpan(0, 4).CopyTo(abs.AsSpan(0, 4));
                int shift = x.Length == 8 ? 4 : 2;
                MatMul(2, abs.AsSpan(0, 4), x.AsSpan(4, 4), abs.AsSpan(shift, 4));
                return abs[2] + abs[5];
            }
        }
        """;

    private static readonly Lazy<Type> Chains = new(() => GeneratorHarness.Load(Source).GetType("Chains")!);

    public static TheoryData<string, int> Objectives => new()
    {
        { "Chain", 16 },
        { "Unrolled", 12 },
        { "Stepped", 12 },
        { "Overlapping", 8 },
    };

    [Theory]
    [MemberData(nameof(Objectives))]
    public void GradientMatchesFiniteDifferencesAndThePushforward(string name, int n) => ObjectiveChecks.BothModes(Chains.Value, name, n);

    [Fact]
    public void OverlappingSlicesThrowNamingBothRangesInBothModes()
    {
        Type t = Chains.Value;
        double[] x = Enumerable.Range(0, 12).Select(i => 0.5 + 0.1 * i).ToArray();
        // The user's own method runs (with aliasing semantics, reading entries it has just written) ...
        Assert.True(double.IsFinite((double)t.GetMethod("Overlapping")!.Invoke(null, new object[] { x })!));
        // ... but its derivatives are defined for disjoint slices only, so both modes refuse the call.
        foreach (string member in new[] { "OverlappingGradient", "OverlappingPushforward" })
        {
            MethodInfo m = t.GetMethod(member)!;
            object[] args = member.EndsWith("Gradient", StringComparison.Ordinal) ? new object[] { x } : new object[] { x, new double[12] };
            var e = Assert.Throws<TargetInvocationException>(() => Invoke(m, args));
            var inner = Assert.IsType<ArgumentException>(e.InnerException);
            Assert.Contains("[0, 4)", inner.Message, StringComparison.Ordinal);
            Assert.Contains("[2, 6)", inner.Message, StringComparison.Ordinal);
            Assert.Contains("MatMul", inner.Message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void TheProgramsAreGeneratedWithoutADiagnostic()
    {
        var problems = GeneratorHarness.BuildDiagnostics(Source).Where(d => d.Severity >= DiagnosticSeverity.Warning).Select(d => d.ToString()).ToList();
        Assert.True(problems.Count == 0, string.Join("\n", problems));
    }

    [Theory]
    [InlineData("MatMul(2, a.AsSpan(0, 4), x, a);", "whole as both an input and an output")]
    [InlineData("MatMul(2, a.AsSpan(0, 4), x, a.AsSpan(2, 4));", "overlapping slices")]
    public void ArraysCertainToOverlapAreRefused(string call, string expected)
    {
        string source = Source.Replace("// One bone:", $$"""
            [Differentiable]
            public static double Refused(double[] x)
            {
                double[] a = new double[6];
                {{call}}
                return a[0];
            }

            // One bone:
            """, StringComparison.Ordinal);
        var refusals = GeneratorHarness.Refusals(source);
        Assert.Contains(refusals, m => m.Contains(expected, StringComparison.Ordinal));
    }

    // Spans cannot be boxed: a pushforward's ReadOnlySpan parameter is passed through a delegate.
    private delegate (double Value, double Tangent) Pushforward(double[] x, ReadOnlySpan<double> dx);

    private static void Invoke(MethodInfo m, object[] args)
    {
        if (args.Length == 1) { m.Invoke(null, args); return; }
        try { m.CreateDelegate<Pushforward>()((double[])args[0], (double[])args[1]); }
        catch (Exception e) { throw new TargetInvocationException(e); }
    }
}
