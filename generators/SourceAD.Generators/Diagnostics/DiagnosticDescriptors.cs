using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;

namespace SourceAD.Generators.Diagnostics;

/// <summary>
/// Every SourceAD diagnostic, in one place: the generators, the analyzers and the code fixes all read them from here.
/// Bands: SRCAD0xxx differentiability (0999: a generator failure), SRCAD1xxx cost, SRCAD2xxx nonsmooth points,
/// SRCAD3xxx usage (31xx: [UpdateRule]). Each links to its entry in analyzers/README.md (<see cref="HelpLink"/>).
/// </summary>
/// <remarks>
/// To add a diagnostic: add its <c>…Id</c> constant and its descriptor below, in its band, and a row to
/// <c>AnalyzerReleases.Unshipped.md</c> beside this project (release tracking, RS2000, fails the build until it is there).
/// Descriptors are written as <c>new DiagnosticDescriptor(…)</c> with constant arguments so that release tracking sees them.
/// </remarks>
internal static class DiagnosticDescriptors
{
    private const string HelpBase = "https://github.com/sourcead/sourcead/blob/main/analyzers/README.md#";
    private const string Differentiability = "SourceAD.Differentiability";
    private const string Nonsmooth = "SourceAD.Nonsmooth";
    private const string Usage = "SourceAD.Usage";
    private const string Cost = "SourceAD.Cost";
    private const string Optimizers = "SourceAD.Optimizers";
    private const string Internal = "SourceAD.Internal";

    /// <summary>The help link of a diagnostic: its entry in analyzers/README.md.</summary>
    public static string HelpLink(string id) => HelpBase + id.ToLowerInvariant();

    public const string UnsupportedId = "SRCAD0001";

    public static readonly DiagnosticDescriptor Unsupported = new(UnsupportedId, "Unsupported construct in a [Differentiable] method",
        "{0} is not supported in a [Differentiable] method: {1}", Differentiability, DiagnosticSeverity.Error, isEnabledByDefault: true, helpLinkUri: HelpLink(UnsupportedId));

    public const string InlineOnlyId = "SRCAD0040";

    public static readonly DiagnosticDescriptor InlineOnly = new(InlineOnlyId, "Differentiated inline where it is called",
        "'{0}' has ref or out parameters, so it gets no generated derivatives of its own; the [Differentiable] methods that call it differentiate its body inline",
        Differentiability, DiagnosticSeverity.Info, isEnabledByDefault: true, helpLinkUri: HelpLink(InlineOnlyId));

    public const string InlineOnlyTupleId = "SRCAD0070";

    public static readonly DiagnosticDescriptor InlineOnlyTuple = new(InlineOnlyTupleId, "Tuple-returning method differentiated inline where it is called",
        "'{0}' returns a tuple, so it gets no generated derivatives of its own; the [Differentiable] methods that call it differentiate its body inline",
        Differentiability, DiagnosticSeverity.Info, isEnabledByDefault: true, helpLinkUri: HelpLink(InlineOnlyTupleId));

    public const string HelperNotDifferentiableId = "SRCAD0041";

    public static readonly DiagnosticDescriptor HelperNotDifferentiable = new(HelperNotDifferentiableId, "Called helper cannot be differentiated",
        "'{0}' has no [Differentiable] attribute, so SourceAD differentiates its source where it is called, but it cannot: {1}; fix that (mark it [Differentiable] to see every problem where it is), or declare a [DerivativeOf] method",
        Differentiability, DiagnosticSeverity.Error, isEnabledByDefault: true, helpLinkUri: HelpLink(HelperNotDifferentiableId));

    public const string NoDerivativeId = "SRCAD0002";

    public static readonly DiagnosticDescriptor NoDerivative = new(NoDerivativeId, "Call has no derivative",
        "Call to '{0}' has no derivative: mark it [Differentiable] or declare a [DerivativeOf] method", Differentiability, DiagnosticSeverity.Error, isEnabledByDefault: true, helpLinkUri: HelpLink(NoDerivativeId));

    public const string NotPartialId = "SRCAD0003";

    public static readonly DiagnosticDescriptor NotPartial = new(NotPartialId, "Type must be partial",
        "'{0}' declares the [Differentiable] method '{1}' and must be partial so its derivatives can be generated beside it", Usage, DiagnosticSeverity.Error, isEnabledByDefault: true, helpLinkUri: HelpLink(NotPartialId));

    public const string UnsupportedSignatureId = "SRCAD0004";

    public static readonly DiagnosticDescriptor UnsupportedSignature = new(UnsupportedSignatureId, "Unsupported [Differentiable] signature",
        "[Differentiable] method '{0}': {1}", Differentiability, DiagnosticSeverity.Error, isEnabledByDefault: true, helpLinkUri: HelpLink(UnsupportedSignatureId));

