using Microsoft.CodeAnalysis;
using SourceAD.Generators.Tests.Support;
using Xunit;

namespace SourceAD.Generators.Tests;

/// <summary>
/// A <c>ref struct</c> of spans held in a local (GradBench gap G7, lstm.hpp's <c>WeightOrBias</c>): built by its
/// constructor or an object initializer from views of inputs and local arrays, each span field a slice alias of its own,
/// read (and, for a local array, written) in place. Each objective is checked in both modes (value oracle, finite
/// differences, dot-product test; <see cref="ObjectiveChecks"/>). A field viewing an output is refused: the output
/// analysis does not see through struct fields.
/// </summary>
public class SpanStructTests
{
    private const string Source = """
        using System;
        using SourceAD;

        // lstm.hpp's WeightOrBias: four views into one parameter block.
        public readonly ref struct WeightOrBias
        {
            public readonly ReadOnlySpan<double> forget, ingate, outgate, change;

            public WeightOrBias(ReadOnlySpan<double> p, int h)
            {
                forget = p;
                ingate = p.Slice(h);
                outgate = p.Slice(2 * h);
                change = p.Slice(3 * h, h);
            }
        }

        public ref struct Window
        {
            public ReadOnlySpan<double> Left;
            public Span<double> Scratch;
        }

        public static partial class Cells
        {
            [Differentiable]
            public static double Gates(double[] x)
            {
                var w = new WeightOrBias(x, 2);
                double s = 0;
                for (int i = 0; i < 2; i++)
                    s += Math.Tanh(w.forget[i] * x[8 + i]) + w.ingate[i] * w.outgate[i] - w.change[i] * w.change.Length;
                return s;
            }

            [Differentiable]
            public static double Layers(double[] x)
            {
                double[] buffer = new double[4];
                double s = 0;
                for (int l = 0; l < 2; l++)
                {
                    var v = new Window { Left = x.AsSpan(4 * l, 4), Scratch = buffer.AsSpan() };
                    for (int k = 0; k < 4; k++) v.Scratch[k] = v.Left[k] * v.Left[(k + 1) % 4];
                    s += buffer[0] * buffer[3] + Math.Sin(v.Scratch[1]);
                }
                return s;
            }
        }
        """;

    private static readonly Lazy<Type> Cells = new(() => GeneratorHarness.Load(Source).GetType("Cells")!);

    public static TheoryData<string, int> Objectives => new()
    {
        { "Gates", 10 },
        { "Layers", 8 },
    };

    [Theory]
    [MemberData(nameof(Objectives))]
    public void GradientMatchesFiniteDifferencesAndThePushforward(string name, int n) => ObjectiveChecks.BothModes(Cells.Value, name, n);

    [Fact]
    public void TheProgramsAreGeneratedWithoutADiagnostic()
    {
        var problems = GeneratorHarness.BuildDiagnostics(Source).Where(d => d.Severity >= DiagnosticSeverity.Warning).Select(d => d.ToString()).ToList();
        Assert.True(problems.Count == 0, string.Join("\n", problems));
    }

    [Fact]
    public void AFieldViewingAnOutputIsRefused()
    {
        string source = Source.Replace("public static partial class Cells\n{", """
            public static partial class Cells
            {
                [Differentiable]
                public static void Writes(ReadOnlySpan<double> x, Span<double> y)
                {
                    var v = new Window { Left = x, Scratch = y };
                    v.Scratch[0] = v.Left[0] * 2;
                }

            """, StringComparison.Ordinal);
        Assert.NotEqual(Source, source);
        var diagnostics = GeneratorHarness.BuildDiagnostics(source);
        Assert.DoesNotContain(diagnostics, d => d.Severity == DiagnosticSeverity.Error && d.Id.StartsWith("CS", StringComparison.Ordinal));
        Assert.Contains(diagnostics, d => d.Id == "SRCAD0001" && d.GetMessage().Contains("A span field viewing 'y'", StringComparison.Ordinal));
    }
}
