using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp.Testing;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Testing;

namespace SourceAD.Generators.Tests.Support;

/// <summary>Microsoft.CodeAnalysis.Testing setups that compile against this machine's .NET and SourceAD, offline.</summary>
public static class Verify
{
    private static readonly ReferenceAssemblies Framework = new("net10.0-local");

    private static IEnumerable<MetadataReference> References() => GeneratorHarness.References.Value;

    public sealed class Analyzer<TAnalyzer> : CSharpAnalyzerTest<TAnalyzer, DefaultVerifier> where TAnalyzer : DiagnosticAnalyzer, new()
    {
        public Analyzer(string source, params DiagnosticResult[] expected)
        {
            TestCode = source;
            ReferenceAssemblies = Framework;
            TestState.AdditionalReferences.AddRange(References());
            ExpectedDiagnostics.AddRange(expected);
        }
    }

    public sealed class CodeFix<TAnalyzer, TFix> : CSharpCodeFixTest<TAnalyzer, TFix, DefaultVerifier>
        where TAnalyzer : DiagnosticAnalyzer, new() where TFix : CodeFixProvider, new()
    {
        public CodeFix(string source, string fixedSource, params DiagnosticResult[] expected)
        {
            TestCode = source;
            FixedCode = fixedSource;
            ReferenceAssemblies = Framework;
            TestState.AdditionalReferences.AddRange(References());
            FixedState.AdditionalReferences.AddRange(References());
            ExpectedDiagnostics.AddRange(expected);
        }
    }
}
