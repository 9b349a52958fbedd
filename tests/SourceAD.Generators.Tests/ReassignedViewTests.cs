using Microsoft.CodeAnalysis;
using SourceAD.Generators.Tests.Support;
using Xunit;

namespace SourceAD.Generators.Tests;

/// <summary>
/// A span local that views different arrays over time (GradBench gap G8, lstm_predict as written:
/// <c>Span&lt;double&gt; layer_output = output; … layer_output = state.Slice(…);</c>): it is a base index, a start and a
/// length, set by each assignment, and each statement that reads or writes through it is lowered once per array it may
/// view (generators/README.md, "span locals reassigned"). Checked in both modes (value oracle, finite differences,
/// dot-product test; <see cref="ObjectiveChecks"/>): lstm_predict itself (called, so its own derivatives are generated,
/// with the in-place lstm_model inlined per base), for zero layers too, and ping-pong buffers swapped by two views.
/// What stays refused, each with SRCAD0001 at the place and no error in generated code: indexing such a view in a
/// condition, and assigning it anything but a view of an array.
/// </summary>
public class ReassignedViewTests
{
    private const string Source = """
        using System;
        using SourceAD;

        public static partial class Lstm
        {
            [Differentiable]
            public static void Model(int h, ReadOnlySpan<double> w, Span<double> state, ReadOnlySpan<double> input)
            {
                for (int i = 0; i < h; i++)
                    state[h + i] = state[h + i] * w[i] + Math.Tanh(input[i]);
                for (int i = 0; i < h; i++)
                    state[i] = Math.Tanh(state[h + i]);
            }

            // GradBench's lstm_predict as written in C++.
            [Differentiable]
            public static void Predict(int l, int b, ReadOnlySpan<double> w, Span<double> state, ReadOnlySpan<double> input, Span<double> output)
            {
                for (int i = 0; i < b; ++i)
                    output[i] = input[i] * w[i];
                Span<double> layer_output = output;
                for (int i = 0; i < l; ++i)
                {
                    Model(b, w, state.Slice(2 * b * i), layer_output);
                    layer_output = state.Slice(2 * b * i);
                }
                for (int i = 0; i < b; ++i)
                    output[i] = layer_output[i] * w[i];
            }

            [Differentiable]
            public static double Objective(double[] x)
            {
                double[] state = new double[8];
                for (int k = 0; k < 8; k++) state[k] = x[2 + k];
                double[] output = new double[2], direct = new double[2];
                Predict(2, 2, x.AsSpan(0, 2), state, x.AsSpan(10, 2), output);
                Predict(0, 2, x.AsSpan(0, 2), state, x.AsSpan(10, 2), direct);
                return output[0] * 3 + output[1] + state[1] * state[6] + direct[0] * direct[1];
            }

            // A view chosen by a branch (a for 4 entries, x for 5), read in a declaration and in the return.
            [Differentiable]
            public static double ReturnThroughView(double[] x)
            {
                double[] a = new double[2];
                a[0] = x[0] * x[1];
                a[1] = Math.Exp(x[2]);
                ReadOnlySpan<double> v = x;
                if (x.Length == 4) v = a;
                double first = v[0];
                return first * v[1] + v.Length;
            }

            // Two views swapping two buffers each step; a view's Length in a loop bound.
            [Differentiable]
            public static double PingPong(double[] x)
            {
                double[] a = new double[3], b = new double[3];
                for (int k = 0; k < 3; k++) a[k] = x[k];
                ReadOnlySpan<double> src = a;
                Span<double> dst = b;
                for (int step = 0; step < 4; step++)
                {
                    for (int k = 0; k < 3; k++) dst[k] = Math.Sin(src[k]) + x[3] * src[(k + 1) % 3];
                    if (step % 2 == 0) { src = b; dst = a; }
                    else { src = a; dst = b; }
                }
                double s = 0;
                for (int k = 0; k < src.Length; k++) s += src[k] * (k + 1);
                return s;
            }
        }
        """;

    private static readonly Lazy<Type> Lstm = new(() => GeneratorHarness.Load(Source).GetType("Lstm")!);

    public static TheoryData<string, int> Objectives => new()
    {
        { "Objective", 12 },
        { "PingPong", 4 },
        { "ReturnThroughView", 4 },
        { "ReturnThroughView", 5 },
    };

    [Theory]
    [MemberData(nameof(Objectives))]
    public void GradientMatchesFiniteDifferencesAndThePushforward(string name, int n) => ObjectiveChecks.BothModes(Lstm.Value, name, n);

    [Fact]
    public void TheProgramsAreGeneratedWithoutADiagnostic()
    {
        var problems = GeneratorHarness.BuildDiagnostics(Source).Where(d => d.Severity >= DiagnosticSeverity.Warning).Select(d => d.ToString()).ToList();
        Assert.True(problems.Count == 0, string.Join("\n", problems));
    }

    [Theory]
    [InlineData("if (v[0] > 0) s += 1;", "v", "views different arrays over time")]
    [InlineData("v = new double[3];", "new double[3]", "Assigning 'new double[3]' to the span 'v'")]
    public void WhatStaysRefusedIsRefusedWhereItIsWritten(string statement, string at, string message)
    {
        string source = $$"""
            using System;
            using SourceAD;

            public static partial class Views
            {
                [Differentiable]
                public static double F(double[] x, double[] y)
                {
                    ReadOnlySpan<double> v = x;
                    double s = 0;
                    for (int i = 0; i < 2; i++)
                    {
                        s += v[i] * v[i];
                        v = y.AsSpan(i);
                    }
                    {{statement}}
                    return s;
                }
            }
            """;
        var diagnostics = GeneratorHarness.BuildDiagnostics(source);
        Assert.DoesNotContain(diagnostics, d => d.Id is "CS8785" or "SRCAD0999" or "AD0001");
        Assert.DoesNotContain(diagnostics, d => d.Severity == DiagnosticSeverity.Error && d.Id.StartsWith("CS", StringComparison.Ordinal));
        Assert.Contains(diagnostics, d => d.Id == "SRCAD0001" && Text(d) == at && d.GetMessage().Contains(message, StringComparison.Ordinal));
    }

    private static string Text(Diagnostic d) => d.Location.SourceTree!.GetText().ToString(d.Location.SourceSpan);
}
