using Microsoft.CodeAnalysis;
using SourceAD.Generators.Tests.Support;
using Xunit;

namespace SourceAD.Generators.Tests;

/// <summary>
/// Helpers that return a span view of an argument (GradBench gap G11: light_matrix.h's <c>get_col</c>, C++
/// <c>&amp;data_[i * nrows_]</c>, is <c>m.Slice(i * nrows)</c>): the call is an alias of the argument, inlined as its
/// slice, whether passed on (to a call outside a loop, to an inlined helper inside one, as a vector call's input or
/// output), indexed, named by a span local, written through, iterated, sliced again, or read inside a helper whose
/// output it views (which makes that output in-out). Each objective is checked in both modes: the gradient against
/// central finite differences of the user's own method, the pushforward against the gradient (the dot-product test),
/// and the Value of Gradient and Pushforward against the method's own value, bit for bit.
/// </summary>
public class SpanViewTests
{
    private const string Source = """
        using System;
        using SourceAD;

        public static partial class Views
        {
            // Views: plain helpers returning a slice of a parameter (no [Differentiable]: they return no number).
            public static ReadOnlySpan<double> GetCol(ReadOnlySpan<double> m, int rows, int col) => m.Slice(col * rows, rows);
            public static Span<double> GetColMut(Span<double> m, int rows, int col) => m.Slice(col * rows, rows);
            public static ReadOnlySpan<double> Tail(double[] a, int from) { return a.AsSpan(from); }
            public static ReadOnlySpan<double> Whole(ReadOnlySpan<double> m) => m;

            [Differentiable]
            public static double Norm2(ReadOnlySpan<double> v)
            {
                double s = 0;
                for (int i = 0; i < v.Length; i++) s += v[i] * v[i];
                return s;
            }

            [Differentiable]
            public static void Turn(ReadOnlySpan<double> angle, Span<double> r)
            {
                r[0] = Math.Cos(angle[0]) * angle[1];
                r[1] = Math.Sin(angle[0]) * angle[1];
            }

            // Reads entry 1 of y through a view before writing it: y is in-out.
            [Differentiable]
            public static void ReadFirst(Span<double> y, double a)
            {
                y[0] = GetCol(y, 1, 1)[0] * a;
                y[1] = a;
            }

            // Passed on: to a call outside a loop, and to an inlined helper inside one.
            [Differentiable]
            public static double PassedOn(double[] x)
            {
                double s = Norm2(GetCol(x, 3, 0));
                for (int i = 1; i < 3; i++) s += Math.Sin(Norm2(GetCol(x, 3, i)));
                return s;
            }

            // Named by a span local and indexed; indexed directly; its Length.
            [Differentiable]
            public static double Indexed(double[] x)
            {
                double s = 0;
                for (int i = 0; i < 3; i++)
                {
                    var c = GetCol(x, 3, i);
                    s += c[0] * c[2] + GetCol(x, 3, i)[1] * c.Length;
                }
                return s;
            }

            // Span<double> views of a local array written through (a local, an element, a vector call's output).
            [Differentiable]
            public static double WrittenThrough(double[] x)
            {
                double[] m = new double[6];
                for (int i = 0; i < 3; i++)
                {
                    Span<double> c = GetColMut(m, 2, i);
                    c[0] = x[i] * x[i + 1];
                    GetColMut(m, 2, i)[1] = Math.Exp(x[i]);
                    GetColMut(m, 2, i)[1] *= x[i + 1];
                }
                Turn(GetCol(x, 2, 1), GetColMut(m, 2, 0));
                double s = 0;
                for (int k = 0; k < 6; k++) s += m[k] * (k + 1);
                return s;
            }

            // foreach over views, a view of an array parameter, a view of a view, a slice of a view.
            [Differentiable]
            public static double Iterated(double[] x)
            {
                double s = 0;
                foreach (double v in GetCol(x, 2, 1)) s += v * v;
                foreach (double v in Tail(x, 3)) s += Math.Cos(v);
                ReadOnlySpan<double> w = Whole(GetCol(x, 2, 2));
                s += w[0] * w[1];
                s += GetCol(x.AsSpan(2), 2, 0)[1] * GetCol(x, 2, 0).Slice(1)[0];
                return s;
            }

            [Differentiable]
            public static double SumSquares(ReadOnlySpan<double> v)
            {
                double s = 0;
                foreach (double e in v) s += e * e;
                return s;
            }

            // foreach over an inlined helper's span parameter bound to a slice, and to a view.
            [Differentiable]
            public static double IteratedInHelpers(double[] x)
            {
                double s = 0;
                for (int i = 0; i < 3; i++) s += Math.Sqrt(SumSquares(x.AsSpan(2 * i, 2))) + SumSquares(GetCol(x, 3, i % 2));
                return s;
            }

            // A helper reading its output through a view before writing it.
            [Differentiable]
            public static double ReadThroughAView(double[] x)
            {
                double[] m = new double[2];
                m[0] = x[0] * x[0];
                m[1] = x[1] * x[0];
                ReadFirst(m, x[2]);
                return m[0] * 3 + m[1];
            }
        }
        """;

    private static readonly Lazy<Type> Views = new(() => GeneratorHarness.Load(Source).GetType("Views")!);

    public static TheoryData<string, int> Objectives => new()
    {
        { "PassedOn", 9 },
        { "Indexed", 9 },
        { "WrittenThrough", 4 },
        { "Iterated", 6 },
        { "ReadThroughAView", 3 },
        { "IteratedInHelpers", 6 },
    };

    [Theory]
    [MemberData(nameof(Objectives))]
    public void GradientMatchesFiniteDifferencesAndThePushforward(string name, int n) => ObjectiveChecks.BothModes(Views.Value, name, n);

    [Fact]
    public void AnOutputReadThroughAViewBeforeItIsWrittenIsInOut() =>
        Assert.Equal("dyIn", Views.Value.GetMethod("ReadFirstPullback")!.GetParameters().Last().Name);

    [Fact]
    public void EveryProgramIsGeneratedWithoutADiagnostic()
    {
        var problems = GeneratorHarness.BuildDiagnostics(Source).Where(d => d.Severity >= DiagnosticSeverity.Warning).Select(d => d.ToString()).ToList();
        Assert.True(problems.Count == 0, string.Join("\n", problems));
    }
}
