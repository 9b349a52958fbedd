using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Testing;
using SourceAD.Analyzers;
using SourceAD.Generators.Tests.Support;
using Xunit;

namespace SourceAD.Generators.Tests;

/// <summary>
/// Tensor and Tensor[] members are a model's trained parameters; a Tensor[] one (per-layer weights) is trained element
/// by element. A <c>[Parameter] double</c> or <c>Tensor[][]</c> read by a tensor method once compiled without a word and
/// got no gradient; each is refused where the method first reads it, with the rewrite. A Tensor[] member is read by
/// element, walked, measured or passed whole to a [Differentiable] method: any other use (reassigning it, writing an
/// element, aliasing it, reading another object's) would leave gradients sized for another array, and is refused.
/// </summary>
public class TensorParameterMemberTests
{
    private const string Hint = "only Tensor and Tensor[] members are trained: declare a [Parameter] Tensor or Tensor[] per weight (for nested groups, one Tensor[] per kind: Tensor[] convWeights, Tensor[] bnScales), or stack the weights in one [Parameter] tensor and slice it (Ops.Narrow)";

    private static string ArrayHint(string name) =>
        $"a [Differentiable] method reads a [Parameter] Tensor[] by element ({name}[l]), walks it (foreach (var w in {name})), reads {name}.Length or passes it whole to a [Differentiable] method's Tensor[] parameter; set its elements outside (in the constructor or after an optimizer step), and copy what you need into a local Tensor (var w = {name}[l];)";

    [Fact]
    public Task AScalarOrNestedArrayParameterIsRefusedWhereItIsRead() => new Verify.Analyzer<DifferentiableAnalyzer>("""
        using SourceAD;
        using SourceAD.Tensors;

        public partial class Stack
        {
            [Parameter] public Tensor Head = null!;
            [Parameter] public Tensor[] Layers = null!;
            [Parameter] public Tensor[][] Groups = null!;
            [Parameter] public double Gain;

            [Differentiable]
            public Tensor Loss(Tensor x)
            {
                var h = x;
                for (int l = 0; l < Layers.Length; l++) h = Ops.Tanh(Ops.Linear(h, Layers[l]));
                return Ops.Sum(Ops.Linear(h, Head));
            }

            [Differentiable]
            public Tensor Scaled(Tensor x) => Ops.MulScalar(Ops.Linear(x, Head), {|#1:Gain|});

            [Differentiable]
            public Tensor Grouped(Tensor x) => Ops.Linear(x, {|#2:Groups|}[0][1]);
        }
        """,
        new DiagnosticResult("SRCAD0001", DiagnosticSeverity.Error).WithLocation(1).WithArguments("The [Parameter] member 'Gain' of type 'double'", Hint),
        new DiagnosticResult("SRCAD0001", DiagnosticSeverity.Error).WithLocation(2).WithArguments("The [Parameter] member 'Groups' of type 'SourceAD.Tensors.Tensor[][]'", Hint)).RunAsync();

    [Fact]
    public Task ATensorArrayParameterIsNotReassignedWrittenAliasedOrReadOnAnotherObject() => new Verify.Analyzer<DifferentiableAnalyzer>("""
        using SourceAD;
        using SourceAD.Tensors;

        public partial class Stack
        {
            [Parameter] public Tensor[] Layers = null!;

            [Differentiable]
            public Tensor Reassigned(Tensor x)
            {
                {|#0:Layers|} = new Tensor[] { x };
                return Ops.Sum(Ops.Linear(x, Layers[0]));
            }

            [Differentiable]
            public Tensor Aliased(Tensor x)
            {
                Tensor[] ws = {|#1:Layers|};
                return Ops.Sum(Ops.Linear(x, Layers[0]));
            }

            [Differentiable]
            public Tensor Other(Tensor x, Stack other) => Ops.Sum(Ops.Linear(x, {|#2:other.Layers|}[0]));
        }
        """,
        new DiagnosticResult("SRCAD0001", DiagnosticSeverity.Error).WithLocation(0).WithArguments("Reassigning the [Parameter] array 'Layers'", ArrayHint("Layers")),
        new DiagnosticResult("SRCAD0001", DiagnosticSeverity.Error).WithLocation(1).WithArguments("Using the [Parameter] array 'Layers' as a whole (aliased, passed on or compared)", ArrayHint("Layers")),
        new DiagnosticResult("SRCAD0001", DiagnosticSeverity.Error).WithLocation(2).WithArguments("Reading the [Parameter] array 'Layers' of another object", ArrayHint("Layers"))).RunAsync();

    [Fact]
    public Task WritingAnElementOfATensorArrayParameterIsRefused() => new Verify.Analyzer<DifferentiableAnalyzer>("""
        using SourceAD;
        using SourceAD.Tensors;

        public partial class Stack
        {
            [Parameter] public Tensor[] Layers = null!;

            [Differentiable]
            public Tensor Written(Tensor x)
            {
                {|#0:Layers|}[0] = Ops.Tanh(x);
                return Ops.Sum(Ops.Linear(x, Layers[0]));
            }
        }
        """,
        new DiagnosticResult("SRCAD0001", DiagnosticSeverity.Error).WithLocation(0).WithArguments("Writing an element of the [Parameter] array 'Layers'", ArrayHint("Layers"))).RunAsync();

    /// <summary>
    /// Every supported use of a [Parameter] Tensor[] (counter and constant index, foreach, whole to a Tensor[]
    /// parameter, elements to a block method, an op that needs the element's tangent) compiles without a warning, and
    /// the parameter set lists the array element by element.
    /// </summary>
    [Fact]
    public void SupportedUsesCompileWithoutWarnings()
    {
        var (_, diagnostics, result) = GeneratorHarness.Run("""
            using SourceAD;
            using SourceAD.Tensors;
            namespace Demo;
            public partial class Stack
            {
                [Parameter] public Tensor[] Layers = null!;
                [Parameter] public Tensor Head = null!;
                [Parameter] public Tensor[] Gates = null!;

                [Differentiable]
                public Tensor Layer(Tensor h, Tensor w) => Ops.Tanh(Ops.Linear(h, w));

                [Differentiable]
                public static Tensor Chain(Tensor h, Tensor[] ws)
                {
                    for (int i = 0; i < ws.Length; i++) h = Ops.Linear(h, ws[i]);
                    return h;
                }

                [Differentiable]
                public Tensor Loss(Tensor x)
                {
                    var h = Ops.Linear(x, Layers[0]);
                    for (int l = 1; l < Layers.Length; l++) h = Layer(h, Layers[l]);
                    foreach (var g in Gates) h = Ops.Mul(h, Ops.Relu(g));
                    h = Chain(h, Layers);
                    return Ops.Sum(Ops.Linear(h, Head));
                }
            }
            """);
        Diagnostic[] problems = diagnostics.Where(d => d.Severity >= DiagnosticSeverity.Warning && !d.Id.StartsWith("SRCAD1", StringComparison.Ordinal)).ToArray();
        Assert.True(problems.Length == 0, string.Join("\n", problems.Select(d => d.ToString())));
        string set = string.Join("\n", result.Results.Single().GeneratedSources.Where(g => g.HintName.Contains("Parameters", StringComparison.Ordinal)).Select(g => g.SourceText.ToString()));
        Assert.Contains("all.AddRange(this.Layers);", set, StringComparison.Ordinal);
        Assert.Contains("public global::SourceAD.Tensors.Tensor?[]? Gates;", set, StringComparison.Ordinal);
    }
}
