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

    private static IEnumerable<MetadataReference> References()
    {
        string tpa = (string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!;
        foreach (string path in tpa.Split(Path.PathSeparator))
        {
            string name = Path.GetFileName(path);
            if (name.StartsWith("System.", StringComparison.Ordinal) || name is "mscorlib.dll" or "netstandard.dll") yield return MetadataReference.CreateFromFile(path);
        }
        yield return MetadataReference.CreateFromFile(typeof(DifferentiableAttribute).Assembly.Location);
    }

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
