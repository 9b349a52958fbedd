using System.Collections.Concurrent;
using System.Collections.Immutable;
using System.Reflection;
using System.Runtime.Loader;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using SourceAD.Analyzers;
using SourceAD.Generators.Tests.Support;

namespace SourceAD.Generators.Tests.NaturalCorpus;

public enum Verdict
{
    /// <summary>Derivatives generated, compiled and checked (value oracle, finite differences, dot product, closed form).</summary>
    Works,

    /// <summary>Cleanly refused: only SRCAD errors, all located in the user's file.</summary>
    Refused,

    /// <summary>A defect: crash, uncompilable generated code, missing members, wrong value or wrong derivative.</summary>
    Failed,
}

public sealed record CorpusOutcome(string Name, bool ExpectWorks, Verdict Verdict, string Detail);

/// <summary>Compiles a corpus program as a user's build would (generator and analyzer), classifies the result, and checks it.</summary>
public static class CorpusRunner
{
    /// <summary>"ID (file:line): message" on one line, the message's whitespace collapsed.</summary>
    public static string OneLine(Diagnostic d)
    {
        string message = System.Text.RegularExpressions.Regex.Replace(d.GetMessage(), @"\s+", " ");
        string where = d.Location.SourceTree is { } t ? $"{System.IO.Path.GetFileName(t.FilePath)}:{d.Location.GetLineSpan().StartLinePosition.Line + 1}" : "no location";
        return $"{d.Id} ({where}): {message}";
    }

    private static readonly ConcurrentDictionary<string, Lazy<CorpusOutcome>> Cache = new();

    public static CorpusOutcome Evaluate(string name) =>
        Cache.GetOrAdd(name, n => new Lazy<CorpusOutcome>(() => EvaluateUncached(CorpusProgram.Load(n)))).Value;

    /// <summary>Runs every check on a program that is not in the corpus (unit tests of single constructs).</summary>
    public static CorpusOutcome Check(CorpusProgram p) => EvaluateUncached(p);

    private static CorpusOutcome EvaluateUncached(CorpusProgram p)
    {
        try
        {
            return Classify(p);
        }
        catch (Exception ex)
        {
            return new CorpusOutcome(p.Name, p.ExpectWorks, Verdict.Failed, "harness exception: " + ex);
        }
    }

    private static CorpusOutcome Classify(CorpusProgram p)
    {
        CorpusOutcome Fail(string why) => new(p.Name, p.ExpectWorks, Verdict.Failed, why);

        // The program must be valid C# on its own; otherwise the corpus file, not SourceAD, is at fault.
        CSharpCompilation input = GeneratorHarness.CompilationOfFiles((p.Path, p.Source));
        var plainErrors = input.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error).ToList();
        if (plainErrors.Count > 0) return Fail("corpus file is not valid C# without the generator:\n" + string.Join("\n", plainErrors.Take(10)));

        GeneratorDriver driver;
        Compilation output;
        ImmutableArray<Diagnostic> generatorDiagnostics;
        try
        {
            driver = GeneratorHarness.Driver().RunGeneratorsAndUpdateCompilation(input, out output, out generatorDiagnostics);
        }
        catch (Exception ex)
        {
            return Fail("CRASH: the generator driver threw: " + ex);
        }
        var runResult = driver.GetRunResult();
        if (Environment.GetEnvironmentVariable("SOURCEAD_CORPUS_DUMP") is string dump)
        {
            // For investigating a finding: every generated file of the program, under dump/<program>/.
            string dir = System.IO.Path.Combine(dump, p.Name);
            Directory.CreateDirectory(dir);
            foreach (var g in runResult.Results.SelectMany(r => r.GeneratedSources)) File.WriteAllText(System.IO.Path.Combine(dir, g.HintName), g.SourceText.ToString());
        }
        foreach (var r in runResult.Results)
        {
            if (r.Exception is not null) return Fail("CRASH: generator exception: " + r.Exception);
        }

        var analyzers = ImmutableArray.Create<DiagnosticAnalyzer>(new DifferentiableAnalyzer());
        var analyzerDiagnostics = output.WithAnalyzers(analyzers).GetAnalyzerDiagnosticsAsync().GetAwaiter().GetResult();
        var all = generatorDiagnostics.AddRange(output.GetDiagnostics()).AddRange(analyzerDiagnostics);

        Diagnostic? crash = all.FirstOrDefault(d => d.Id is "CS8785" or "SRCAD0999" or "AD0001");
        if (crash is not null) return Fail($"CRASH: {OneLine(crash)}");

        var errors = all.Where(d => d.Severity == DiagnosticSeverity.Error).ToList();
        var generatedErrors = errors.Where(d => d.Location.SourceTree is { } t && t.FilePath != p.Path).ToList();
        if (generatedErrors.Count > 0)
        {
            string files = string.Join("\n\n", generatedErrors.Select(d => d.Location.SourceTree!).Distinct().Take(2).Select(t => $"--- {t.FilePath}\n{t}"));
            return Fail($"UNCOMPILABLE generated code: {OneLine(generatedErrors[0])}\n" + string.Join("\n", generatedErrors.Take(10)) + "\n" + files);
        }
        if (errors.Count > 0)
        {
            var unclean = errors.Where(d => !d.Id.StartsWith("SRCAD", StringComparison.Ordinal) || d.Location.SourceTree?.FilePath != p.Path).ToList();
            if (unclean.Count > 0) return Fail($"unclean refusal (errors that are not SRCAD diagnostics in the user's file): {OneLine(unclean[0])}\n" + string.Join("\n", unclean.Take(10)));
            var ordered = errors.OrderBy(d => d.Location.SourceSpan.Start).ToList();
            string more = ordered.Count > 1 ? $" (+{ordered.Count - 1} more: {string.Join(", ", ordered.Skip(1).Select(d => d.Id).Distinct())})" : "";
            return new CorpusOutcome(p.Name, p.ExpectWorks, Verdict.Refused,
                OneLine(ordered[0]) + more + string.Concat(ordered.Skip(1).Select(d => "\n  " + OneLine(d))));
        }

        var (driverSource, shape, problem) = CorpusDriver.Write(p, output);
        if (problem is not null) return Fail(problem);
        Compilation withDriver = output.AddSyntaxTrees(CSharpSyntaxTree.ParseText(driverSource!, GeneratorHarness.ParseOptions, path: "CorpusDriver.cs"));
        using var stream = new MemoryStream();
        var emit = withDriver.Emit(stream);
        if (!emit.Success)
        {
            var emitErrors = emit.Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error).ToList();
            string where = emitErrors.All(d => d.Location.SourceTree?.FilePath == "CorpusDriver.cs") ? "harness: the driver does not compile" : "emit failed";
            return Fail($"{where}:\n{string.Join("\n", emitErrors.Take(10))}\n{driverSource}");
        }
        stream.Position = 0;
        var context = new AssemblyLoadContext(p.Name, isCollectible: true);
        try
        {
            Assembly assembly = context.LoadFromStream(stream);
            string? wrong = CorpusChecks.Run(p, shape!, assembly.GetType(CorpusDriver.TypeName)!);
            if (wrong is not null) return Fail(wrong);
        }
        finally
        {
            context.Unload();
        }
        return new CorpusOutcome(p.Name, p.ExpectWorks, Verdict.Works, "checked: value oracle, finite differences, dot product" + (shape!.HasClosedForm ? ", closed form" : ""));
    }
}
