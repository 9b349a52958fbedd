using System.Text.RegularExpressions;
using SourceAD.Generators.Tests.Support;
using Xunit;

namespace SourceAD.Generators.Tests;

/// <summary>Every generated member names one tool, SourceAD, and the generator assembly's own version.</summary>
public class GeneratedCodeAttributeTests
{
    private static readonly string Expected =
        $"[global::System.CodeDom.Compiler.GeneratedCode(\"SourceAD\", \"{typeof(DifferentiableGenerator).Assembly.GetName().Version!.ToString(3)}\")]";

    private const string Source = """
        using SourceAD;
        using SourceAD.Optimizers;
        using SourceAD.Tensors;
        namespace Demo;
        public static partial class F
        {
            [Differentiable] public static double Square(double x) => x * x;

            [UpdateRule]
            public static void Step(ref double theta, in double g, double lr) { theta = theta - lr * g; }
        }
        public partial class Model
        {
            [Parameter] public Tensor W { get; set; } = null!;
            [Differentiable] public Tensor Loss(Tensor x) => Ops.Sum(Ops.MatMul(x, W));
        }
        """;

    [Fact]
    public void EveryGeneratedFileUsesTheAssemblysToolAndVersion()
    {
        var (_, _, result) = GeneratorHarness.Run(Source);
        var (driver, _, _) = Optimizers.UpdateRuleGeneratorHarness.Run(Source);
        var texts = result.Results.Concat(driver.GetRunResult().Results).SelectMany(r => r.GeneratedSources)
            .Select(f => (f.HintName, Text: f.SourceText.ToString())).Distinct().ToList();
        string names = string.Join(", ", texts.Select(t => t.HintName));
        foreach (string member in new[] { "Square", "Step", "Model" })
        {
            Assert.True(texts.Any(t => t.HintName.Contains(member) && t.Text.Contains(Expected)), $"no generated file for {member} carries {Expected}: {names}");
        }
        foreach (var (_, text) in texts)
        {
            foreach (Match m in Regex.Matches(text, @"\[global::System\.CodeDom\.Compiler\.GeneratedCode\([^\]]*\)\]"))
            {
                Assert.Equal(Expected, m.Value);
            }
        }
    }
}
