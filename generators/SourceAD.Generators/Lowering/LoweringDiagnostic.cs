using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using SourceAD.Generators.Diagnostics;

namespace SourceAD.Generators.Lowering;

/// <summary>
/// A problem found while lowering; only the analyzer turns these into reported diagnostics.
/// <paramref name="NoDerivativeParameter"/> names the parameter of the method whose rewrite is to mark it
/// <c>[NoDerivative]</c>: the code fix (SourceAD.CodeFixes/MarkNoDerivativeCodeFix) reads it from the diagnostic's
/// properties, so it never parses a message.
/// </summary>
internal readonly record struct LoweringDiagnostic(DiagnosticDescriptor Descriptor, Location Location, object[] Args, string? NoDerivativeParameter = null)
{
    public Diagnostic ToDiagnostic() => NoDerivativeParameter is null
        ? Diagnostic.Create(Descriptor, Location, Args)
        : Diagnostic.Create(Descriptor, Location, ImmutableDictionary<string, string?>.Empty.Add(DiagnosticDescriptors.NoDerivativeParameterProperty, NoDerivativeParameter), Args);
}
