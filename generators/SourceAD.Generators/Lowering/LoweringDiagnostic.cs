using Microsoft.CodeAnalysis;

namespace SourceAD.Generators.Lowering;

/// <summary>A problem found while lowering; only the analyzer turns these into reported diagnostics.</summary>
internal readonly record struct LoweringDiagnostic(DiagnosticDescriptor Descriptor, Location Location, object[] Args)
{
    public Diagnostic ToDiagnostic() => Diagnostic.Create(Descriptor, Location, Args);
}
