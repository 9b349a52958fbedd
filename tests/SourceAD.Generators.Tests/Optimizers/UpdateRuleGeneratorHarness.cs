using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using SourceAD.Generators.Optimizers;

namespace SourceAD.Generators.Tests.Optimizers;

/// <summary>Runs <see cref="UpdateRuleGenerator"/> on in-memory sources, as the compiler would.</summary>
internal static class UpdateRuleGeneratorHarness
{
    private static readonly ImmutableArray<MetadataReference> References =
    [
        .. ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!)
            .Split(Path.PathSeparator)
            .Select(path => MetadataReference.CreateFromFile(path)),
        MetadataReference.CreateFromFile(typeof(SourceAD.Optimizers.UpdateRuleAttribute).Assembly.Location),
    ];

    public static CSharpCompilation Compile(string source, bool allowUnsafe = true) =>
        CSharpCompilation.Create(
            "RuleTests",
            [CSharpSyntaxTree.ParseText(source, new CSharpParseOptions(LanguageVersion.Latest), path: "Rules.cs")],
            References,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, allowUnsafe: allowUnsafe, nullableContextOptions: NullableContextOptions.Enable));

    public static (GeneratorDriver Driver, Compilation Output, ImmutableArray<Diagnostic> Diagnostics) Run(string source, bool allowUnsafe = true)
    {
        GeneratorDriver driver = CSharpGeneratorDriver.Create(
            [new UpdateRuleGenerator().AsSourceGenerator()],
            driverOptions: new GeneratorDriverOptions(IncrementalGeneratorOutputKind.None, trackIncrementalGeneratorSteps: true));
        var compilation = Compile(source, allowUnsafe);
        driver = driver.RunGeneratorsAndUpdateCompilation(compilation, out var output, out var diagnostics);
        return (driver, output, diagnostics);
    }

    public static string GeneratedText(GeneratorDriver driver, string hintName) =>
        driver.GetRunResult().Results.Single().GeneratedSources.Single(s => s.HintName == hintName).SourceText.ToString();
}
