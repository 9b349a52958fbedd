using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Text;

namespace SourceAD.Generators.Optimizers.Model;

/// <summary>A diagnostic kept as plain values, so that models holding it stay equatable and symbol-free.</summary>
internal sealed record DiagnosticInfo(
    string Id,
    string FilePath,
    TextSpan Span,
    LinePositionSpan LineSpan,
    string MessageArgument)
{
    public static DiagnosticInfo Create(DiagnosticDescriptor descriptor, Location location, string messageArgument)
    {
        var lineSpan = location.GetLineSpan();
        return new DiagnosticInfo(descriptor.Id, lineSpan.Path ?? string.Empty, location.SourceSpan, lineSpan.Span, messageArgument);
    }

    public Diagnostic ToDiagnostic() =>
        Diagnostic.Create(
            Diagnostics.DiagnosticDescriptors.ById(Id),
            Location.Create(FilePath, Span, LineSpan),
            MessageArgument);
}
