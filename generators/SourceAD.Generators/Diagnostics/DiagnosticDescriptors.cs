using Microsoft.CodeAnalysis;

namespace SourceAD.Generators.Diagnostics;

/// <summary>
/// Every SourceAD diagnostic, in one place. Bands: SRCAD0xxx differentiability, SRCAD1xxx cost, SRCAD2xxx nonsmooth
/// points, SRCAD3xxx usage. Each links to its entry in analyzers/README.md.
/// </summary>
internal static class DiagnosticDescriptors
{
    private const string HelpBase = "https://github.com/sourcead/sourcead/blob/main/analyzers/README.md#";
    private const string Differentiability = "SourceAD.Differentiability";
    private const string Nonsmooth = "SourceAD.Nonsmooth";
    private const string Usage = "SourceAD.Usage";
    private const string Cost = "SourceAD.Cost";

    public const string UnsupportedId = "SRCAD0001";
    public const string NoDerivativeId = "SRCAD0002";
    public const string NotPartialId = "SRCAD0003";
    public const string UnsupportedSignatureId = "SRCAD0004";
    public const string BadCustomDerivativeId = "SRCAD0005";
    public const string CalleeNotGeneratedId = "SRCAD0010";
    public const string ZeroDerivativeId = "SRCAD0101";
    public const string CostReportId = "SRCAD1001";
    public const string PullbackOverBoundId = "SRCAD1002";
    public const string CostlyCustomDerivativeId = "SRCAD1003";
    public const string ForwardGradientId = "SRCAD1004";
    public const string NonsmoothSiteId = "SRCAD2001";
    public const string NonClarkeId = "SRCAD2002";

    public static readonly DiagnosticDescriptor Unsupported = Make(UnsupportedId, "Unsupported construct in a [Differentiable] method",
        "{0} is not supported in a [Differentiable] method: {1}", Differentiability, DiagnosticSeverity.Error);

    public static readonly DiagnosticDescriptor NoDerivative = Make(NoDerivativeId, "Call has no derivative",
        "Call to '{0}' has no derivative: mark it [Differentiable] or declare a [DerivativeOf] method", Differentiability, DiagnosticSeverity.Error);

    public static readonly DiagnosticDescriptor NotPartial = Make(NotPartialId, "Type must be partial",
        "'{0}' declares the [Differentiable] method '{1}' and must be partial so its derivatives can be generated beside it", Usage, DiagnosticSeverity.Error);

    public static readonly DiagnosticDescriptor UnsupportedSignature = Make(UnsupportedSignatureId, "Unsupported [Differentiable] signature",
        "[Differentiable] method '{0}': {1}", Differentiability, DiagnosticSeverity.Error);

    public static readonly DiagnosticDescriptor BadCustomDerivative = Make(BadCustomDerivativeId, "Invalid [DerivativeOf] method",
        "[DerivativeOf] method '{0}': {1}", Usage, DiagnosticSeverity.Error);

    public static readonly DiagnosticDescriptor CalleeNotGenerated = Make(CalleeNotGeneratedId, "Called [Differentiable] method has no generated derivatives",
        "'{0}' is [Differentiable], but its derivatives cannot be generated ({1}), so neither can the derivatives of this method: fix '{0}' first", Differentiability, DiagnosticSeverity.Error);

    public static readonly DiagnosticDescriptor ZeroDerivative = Make(ZeroDerivativeId, "Derivative is zero almost everywhere",
        "'{0}' is piecewise constant: its derivative is 0 wherever it exists, so no gradient flows through it", Differentiability, DiagnosticSeverity.Warning);

    public static readonly DiagnosticDescriptor CostReport = Make(CostReportId, "Cost of the method and of its derivatives",
        "{0}", Cost, DiagnosticSeverity.Info);

    public static readonly DiagnosticDescriptor PullbackOverBound = Make(PullbackOverBoundId, "Generated pullback exceeds the cheap-gradient bound",
        "The generated pullback of '{0}' costs {1} > ω_b·cost(P) = {2}·({3}) (Theorem 3); {4}", Cost, DiagnosticSeverity.Warning);

    public static readonly DiagnosticDescriptor CostlyCustomDerivative = Make(CostlyCustomDerivativeId, "Custom derivative breaks the cheap-gradient bound",
        "[DerivativeOf] method '{0}' costs {1} operations against {2} for '{3}': ω = (cost(gd) + 2·|pr|)/cost(g) = {4} > 5", Cost, DiagnosticSeverity.Warning);

    public static readonly DiagnosticDescriptor ForwardGradient = Make(ForwardGradientId, "Forward mode used to build a gradient",
        "'{0}' is called once per input inside a loop to build a gradient: forward mode costs ω_f ∝ p times the function, use '{1}' (one reverse sweep, ω_b ≤ 5)", Cost, DiagnosticSeverity.Warning);

    public static readonly DiagnosticDescriptor NonsmoothSite = Make(NonsmoothSiteId, "Nonsmooth point: derivative choice",
        "{0}", Nonsmooth, DiagnosticSeverity.Info);

    public static readonly DiagnosticDescriptor NonClarke = Make(NonClarkeId, "Derivative choice outside the Clarke subdifferential",
        "{0}", Nonsmooth, DiagnosticSeverity.Warning);

    private static DiagnosticDescriptor Make(string id, string title, string message, string category, DiagnosticSeverity severity) =>
        new(id, title, message, category, severity, isEnabledByDefault: true, helpLinkUri: HelpBase + id.ToLowerInvariant());
}
