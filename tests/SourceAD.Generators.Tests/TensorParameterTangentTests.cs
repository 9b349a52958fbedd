using Microsoft.CodeAnalysis;
using SourceAD.Generators.Tests.Support;
using Xunit;

namespace SourceAD.Generators.Tests;

/// <summary>
/// A [Parameter] passed straight into an op whose forward rule needs its tangent (Embedding of a table, Relu or Sum of
/// a weight): the generated pushforward reads it as <c>direction?.W</c> under a null guard, and must compile without
/// nullable warnings (a user's warnings-as-errors build broke on CS8604).
/// </summary>
public class TensorParameterTangentTests
{
    [Fact]
    public void GeneratedCodeHasNoCompilerWarnings()
    {
        var (_, diagnostics, _) = GeneratorHarness.Run("""
            using SourceAD;
            using SourceAD.Tensors;
            namespace Demo;
            public partial class TinyLm
            {
                [Parameter] public Tensor E = null!, W = null!;

                [Differentiable]
                public Tensor Loss(Tensor x, int[] tokens)
                {
                    var h = Ops.Mul(Ops.Embedding(E, tokens), x);
                    return Ops.Sum(Ops.Add(h, Ops.Relu(W)));
                }
            }
            """);
        Diagnostic[] compiler = diagnostics.Where(d => d.Id.StartsWith("CS", StringComparison.Ordinal) && d.Severity >= DiagnosticSeverity.Warning).ToArray();
        Assert.True(compiler.Length == 0, string.Join("\n", compiler.Select(d => d.ToString())));
    }
}
