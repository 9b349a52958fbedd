using System.Collections;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using SourceAD.Generators.Lowering;
using SourceAD.Generators.Tests.Support;
using Xunit;

namespace SourceAD.Generators.Tests;

/// <summary>
/// Implicit helpers in the incremental pipeline: their models are symbol-free values, an unrelated edit leaves every
/// step cached, and an edit to a helper's body (in another file than its caller) reaches the generated output.
/// </summary>
public class ImplicitHelperIncrementalTests
{
    private const string Caller = """
        using SourceAD;
        namespace Demo;
        public static partial class F
        {
            [Differentiable] public static double Loss(double x, double y) => Act.Sigmoid(x * y) + x;
        }
        """;

    private const string Helper = """
        using System;
        namespace Demo;
        public static partial class Act
        {
            internal static double Sigmoid(double z) => 1.0 / (1.0 + Math.Exp(-z));
        }
        """;

    private static SyntaxTree Parse(string text, SyntaxTree old) => CSharpSyntaxTree.ParseText(text, GeneratorHarness.ParseOptions, path: old.FilePath);

    [Fact]
    public void UnrelatedEditLeavesHelperStepsCached()
    {
        CSharpCompilation first = GeneratorHarness.Compilation(Caller, Helper, "namespace Other; public class A { public int X => 1; }");
        GeneratorDriver driver = GeneratorHarness.Driver(track: true).RunGenerators(first);
        SyntaxTree old = first.SyntaxTrees.Last();
        driver = driver.RunGenerators(first.ReplaceSyntaxTree(old, Parse("namespace Other; public class A { public int X => 2; }", old)));
        var steps = driver.GetRunResult().Results.Single().TrackedSteps;
        foreach (string step in new[] { DifferentiableGenerator.Steps.Lowered, DifferentiableGenerator.Steps.Resolved, DifferentiableGenerator.Steps.Helpers })
        {
            var outputs = steps[step].SelectMany(s => s.Outputs).ToList();
            Assert.NotEmpty(outputs);
            Assert.All(outputs, o => Assert.True(o.Reason is IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged, $"{step}: {o.Reason}"));
        }
    }

    [Fact]
    public void EditToAHelperBodyRegeneratesWhatDependsOnIt()
    {
        CSharpCompilation first = GeneratorHarness.Compilation(Caller, Helper);
        GeneratorDriver driver = GeneratorHarness.Driver(track: true).RunGenerators(first);
        string before = HelperSource(driver);
        Assert.Contains("Exp(", before);

        // Another body for the helper: its caller is lowered again and the helper's derivatives follow the new body.
        SyntaxTree helperTree = first.SyntaxTrees.ElementAt(1);
        CSharpCompilation second = first.ReplaceSyntaxTree(helperTree, Parse(Helper.Replace("1.0 / (1.0 + Math.Exp(-z))", "Math.Tanh(z)"), helperTree));
        driver = driver.RunGenerators(second);
        var lowered = driver.GetRunResult().Results.Single().TrackedSteps[DifferentiableGenerator.Steps.Lowered].SelectMany(s => s.Outputs).ToList();
        Assert.Contains(lowered, o => o.Reason == IncrementalStepRunReason.Modified);
        string after = HelperSource(driver);
        Assert.DoesNotContain("Exp(", after);
        Assert.Contains("Tanh(", after);

        // A body the generator cannot differentiate: neither the helper nor its caller is generated any more.
        SyntaxTree current = second.SyntaxTrees.ElementAt(1);
        driver = driver.RunGenerators(second.ReplaceSyntaxTree(current,
            Parse(Helper.Replace("=> 1.0 / (1.0 + Math.Exp(-z));", "{ try { return Math.Tanh(z); } catch (ArithmeticException) { return 0; } }"), current)));
        Assert.Empty(driver.GetRunResult().Results.Single().GeneratedSources);
    }

    private static string HelperSource(GeneratorDriver driver) =>
        driver.GetRunResult().Results.Single().GeneratedSources.Single(s => s.HintName.StartsWith("Demo.Act.Sigmoid(", StringComparison.Ordinal)).SourceText.ToString();

    [Fact]
    public void HelperModelsHoldNoSymbolsSyntaxOrLocations()
    {
        CSharpCompilation compilation = GeneratorHarness.Compilation(Caller, Helper);
        SyntaxTree tree = compilation.SyntaxTrees.First();
        SemanticModel model = compilation.GetSemanticModel(tree);
        var decl = tree.GetRoot().DescendantNodes().OfType<MethodDeclarationSyntax>().Single();
        IMethodSymbol symbol = model.GetDeclaredSymbol(decl)!;
        var lowered = MethodPipeline.Lower(symbol, decl, model, symbol.GetAttributes()[0], null, default, out _, out _, out _, out _, out var helpers, out _);
        Assert.NotNull(lowered);
        Assert.Equal("Demo.Act.Sigmoid(double)", Assert.Single(helpers).Key.Replace("global::", ""));
        foreach (var helper in helpers) IncrementalTests.Walk(helper, new HashSet<object>(ReferenceEqualityComparer.Instance));
    }
}
