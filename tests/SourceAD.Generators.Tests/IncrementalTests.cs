using System.Collections;
using System.Reflection;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using SourceAD.Generators.Lowering;
using SourceAD.Generators.Tests.Support;
using Xunit;

namespace SourceAD.Generators.Tests;

public class IncrementalTests
{
    private const string Differentiable = """
        using SourceAD;
        namespace Demo;
        public static partial class F
        {
            [Differentiable] public static double Square(double x) => x * x;
            [Differentiable] public static double Loop(double[] x) { double s = 0; foreach (var v in x) s += v * v; return s; }
        }
        """;

    [Fact]
    public void UnrelatedEditLeavesTrackedStepsCached()
    {
        CSharpCompilation first = GeneratorHarness.Compilation(Differentiable, "namespace Other; public class A { public int X => 1; }");
        GeneratorDriver driver = GeneratorHarness.Driver(track: true).RunGenerators(first);

        // Edit the unrelated file only.
        SyntaxTree old = first.SyntaxTrees.Last();
        CSharpCompilation second = first.ReplaceSyntaxTree(old, CSharpSyntaxTree.ParseText("namespace Other; public class A { public int X => 2; public int Y => 3; }", GeneratorHarness.ParseOptions, path: old.FilePath));
        driver = driver.RunGenerators(second);

        var steps = driver.GetRunResult().Results.Single().TrackedSteps;
        foreach (string step in new[] { DifferentiableGenerator.Steps.Lowered, DifferentiableGenerator.Steps.Resolved })
        {
            var outputs = steps[step].SelectMany(s => s.Outputs).ToList();
            Assert.NotEmpty(outputs);
            Assert.All(outputs, o => Assert.True(o.Reason is IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged, $"{step}: {o.Reason}"));
        }
    }

    [Fact]
    public void EditInsideAMethodRegeneratesOnlyThatMethod()
    {
        CSharpCompilation first = GeneratorHarness.Compilation(Differentiable);
        GeneratorDriver driver = GeneratorHarness.Driver(track: true).RunGenerators(first);
        SyntaxTree tree = first.SyntaxTrees.Single();
        var edited = CSharpSyntaxTree.ParseText(tree.ToString().Replace("x * x;", "x * x * x;"), GeneratorHarness.ParseOptions, path: tree.FilePath);
        driver = driver.RunGenerators(first.ReplaceSyntaxTree(tree, edited));
        var reasons = driver.GetRunResult().Results.Single().TrackedSteps[DifferentiableGenerator.Steps.Lowered].SelectMany(s => s.Outputs).Select(o => o.Reason).ToList();
        Assert.Equal(1, reasons.Count(r => r == IncrementalStepRunReason.Modified));
        Assert.Equal(1, reasons.Count(r => r is IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged));
    }

    [Fact]
    public void ModelHoldsNoSymbolsSyntaxOrLocations()
    {
        CSharpCompilation compilation = GeneratorHarness.Compilation(Differentiable);
        var tree = compilation.SyntaxTrees.Single();
        var model = compilation.GetSemanticModel(tree);
        foreach (var decl in tree.GetRoot().DescendantNodes().OfType<Microsoft.CodeAnalysis.CSharp.Syntax.MethodDeclarationSyntax>())
        {
            var symbol = model.GetDeclaredSymbol(decl)!;
            var lowered = MethodPipeline.Lower(symbol, decl, model, symbol.GetAttributes()[0], null, default, out _);
            Assert.NotNull(lowered);
            Walk(lowered!, new HashSet<object>(ReferenceEqualityComparer.Instance));
        }
    }

    private const string NestedArrays = """
        using SourceAD;
        namespace Demo;
        public static partial class N
        {
            [Differentiable]
            public static double Rect(double[,] a, double[][] b)
            {
                var t = new double[a.GetLength(0)][];
                double s = 0;
                for (int i = 0; i < t.Length; i++)
                {
                    t[i] = new double[b[i].Length];
                    var row = b[i];
                    for (int j = 0; j < row.Length; j++) { t[i][j] = a[i, j] * row[^1]; s += t[i][j]; }
                    double[] prev = new double[2], cur = new double[2];
                    (prev, cur) = (cur, prev);
                }
                return s;
            }
        }
        """;

    [Fact]
    public void NestedArrayModelsAreCachedAndSymbolFree()
    {
        // Rectangular and jagged arrays, rows, allocations in loops and array binds: the model compares by value
        // (an unrelated edit leaves it cached) and holds no symbols.
        CSharpCompilation first = GeneratorHarness.Compilation(NestedArrays, "namespace Other; public class A { public int X => 1; }");
        GeneratorDriver driver = GeneratorHarness.Driver(track: true).RunGenerators(first);
        SyntaxTree old = first.SyntaxTrees.Last();
        driver = driver.RunGenerators(first.ReplaceSyntaxTree(old, CSharpSyntaxTree.ParseText("namespace Other; public class A { public int X => 2; }", GeneratorHarness.ParseOptions, path: old.FilePath)));
        var outputs = driver.GetRunResult().Results.Single().TrackedSteps[DifferentiableGenerator.Steps.Lowered].SelectMany(s => s.Outputs).ToList();
        Assert.NotEmpty(outputs);
        Assert.All(outputs, o => Assert.True(o.Reason is IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged, o.Reason.ToString()));

        CSharpCompilation compilation = GeneratorHarness.Compilation(NestedArrays);
        var tree = compilation.SyntaxTrees.Single();
        var decl = tree.GetRoot().DescendantNodes().OfType<Microsoft.CodeAnalysis.CSharp.Syntax.MethodDeclarationSyntax>().Single();
        var symbol = compilation.GetSemanticModel(tree).GetDeclaredSymbol(decl)!;
        var lowered = MethodPipeline.Lower(symbol, decl, compilation.GetSemanticModel(tree), symbol.GetAttributes()[0], null, default, out _);
        Assert.NotNull(lowered);
        Walk(lowered!, new HashSet<object>(ReferenceEqualityComparer.Instance));
    }

