using System.Collections.Concurrent;
using System.Reflection;
using Microsoft.CodeAnalysis;
using Xunit;

namespace SourceAD.Generators.Tests.Support;

/// <summary>
/// The frame a test class over one source program repeats: the program is generated, compiled and loaded once per
/// source (xunit makes an instance per test, so the assembly is cached here), and its build reports no warning or error
/// but the ones the program is written to draw (<paramref name="expectedWarnings"/>, by ID: a bin index cast from a
/// value draws SRCAD0101, and that is right).
/// The class adds its own checks, usually <see cref="ObjectiveChecks.BothModes"/> over its methods.
/// </summary>
public abstract class SourceProgramTests(string source, string typeName, params string[] expectedWarnings)
{
    private static readonly ConcurrentDictionary<string, Lazy<Assembly>> Loaded = new();

    /// <summary>The compiled program, generated code included.</summary>
    protected Assembly Assembly => Loaded.GetOrAdd(source, s => new Lazy<Assembly>(() => GeneratorHarness.Load(s))).Value;

    /// <summary>The type under test.</summary>
    protected Type Program => Assembly.GetType(typeName)!;

    [Fact]
    public void CompilesWithoutDiagnostics()
    {
        var warnings = GeneratorHarness.BuildDiagnostics(source).Where(d => d.Severity >= DiagnosticSeverity.Warning).ToList();
        Assert.DoesNotContain(warnings, d => !expectedWarnings.Contains(d.Id));
        // An expected warning that no longer fires is a changed analyzer or program: say so rather than pass.
        Assert.All(expectedWarnings, id => Assert.Contains(warnings, d => d.Id == id));
    }
}