    public const string BadCustomDerivativeId = "SRCAD0005";

    public static readonly DiagnosticDescriptor BadCustomDerivative = new(BadCustomDerivativeId, "Invalid [DerivativeOf] method",
        "[DerivativeOf] method '{0}': {1}", Usage, DiagnosticSeverity.Error, isEnabledByDefault: true, helpLinkUri: HelpLink(BadCustomDerivativeId));

    public const string CalleeNotGeneratedId = "SRCAD0010";

    public static readonly DiagnosticDescriptor CalleeNotGenerated = new(CalleeNotGeneratedId, "Called [Differentiable] method has no generated derivatives",
        "'{0}' is [Differentiable], but its derivatives cannot be generated ({1}), so neither can the derivatives of this method: fix '{0}' first", Differentiability, DiagnosticSeverity.Error, isEnabledByDefault: true, helpLinkUri: HelpLink(CalleeNotGeneratedId));

    public const string NestedNeedsHessianId = "SRCAD0060";

    public static readonly DiagnosticDescriptor NestedNeedsHessian = new(NestedNeedsHessianId, "Nested gradient needs second-order members",
        "'{0}Gradient' is called inside a [Differentiable] method, whose derivatives then need the Hessian-vector product of '{0}', but '{0}' has no generated {0}HessianVectorProduct (its pullback cannot run over dual numbers: a hand-written derivative, a vector output or a construct the dual pass does not take); differentiate a scalar [Differentiable] method without those", Differentiability, DiagnosticSeverity.Error, isEnabledByDefault: true, helpLinkUri: HelpLink(NestedNeedsHessianId));

    public const string NestedMemberUnsupportedId = "SRCAD0061";

    public static readonly DiagnosticDescriptor NestedMemberUnsupported = new(NestedMemberUnsupportedId, "Generated member not differentiable inside [Differentiable] code",
        "Calling the generated '{0}' inside a [Differentiable] method is not supported: {1}", Differentiability, DiagnosticSeverity.Error, isEnabledByDefault: true, helpLinkUri: HelpLink(NestedMemberUnsupportedId));

    public const string ZeroDerivativeId = "SRCAD0101";

    public static readonly DiagnosticDescriptor ZeroDerivative = new(ZeroDerivativeId, "Derivative is zero almost everywhere",
        "'{0}' is piecewise constant: its derivative is 0 wherever it exists, so no gradient flows through it", Differentiability, DiagnosticSeverity.Warning, isEnabledByDefault: true, helpLinkUri: HelpLink(ZeroDerivativeId));

    public const string InternalErrorId = "SRCAD0999";

    public static readonly DiagnosticDescriptor InternalError = new(InternalErrorId, "SourceAD generator internal error",
        "SourceAD could not emit derivatives of '{0}': {1}. Please report this.", Internal, DiagnosticSeverity.Error, isEnabledByDefault: true, helpLinkUri: HelpLink(InternalErrorId));

    public const string CostReportId = "SRCAD1001";

    public static readonly DiagnosticDescriptor CostReport = new(CostReportId, "Cost of the method and of its derivatives",
        "{0}", Cost, DiagnosticSeverity.Info, isEnabledByDefault: true, helpLinkUri: HelpLink(CostReportId));

    public const string PullbackOverBoundId = "SRCAD1002";

    /// <summary>
    /// The diagnostic property naming the parameter of the method whose rewrite is to mark it [NoDerivative]
    /// (SRCAD0001/SRCAD0004); the code fix reads it.
    /// </summary>
    public const string NoDerivativeParameterProperty = "NoDerivativeParameter";

    public static readonly DiagnosticDescriptor PullbackOverBound = new(PullbackOverBoundId, "Generated pullback exceeds the cheap-gradient bound",
        "The generated pullback of '{0}' costs {1} > ω_b·cost(P) = {2}·({3}) (Theorem 3); {4}", Cost, DiagnosticSeverity.Warning, isEnabledByDefault: true, helpLinkUri: HelpLink(PullbackOverBoundId));

    public const string CostlyCustomDerivativeId = "SRCAD1003";

    public static readonly DiagnosticDescriptor CostlyCustomDerivative = new(CostlyCustomDerivativeId, "Custom derivative breaks the cheap-gradient bound",
        "[DerivativeOf] method '{0}' costs {1} operations against {2} for '{3}': ω = (cost(gd) + 2·|pr|)/cost(g) = {4} > 5", Cost, DiagnosticSeverity.Warning, isEnabledByDefault: true, helpLinkUri: HelpLink(CostlyCustomDerivativeId));

    public const string UncountedCustomDerivativeId = "SRCAD1005";