    internal static void Walk(object node, HashSet<object> seen)
    {
        if (node is null || node is string || node.GetType().IsPrimitive || node is decimal || !seen.Add(node)) return;
        Type type = node.GetType();
        Assert.False(node is ISymbol or SyntaxNode or Location or SemanticModel or Compilation, $"The model holds a {type.Name}.");
        if (node is IEnumerable items)
        {
            foreach (object? item in items) if (item is not null) Walk(item, seen);
            return;
        }
        foreach (FieldInfo f in type.GetFields(BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic))
        {
            if (f.FieldType.IsPointer || typeof(Delegate).IsAssignableFrom(f.FieldType)) continue;
            object? value = f.GetValue(node);
            if (value is not null) Walk(value, seen);
        }
    }

    private const string Tensors = """
        using SourceAD;
        using SourceAD.Tensors;
        namespace Demo;
        public partial class Net
        {
            [Parameter] public Tensor W = null!;
            public bool Training;
            [Differentiable] public Tensor Step(Tensor h) => Ops.Tanh(Ops.Linear(h, W));
            [Differentiable]
            public Tensor Loss(Tensor x, int n)
            {
                var h = x;
                for (int i = 0; i < n; i++) { var s = h; h = Ops.Add(Step(h), s); }
                if (Training) h = Ops.Relu(h);
                return Ops.Sum(h);
            }
        }
        """;

    [Fact]
    public void UnrelatedEditLeavesTensorProgramsCached()
    {
        CSharpCompilation first = GeneratorHarness.Compilation(Tensors, "namespace Other; public class A { public int X => 1; }");
        GeneratorDriver driver = GeneratorHarness.Driver(track: true).RunGenerators(first);
        SyntaxTree old = first.SyntaxTrees.Last();
        CSharpCompilation second = first.ReplaceSyntaxTree(old, CSharpSyntaxTree.ParseText("namespace Other; public class A { public int X => 2; }", GeneratorHarness.ParseOptions, path: old.FilePath));
        driver = driver.RunGenerators(second);
        var outputs = driver.GetRunResult().Results.Single().TrackedSteps[DifferentiableGenerator.Steps.Lowered].SelectMany(s => s.Outputs).ToList();
        Assert.Equal(2, outputs.Count);
        Assert.All(outputs, o => Assert.True(o.Reason is IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged, o.Reason.ToString()));

        // An edit inside one tensor method regenerates only that method; the same text again compares equal (Unchanged).
        SyntaxTree tree = second.SyntaxTrees.First();
        var edited = CSharpSyntaxTree.ParseText(tree.ToString().Replace("Ops.Relu(h)", "Ops.Sigmoid(h)"), GeneratorHarness.ParseOptions, path: tree.FilePath);
        driver = driver.RunGenerators(second.ReplaceSyntaxTree(tree, edited));
        var reasons = driver.GetRunResult().Results.Single().TrackedSteps[DifferentiableGenerator.Steps.Lowered].SelectMany(s => s.Outputs).Select(o => o.Reason).ToList();
        Assert.Equal(1, reasons.Count(r => r == IncrementalStepRunReason.Modified));
        Assert.Equal(1, reasons.Count(r => r is IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged));
    }

    [Fact]
    public void TensorModelHoldsNoSymbolsSyntaxOrLocations()
    {
        CSharpCompilation compilation = GeneratorHarness.Compilation(Tensors);
        var tree = compilation.SyntaxTrees.Single();
        var model = compilation.GetSemanticModel(tree);
        foreach (var decl in tree.GetRoot().DescendantNodes().OfType<Microsoft.CodeAnalysis.CSharp.Syntax.MethodDeclarationSyntax>())
        {
            var symbol = model.GetDeclaredSymbol(decl)!;
            MethodPipeline.Lower(symbol, decl, model, symbol.GetAttributes()[0], null, default, out var diagnostics, out _, out var tensor);
            Assert.Empty(diagnostics);
            Assert.NotNull(tensor);
            Walk(tensor!, new HashSet<object>(ReferenceEqualityComparer.Instance));
            // Structural equality: lowering the same method twice gives equal models.
            MethodPipeline.Lower(symbol, decl, model, symbol.GetAttributes()[0], null, default, out _, out _, out var again);
            Assert.Equal(tensor, again);
        }
    }
}
