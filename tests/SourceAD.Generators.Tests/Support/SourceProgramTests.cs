using System.Collections.Concurrent;
using System.Reflection;
using Microsoft.CodeAnalysis;
using Xunit;

namespace SourceAD.Generators.Tests.Support;

/// <summary>
/// The frame a test class over one source program repeats: the program is generated, compiled and loaded once per
/// source (xunit makes an instance per test, so the assembly is cached here), and its build reports no warning or error.
/// The class adds its own checks, usually <see cref="ObjectiveChecks.BothModes"/> over its methods.
/// </summary>
public abstract class SourceProgramTests(string source, string typeName)
{
    private static readonly ConcurrentDictionary<string, Lazy<Assembly>> Loaded = new();

    /// <summary>The compiled program, generated code included.</summary>
    protected Assembly Assembly => Loaded.GetOrAdd(source, s => new Lazy<Assembly>(() => GeneratorHarness.Load(s))).Value;

    /// <summary>The type under test.</summary>
    protected Type Program => Assembly.GetType(typeName)!;

    [Fact]
    public void CompilesWithoutDiagnostics() =>
        Assert.Empty(GeneratorHarness.BuildDiagnostics(source).Where(d => d.Severity >= DiagnosticSeverity.Warning));
}
