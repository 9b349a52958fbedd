using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Testing;
using SourceAD.Analyzers;
using SourceAD.Generators.Tests.Support;
using Xunit;

namespace SourceAD.Generators.Tests;

/// <summary>
/// Only Tensor members are a model's trained parameters. A <c>[Parameter] Tensor[]</c> (per-layer weights) or a
/// <c>[Parameter] double</c> read by a tensor method once compiled without a word and got no gradient; each is now
/// refused where the method first reads it, with the rewrite.
/// </summary>
public class TensorParameterMemberTests
{
    private const string Hint = "only Tensor members are trained: declare one [Parameter] Tensor per weight, or stack the weights in one [Parameter] tensor and slice it (Ops.Narrow)";

    [Fact]
    public Task ATensorArrayOrScalarParameterIsRefusedWhereItIsRead() => new Verify.Analyzer<DifferentiableAnalyzer>("""
        using SourceAD;
        using SourceAD.Tensors;

        public partial class Stack
        {
            [Parameter] public Tensor Head = null!;
            [Parameter] public Tensor[] Layers = null!;
            [Parameter] public double Gain;

            [Differentiable]
            public Tensor Loss(Tensor x)
            {
                var h = x;
                for (int l = 0; l < {|#0:Layers|}.Length; l++) h = Ops.Tanh(Ops.Linear(h, Layers[l]));
                return Ops.Sum(Ops.Linear(h, Head));
            }

            [Differentiable]
            public Tensor Scaled(Tensor x) => Ops.MulScalar(Ops.Linear(x, Head), {|#1:Gain|});
        }
        """,
        new DiagnosticResult("SRCAD0001", DiagnosticSeverity.Error).WithLocation(0).WithArguments("The [Parameter] member 'Layers' of type 'SourceAD.Tensors.Tensor[]'", Hint),
        new DiagnosticResult("SRCAD0001", DiagnosticSeverity.Error).WithLocation(1).WithArguments("The [Parameter] member 'Gain' of type 'double'", Hint)).RunAsync();
}
