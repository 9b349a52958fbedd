using Microsoft.CodeAnalysis;

namespace SourceAD.Generators.Optimizers;

/// <summary>Diagnostics for [UpdateRule] methods: the SRCAD31xx part of the usage band.</summary>
internal static class UpdateRuleDiagnostics
{
    public const string UnsupportedConstructId = "SRCAD3101";
    public const string InvalidSignatureId = "SRCAD3102";
    public const string NotPartialId = "SRCAD3103";
    public const string ReadOnlyAssignmentId = "SRCAD3104";

    private const string Category = "SourceAD.Optimizers";
    private const string HelpLinkBase = "https://github.com/sourcead/sourcead/blob/main/analyzers/README.md#";

    public static readonly DiagnosticDescriptor UnsupportedConstruct = new(
        UnsupportedConstructId,
        "Unsupported construct in update rule",
        "An update rule may only use elementwise arithmetic; {0} is not supported here",
        Category,
        DiagnosticSeverity.Error,
        isEnabledByDefault: true,
        helpLinkUri: HelpLinkBase + UnsupportedConstructId.ToLowerInvariant());

    public static readonly DiagnosticDescriptor InvalidSignature = new(
        InvalidSignatureId,
        "Invalid update rule signature",
        "Invalid update rule signature: {0}",
        Category,
        DiagnosticSeverity.Error,
        isEnabledByDefault: true,
        helpLinkUri: HelpLinkBase + InvalidSignatureId.ToLowerInvariant());

    public static readonly DiagnosticDescriptor NotPartial = new(
        NotPartialId,
        "Update rule's containing type must be partial",
        "Type '{0}' must be declared partial so the generated step can be added to it",
        Category,
        DiagnosticSeverity.Error,
        isEnabledByDefault: true,
        helpLinkUri: HelpLinkBase + NotPartialId.ToLowerInvariant());

    public static readonly DiagnosticDescriptor ReadOnlyAssignment = new(
        ReadOnlyAssignmentId,
        "Update rule assigns a read-only value",
        "'{0}' is not a state slot: only 'ref' parameters and locals may be assigned in an update rule",
        Category,
        DiagnosticSeverity.Error,
        isEnabledByDefault: true,
        helpLinkUri: HelpLinkBase + ReadOnlyAssignmentId.ToLowerInvariant());

    public static DiagnosticDescriptor ById(string id) => id switch
    {
        UnsupportedConstructId => UnsupportedConstruct,
        InvalidSignatureId => InvalidSignature,
        NotPartialId => NotPartial,
        _ => ReadOnlyAssignment,
    };
}
