using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;
using SourceAD.Analyzers;
using SourceAD.Generators.Cost;
using SourceAD.Generators.Lowering;
using SourceAD.Generators.Model;
using SourceAD.Generators.Tests.Support;

namespace SourceAD.Generators.Tests.Cost;

/// <summary>Lowers methods of in-memory sources and runs the cost analysis or the cost analyzer on them.</summary>
internal static class CostHarness
{
    public const string Usings = "using System;\nusing SourceAD;\n";

    public static string Class(string body) => Usings + "public static partial class C\n{\n" + body + "\n}\n";

    /// <summary>The lowered model of every [Differentiable] method of <paramref name="source"/>, by name.</summary>
    public static Dictionary<string, MethodModel> Models(string source)
    {
        var compilation = GeneratorHarness.Compilation(source);
        var tree = compilation.SyntaxTrees.Single();
        var semantic = compilation.GetSemanticModel(tree);
        AttributeData? assembly = compilation.Assembly.GetAttributes().FirstOrDefault(a => a.AttributeClass?.ToDisplayString() == PolicyResolver.AssemblyAttribute);
        var result = new Dictionary<string, MethodModel>();
        foreach (var syntax in tree.GetRoot().DescendantNodes().OfType<MethodDeclarationSyntax>())
        {
            var method = (IMethodSymbol)semantic.GetDeclaredSymbol(syntax)!;
            var attribute = method.GetAttributes().FirstOrDefault(a => a.AttributeClass?.ToDisplayString() == PolicyResolver.MethodAttribute);
            if (attribute is null) continue;
            var model = MethodPipeline.Lower(method, syntax, semantic, attribute, assembly, default, out var diagnostics);
            if (model is null || diagnostics.Any(d => d.Descriptor.DefaultSeverity == DiagnosticSeverity.Error))
            {
                throw new InvalidOperationException($"{method.Name} did not lower: " + string.Join("; ", diagnostics.Select(d => d.ToDiagnostic().GetMessage())));
            }
            result[method.Name] = model;
        }
        return result;
    }

    public static CostFigures Analyze(string source, string method, CostModel? cost = null) =>
        CostAnalysis.Analyze(Models(source)[method], cost ?? CostModel.Unit);

    /// <summary>The cost analyzer's diagnostics on <paramref name="source"/>, with optional .editorconfig options.</summary>
    public static ImmutableArray<Diagnostic> Diagnostics(string source, Dictionary<string, string>? editorConfig = null)
    {
        var compilation = GeneratorHarness.Compilation(source);
        var options = new AnalyzerOptions(ImmutableArray<AdditionalText>.Empty, new ConfigOptionsProvider(editorConfig ?? new()));
        var withAnalyzers = compilation.WithAnalyzers(ImmutableArray.Create<DiagnosticAnalyzer>(new CostAnalyzer()), options);
        return withAnalyzers.GetAnalyzerDiagnosticsAsync().Result;
    }

    private sealed class ConfigOptionsProvider(Dictionary<string, string> values) : AnalyzerConfigOptionsProvider
    {
        private readonly Options _options = new(values);
        public override AnalyzerConfigOptions GlobalOptions => _options;
        public override AnalyzerConfigOptions GetOptions(SyntaxTree tree) => _options;
        public override AnalyzerConfigOptions GetOptions(AdditionalText textFile) => _options;
    }

    private sealed class Options(Dictionary<string, string> values) : AnalyzerConfigOptions
    {
        public override bool TryGetValue(string key, out string value) => values.TryGetValue(key, out value!);
    }
}