    public static readonly DiagnosticDescriptor UncountedCustomDerivative = new(UncountedCustomDerivativeId, "Custom derivative's cost not counted",
        "The cost of [DerivativeOf] method '{0}' is not checked against the cheap-gradient bound: the body of '{1}' cannot be lowered to count its operations ({2})", Cost, DiagnosticSeverity.Info, isEnabledByDefault: true, helpLinkUri: HelpLink(UncountedCustomDerivativeId));

    public const string ForwardGradientId = "SRCAD1004";

    public static readonly DiagnosticDescriptor ForwardGradient = new(ForwardGradientId, "Forward mode used to build a gradient",
        "'{0}' is called once per input inside a loop to build a gradient: forward mode costs ω_f ∝ p times the function, use '{1}' (one reverse sweep, ω_b ≤ 5)", Cost, DiagnosticSeverity.Warning, isEnabledByDefault: true, helpLinkUri: HelpLink(ForwardGradientId));

    public const string TapeOutgrowsPrimalId = "SRCAD1010";

    public static readonly DiagnosticDescriptor TapeOutgrowsPrimal = new(TapeOutgrowsPrimalId, "Pullback tape grows faster than the primal's memory",
        "The pullback of '{0}' records {1} bytes, which grows faster than the primal's working set of {2} bytes; most of it: {3}", Cost, DiagnosticSeverity.Warning, isEnabledByDefault: true, helpLinkUri: HelpLink(TapeOutgrowsPrimalId));

    public const string NonsmoothSiteId = "SRCAD2001";

    public static readonly DiagnosticDescriptor NonsmoothSite = new(NonsmoothSiteId, "Nonsmooth point: derivative choice",
        "{0}", Nonsmooth, DiagnosticSeverity.Info, isEnabledByDefault: true, helpLinkUri: HelpLink(NonsmoothSiteId));

    public const string NonClarkeId = "SRCAD2002";

    public static readonly DiagnosticDescriptor NonClarke = new(NonClarkeId, "Derivative choice outside the Clarke subdifferential",
        "{0}", Nonsmooth, DiagnosticSeverity.Warning, isEnabledByDefault: true, helpLinkUri: HelpLink(NonClarkeId));

    public const string UpdateRuleUnsupportedConstructId = "SRCAD3101";

    public static readonly DiagnosticDescriptor UpdateRuleUnsupportedConstruct = new(UpdateRuleUnsupportedConstructId, "Unsupported construct in update rule",
        "An update rule may only use elementwise arithmetic; {0} is not supported here", Optimizers, DiagnosticSeverity.Error, isEnabledByDefault: true, helpLinkUri: HelpLink(UpdateRuleUnsupportedConstructId));

    public const string UpdateRuleInvalidSignatureId = "SRCAD3102";

    public static readonly DiagnosticDescriptor UpdateRuleInvalidSignature = new(UpdateRuleInvalidSignatureId, "Invalid update rule signature",
        "Invalid update rule signature: {0}", Optimizers, DiagnosticSeverity.Error, isEnabledByDefault: true, helpLinkUri: HelpLink(UpdateRuleInvalidSignatureId));

    public const string UpdateRuleNotPartialId = "SRCAD3103";

    public static readonly DiagnosticDescriptor UpdateRuleNotPartial = new(UpdateRuleNotPartialId, "Update rule's containing type must be partial",
        "Type '{0}' must be declared partial so the generated step can be added to it", Optimizers, DiagnosticSeverity.Error, isEnabledByDefault: true, helpLinkUri: HelpLink(UpdateRuleNotPartialId));

    public const string UpdateRuleReadOnlyAssignmentId = "SRCAD3104";

    public static readonly DiagnosticDescriptor UpdateRuleReadOnlyAssignment = new(UpdateRuleReadOnlyAssignmentId, "Update rule assigns a read-only value",
        "'{0}' is not a state slot: only 'ref' parameters and locals may be assigned in an update rule", Optimizers, DiagnosticSeverity.Error, isEnabledByDefault: true, helpLinkUri: HelpLink(UpdateRuleReadOnlyAssignmentId));

    /// <summary>Every descriptor above, by ID (for diagnostics kept as plain values in equatable models).</summary>
    public static DiagnosticDescriptor ById(string id) => AllById.TryGetValue(id, out DiagnosticDescriptor? d) ? d : InternalError;

    private static readonly ImmutableDictionary<string, DiagnosticDescriptor> AllById = typeof(DiagnosticDescriptors)
        .GetFields(System.Reflection.BindingFlags.Public | System.Reflection.BindingFlags.Static)
        .Where(f => f.FieldType == typeof(DiagnosticDescriptor))
        .Select(f => (DiagnosticDescriptor)f.GetValue(null)!)
        .ToImmutableDictionary(d => d.Id);
}
