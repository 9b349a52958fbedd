using System.Collections.Immutable;
using System.Diagnostics;
using System.Reflection;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using SourceAD.Generators.Tests.Support;
using Xunit;
using Xunit.Abstractions;

namespace SourceAD.Generators.Tests;

/// <summary>
/// Generator robustness. Malformed and half-typed inputs, derived from natural C# programs by truncation, deletion and
/// token swaps (on Roslyn's tokens), never make the generator throw: no exception, no CS8785, no SRCAD0999. The seeds
/// are every <c>*.cs</c> embedded from <c>FuzzCorpus/</c> and <c>Corpus/</c> (so a corpus added there joins
/// automatically) plus the valid sources of <see cref="MalformedInputTests"/>. Only the generator driver runs (no emit),
/// on one base compilation's references.
/// </summary>
/// <remarks>
/// <see cref="DefaultInputs"/> inputs per test run; more with <c>SOURCEAD_FUZZ_INPUTS=100000</c> (and another
/// <c>SOURCEAD_FUZZ_SEED</c>).
/// </remarks>
public class GeneratorFuzzTests(ITestOutputHelper output)
{
    private const int DefaultInputs = 10_000;

    private static int Inputs => int.TryParse(Environment.GetEnvironmentVariable("SOURCEAD_FUZZ_INPUTS"), out int n) && n > 0 ? n : DefaultInputs;

    private static int Seed => int.TryParse(Environment.GetEnvironmentVariable("SOURCEAD_FUZZ_SEED"), out int s) ? s : 20261206;

    /// <summary>The natural programs: embedded corpus files and the valid sources of the malformed-input tests.</summary>
    public static IReadOnlyList<(string Name, string Source)> Seeds()
    {
        Assembly assembly = typeof(GeneratorFuzzTests).Assembly;
        var seeds = assembly.GetManifestResourceNames()
            .Where(n => n.EndsWith(".cs", StringComparison.Ordinal) && (n.Contains(".FuzzCorpus.", StringComparison.Ordinal) || n.Contains(".Corpus.", StringComparison.Ordinal)))
            .OrderBy(n => n, StringComparer.Ordinal)
            .Select(n =>
            {
                using var reader = new StreamReader(assembly.GetManifestResourceStream(n)!);
                return (n, reader.ReadToEnd());
            })
            .ToList();
        seeds.Add(("MalformedInputTests.Valid", MalformedInputTests.Valid));
        seeds.Add(("MalformedInputTests.ValidTensor", MalformedInputTests.ValidTensor));
        return seeds;
    }

    [Fact]
    public void CorpusHasPrograms() => Assert.True(Seeds().Count >= 6, "the fuzz corpus is missing");

    /// <summary>Unmutated, every natural program generates without a crash, and generated code compiles whenever it exists.</summary>
    [Fact]
    public void NaturalProgramsGenerateCompilableCodeOrNothing()
    {
        foreach (var (name, source) in Seeds())
        {
            var (_, diagnostics, result) = GeneratorHarness.Run(source);
            Assert.Null(result.Results.Single().Exception);
            Assert.DoesNotContain(diagnostics, d => d.Id is "CS8785" or "SRCAD0999");
            var inGenerated = diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error && d.Location.SourceTree?.FilePath.EndsWith(".g.cs", StringComparison.Ordinal) == true).ToList();
            Assert.True(inGenerated.Count == 0, $"{name}: generated code does not compile:\n{string.Join("\n", inGenerated.Take(10))}");
        }
    }

    [Fact]
    public void MalformedInputsNeverCrashTheGenerator()
    {
        var seeds = Seeds().Select(s => (s.Name, Tokens: SyntaxFactory.ParseTokens(s.Source).Select(t => t.ToFullString()).ToArray())).ToList();
        var rng = new Random(Seed);
        CSharpCompilation baseCompilation = GeneratorHarness.Compilation();
        GeneratorDriver driver = GeneratorHarness.Driver();
        var watch = Stopwatch.StartNew();
        var failures = new List<string>();
        for (int i = 0; i < Inputs && failures.Count < 10; i++)
        {
            var (name, tokens) = seeds[rng.Next(seeds.Count)];
            string source = Mutate(tokens, rng, out string how);
            CSharpCompilation compilation = baseCompilation.AddSyntaxTrees(CSharpSyntaxTree.ParseText(source, GeneratorHarness.ParseOptions, path: "Fuzz.cs"));
            driver = driver.RunGenerators(compilation);
            GeneratorDriverRunResult result = driver.GetRunResult();
            Exception? exception = result.Results.Single().Exception;
            Diagnostic? bad = result.Diagnostics.FirstOrDefault(d => d.Id is "CS8785" or "SRCAD0999");
            if (exception is not null || bad is not null)
            {
                failures.Add($"{name}, {how}: {exception?.ToString() ?? bad!.ToString()}\n--- input ---\n{source}");
            }
        }
        output.WriteLine($"{Inputs} inputs from {seeds.Count} programs in {watch.Elapsed.TotalSeconds:F1} s.");
        Assert.True(failures.Count == 0, string.Join("\n\n", failures.Take(3)));
    }

    /// <summary>One random edit on the token stream: a cut, a deletion of 1–3 tokens, a swap, or a duplicated token.</summary>
    private static string Mutate(string[] tokens, Random rng, out string how)
    {
        var list = tokens.ToList();
        int count = list.Count;
        if (count < 2)
        {
            how = "unchanged";
            return string.Concat(list);
        }
        int at = rng.Next(count);
        switch (rng.Next(5))
        {
            case 0:
                how = $"truncated at token {at}";
                list.RemoveRange(at, count - at);
                break;
            case 1:
            {
                int n = Math.Min(1 + rng.Next(3), count - at);
                how = $"deleted tokens {at}..{at + n - 1}";
                list.RemoveRange(at, n);
                break;
            }
            case 2:
            {
                int other = Math.Min(count - 1, at + 1 + rng.Next(3));
                how = $"swapped tokens {at} and {other}";
                (list[at], list[other]) = (list[other], list[at]);
                break;
            }
            case 3:
            {
                int other = rng.Next(count);
                how = $"swapped tokens {at} and {other}";
                (list[at], list[other]) = (list[other], list[at]);
                break;
            }
            default:
                how = $"duplicated token {at}";
                list.Insert(at, list[at]);
                break;
        }
        return string.Concat(list);
    }
}
