using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using SourceAD.Analyzers;
using SourceAD.Generators.Tests.Support;
using Xunit;

namespace SourceAD.Generators.Tests;

/// <summary>
/// What stays refused of GradBench's lstm_predict as written (gap G8, tests/SourceAD.GradBench/README.md): a span
/// local that names another span whole and is then re-pointed at a slice of a third
/// (<c>Span&lt;double&gt; layer_output = output; … layer_output = state.Slice(…);</c>). Which array it views changes from
/// iteration to iteration, so its reads cannot be resolved to one array. Refused with SRCAD0001 at the declaration (and
/// only there or at the reassignment), and the in-place helper it calls (in-out) is still generated; no compiler error in generated code.
/// </summary>
public class InPlaceHelperRefusalTests
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
        }
        """;

    [Fact]
    public void AReassignedSpanViewIsRefusedAtItsDeclarationAndReassignment()
    {
        // As a user's build: the generator, then the analyzer that reports what the lowering refused.
        var (output, generated, result) = GeneratorHarness.Run(Source);
        var analyzers = ImmutableArray.Create<DiagnosticAnalyzer>(new DifferentiableAnalyzer());
        var diagnostics = generated.AddRange(output.WithAnalyzers(analyzers).GetAnalyzerDiagnosticsAsync().GetAwaiter().GetResult());
        Assert.DoesNotContain(diagnostics, d => d.Id is "CS8785" or "SRCAD0999" or "AD0001");
        var refusals = diagnostics.Where(d => d.Id == "SRCAD0001").ToList();
        Assert.Contains(refusals, d => Text(d) == "output" && d.GetMessage().Contains("aliasing another array or span", StringComparison.Ordinal));
        Assert.All(refusals, d => Assert.True(Text(d) == "output" || Text(d).StartsWith("layer_output = state.Slice", StringComparison.Ordinal), Text(d)));
        Assert.All(refusals, d => Assert.Equal("Source0.cs", d.Location.SourceTree?.FilePath));
        // No compiler error anywhere, generated code included; the helper is still generated.
        Assert.DoesNotContain(diagnostics, d => d.Severity == DiagnosticSeverity.Error && d.Id.StartsWith("CS", StringComparison.Ordinal));
        Assert.Contains(result.Results.Single().GeneratedSources, s => s.HintName.StartsWith("Lstm.Model(", StringComparison.Ordinal));
        Assert.DoesNotContain(result.Results.Single().GeneratedSources, s => s.HintName.StartsWith("Lstm.Predict(", StringComparison.Ordinal));
    }

    private static string Text(Diagnostic d) => d.Location.SourceTree!.GetText().ToString(d.Location.SourceSpan);
}
