extern alias gen;
using System.Collections.Immutable;
using System.Text;
using BenchmarkDotNet.Attributes;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace SourceAD.Benchmarks.Ad;

/// <summary>The generator's own cost: a cold run over a file of 100 [Differentiable] methods, and re-running after an edit inside one of them.</summary>
[MemoryDiagnoser, ShortRunJob]
public class GeneratorBenchmarks
{
    private CSharpCompilation _compilation = null!, _edited = null!;
    private GeneratorDriver _warm = null!;
    private static readonly CSharpParseOptions Parse = new(LanguageVersion.Latest);

    [GlobalSetup]
    public void Setup()
    {
        var refs = ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!).Split(Path.PathSeparator)
            .Where(p => Path.GetFileName(p).StartsWith("System.", StringComparison.Ordinal) || Path.GetFileName(p) == "netstandard.dll")
            .Select(p => (MetadataReference)MetadataReference.CreateFromFile(p))
            .Append(MetadataReference.CreateFromFile(typeof(DifferentiableAttribute).Assembly.Location))
            .ToImmutableArray();
        string source = Methods(100, edited: false);
        _compilation = CSharpCompilation.Create("Bench", new[] { CSharpSyntaxTree.ParseText(source, Parse, "Methods.cs") }, refs,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary));
        var tree = _compilation.SyntaxTrees[0];
        _edited = _compilation.ReplaceSyntaxTree(tree, CSharpSyntaxTree.ParseText(Methods(100, edited: true), Parse, "Methods.cs"));
        _warm = NewDriver().RunGenerators(_compilation);
    }

    private static GeneratorDriver NewDriver() =>
        CSharpGeneratorDriver.Create(new[] { new gen::SourceAD.Generators.DifferentiableGenerator().AsSourceGenerator() }, parseOptions: Parse);

    /// <summary>100 varied methods: loops, branches, array reads and writes, calls between them.</summary>
    private static string Methods(int count, bool edited)
    {
        var sb = new StringBuilder("using System;\nusing SourceAD;\nnamespace Bench;\npublic static partial class M\n{\n");
        for (int i = 0; i < count; i++)
        {
            string extra = edited && i == count / 2 ? " + 0.5 * x" : "";
            sb.Append($$"""
                    [Differentiable]
                    public static double F{{i}}(double x, double[] w, int n)
                    {
                        double s = Math.Sin(x) * {{i + 1}}.0;
                        var tmp = new double[n];
                        for (int j = 0; j < n; j++)
                        {
                            tmp[j] = w[j] * x + Math.Exp(-w[j] * w[j]);
                            if (tmp[j] > 0) s += Math.Log(1 + tmp[j]); else s -= tmp[j] * tmp[j];
                        }
                        {{(i > 0 ? $"s += F{i - 1}(x * 0.5, w, n);" : "")}}
                        return Math.Tanh(s){{extra}};
                    }

                """);
        }
        return sb.Append("}\n").ToString();
    }

    [Benchmark(Baseline = true)]
    public GeneratorDriver ColdRun() => NewDriver().RunGenerators(_compilation);

    [Benchmark]
    public GeneratorDriver EditInsideOneMethod() => _warm.RunGenerators(_edited);
}
