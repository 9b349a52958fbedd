using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using SourceAD.Generators.Analyses;
using SourceAD.Generators.Printing;
using SourceAD.Generators.Tests.Support;
using SourceAD.Generators.Transforms;
using Xunit;

namespace SourceAD.Generators.Tests.Cost;

/// <summary>
/// The tensor pullback (Transforms/TensorPullback*.cs) says what its lines are, as the scalar one does
/// (<see cref="PullbackLineKindTests"/>): every tensor or index tape push and pop, and every adjoint accumulation
/// (<c>Ops.AddInPlace</c>), is written with its <see cref="LineKind"/>, so anything that counts the plan's records
/// reads them from the structure, not from the text. Programs: a loop that overwrites tensors (the tensor tape), a loop
/// whose trip count and a branch whose outcome go on the index tape, a callee's pullback, element adjoints of a
/// Tensor[] input.
/// </summary>
public class TensorLineKindTests
{
    private const string Source = """
        using SourceAD;
        using SourceAD.Tensors;
        namespace Demo;
        public partial class Cell
        {
            [Parameter] public Tensor W = null!, U = null!;
            public bool Training;

            [Differentiable]
            public Tensor Step(Tensor h, Tensor x) => Ops.Tanh(Ops.Add(Ops.Linear(h, W), Ops.Linear(x, U)));

            [Differentiable]
            public Tensor Run(Tensor h0, Tensor[] xs, int repeats)
            {
                var h = h0;
                for (int r = 0; r < repeats; r++)
                {
                    for (int t = 0; t < xs.Length; t++)
                    {
                        h = Step(h, xs[t]);
                        if (Training) h = Ops.Relu(h);
                    }
                }
                return Ops.Sum(h);
            }
        }
        """;

    [Fact]
    public void EveryTapeLineAndAccumulationIsWrittenAsOne()
    {
        CSharpCompilation compilation = GeneratorHarness.Compilation(Source);
        SyntaxTree tree = compilation.SyntaxTrees.Single();
        SemanticModel model = compilation.GetSemanticModel(tree);
        int pushes = 0, pops = 0, accumulations = 0;
        foreach (MethodDeclarationSyntax decl in tree.GetRoot().DescendantNodes().OfType<MethodDeclarationSyntax>())
        {
            IMethodSymbol symbol = model.GetDeclaredSymbol(decl)!;
            MethodPipeline.Lower(symbol, decl, model, symbol.GetAttributes()[0], null, default, out var diagnostics, out _, out var tensor);
            Assert.Empty(diagnostics);
            Assert.NotNull(tensor);
            foreach (bool withInputs in new[] { false, true })
            {
                var writer = new CodeWriter();
                new TensorPullback(TensorActivity.Of(tensor!, withInputs), "true").Emit(writer, seed: withInputs);
                foreach (WrittenLine line in writer.Lines)
                {
                    string t = line.Text.Trim();
                    // The finally block's cleanup drains the tape to recycle what is left: not a pop of the plan.
                    bool cleanup = t.StartsWith("while (tape.Count > 0)", StringComparison.Ordinal);
                    bool push = t.Contains("tape.Push(", StringComparison.Ordinal);
                    bool pop = t.Contains("tape.Pop()", StringComparison.Ordinal) && !cleanup;
                    bool accumulation = t.Contains("Ops.AddInPlace(", StringComparison.Ordinal);
                    Assert.True(push == (line.Kind == LineKind.Push), $"{symbol.Name}: '{t}' is written as {line.Kind}");
                    Assert.True(pop == (line.Kind == LineKind.Pop), $"{symbol.Name}: '{t}' is written as {line.Kind}");
                    Assert.True(accumulation == (line.Kind == LineKind.Accumulate), $"{symbol.Name}: '{t}' is written as {line.Kind}");
                    pushes += push ? 1 : 0;
                    pops += pop ? 1 : 0;
                    accumulations += accumulation ? 1 : 0;
                }
            }
        }
        // The programs exercise every kind: a vacuous pass (nothing taped, nothing accumulated) would prove nothing.
        Assert.True(pushes > 0 && pops > 0 && accumulations > 0, $"pushes {pushes}, pops {pops}, accumulations {accumulations}");
    }
}
