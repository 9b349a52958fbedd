using System.Collections.Immutable;
using System.Reflection;
using System.Runtime.Loader;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using SourceAD.Generators;

namespace SourceAD.Generators.Tests.Support;

/// <summary>Compiles C# in memory with the SourceAD generator, as a package user's build would.</summary>
public static class GeneratorHarness
{
    /// <summary>This machine's .NET framework assemblies plus SourceAD.dll: what a user's project compiles against.</summary>
    public static readonly Lazy<ImmutableArray<MetadataReference>> References = new(() =>
    {
        string tpa = (string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!;
        var refs = tpa.Split(Path.PathSeparator)
            .Where(p => Path.GetFileName(p).StartsWith("System.", StringComparison.Ordinal) || Path.GetFileName(p) is "mscorlib.dll" or "netstandard.dll")
            .Select(p => (MetadataReference)MetadataReference.CreateFromFile(p))
            .ToList();
        refs.Add(MetadataReference.CreateFromFile(typeof(DifferentiableAttribute).Assembly.Location));
        return refs.ToImmutableArray();
    });

    public static readonly CSharpParseOptions ParseOptions = new(LanguageVersion.Latest);

    public static CSharpCompilation Compilation(params string[] sources) =>
        CSharpCompilation.Create("InMemory" + Guid.NewGuid().ToString("N"),
            sources.Select((s, i) => CSharpSyntaxTree.ParseText(s, ParseOptions, path: $"Source{i}.cs")),
            References.Value,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, optimizationLevel: OptimizationLevel.Release, allowUnsafe: true, nullableContextOptions: NullableContextOptions.Enable));

    /// <summary>A compilation of named files, so that diagnostics say which file (user's or generated) they are in.</summary>
    public static CSharpCompilation CompilationOfFiles(params (string Path, string Text)[] files) =>
        CSharpCompilation.Create("InMemory" + Guid.NewGuid().ToString("N"),
            files.Select(f => CSharpSyntaxTree.ParseText(f.Text, ParseOptions, path: f.Path)),
            References.Value,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, optimizationLevel: OptimizationLevel.Release, allowUnsafe: true, nullableContextOptions: NullableContextOptions.Enable));

    public static GeneratorDriver Driver(bool track = false) =>
        CSharpGeneratorDriver.Create(new[] { new DifferentiableGenerator().AsSourceGenerator() }, parseOptions: ParseOptions,
            driverOptions: new GeneratorDriverOptions(IncrementalGeneratorOutputKind.None, trackIncrementalGeneratorSteps: track));

    /// <summary>Runs the generator; returns the output compilation and every diagnostic (generator and compiler).</summary>
    public static (Compilation Output, ImmutableArray<Diagnostic> Diagnostics, GeneratorDriverRunResult Result) Run(params string[] sources)
    {
        CSharpCompilation input = Compilation(sources);
        GeneratorDriver driver = Driver().RunGeneratorsAndUpdateCompilation(input, out Compilation output, out var generatorDiagnostics);
        var all = generatorDiagnostics.AddRange(output.GetDiagnostics());
        return (output, all, driver.GetRunResult());
    }

    /// <summary>
    /// What a user's build reports: the generator's and the compiler's diagnostics, then the analyzer's (which reports
    /// what the lowering refused).
    /// </summary>
    public static ImmutableArray<Diagnostic> BuildDiagnostics(params string[] sources)
    {
        var (output, generated, _) = Run(sources);
        var analyzers = ImmutableArray.Create<DiagnosticAnalyzer>(new SourceAD.Analyzers.DifferentiableAnalyzer());
        return generated.AddRange(output.WithAnalyzers(analyzers).GetAnalyzerDiagnosticsAsync().GetAwaiter().GetResult());
    }

    /// <summary>The messages of the SRCAD0001 refusals a user's build reports for <paramref name="sources"/>.</summary>
    public static List<string> Refusals(params string[] sources) =>
        BuildDiagnostics(sources).Where(d => d.Id == "SRCAD0001").Select(d => d.GetMessage()).ToList();

    /// <summary>Generates, compiles and loads the assembly; fails with the compiler errors if any.</summary>
    public static Assembly Load(params string[] sources)
    {
        // Emit reports every compile error itself: no separate GetDiagnostics pass (it would bind every body twice).
        GeneratorDriver driver = Driver().RunGeneratorsAndUpdateCompilation(Compilation(sources), out Compilation output, out var generatorDiagnostics);
        using var stream = new MemoryStream();
        var emit = output.Emit(stream);
        var errors = generatorDiagnostics.Concat(driver.GetRunResult().Diagnostics).Concat(emit.Diagnostics).Where(d => d.Severity == DiagnosticSeverity.Error).Distinct().ToList();
        if (errors.Count > 0 || !emit.Success)
        {
            throw new Xunit.Sdk.XunitException("Compilation failed:\n" + string.Join("\n", errors.Take(20)) + "\n" +
                string.Join("\n\n", output.SyntaxTrees.Skip(sources.Length).Take(3).Select(t => t.ToString())));
        }
        stream.Position = 0;
        return new AssemblyLoadContext(null, isCollectible: true).LoadFromStream(stream);
    }

    public static string GeneratedSource(string source, string hintSuffix)
    {
        var (_, _, result) = Run(source);
        return result.Results.Single().GeneratedSources.Single(s => s.HintName.EndsWith(hintSuffix, StringComparison.Ordinal)).SourceText.ToString();
    }
}
