using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using SourceAD.Generators.Model;

namespace SourceAD.Generators.Lowering;

/// <summary>
/// Helpers without [Differentiable] (<c>private static double Sigmoid(double z) =&gt; …</c>) whose source is in this
/// compilation are differentiated as if they were marked, the way Tapenade and Clad differentiate any callee they have
/// the source of: each is lowered like a [Differentiable] method (policy: the assembly's defaults) and its derivative
/// members are generated beside it in its partial type. One instance serves the lowering of one [Differentiable] method
/// and of every helper it reaches, so a helper is lowered once per caller; recursion stops at a helper being lowered,
/// which counts as generated (the generator's greatest fixed point removes it again if it is not).
/// </summary>
/// <remarks>
/// A helper is lowered only where a call needs its derivative (an active argument): a call on constants stays a plain
/// call. A [DerivativeOf] method for the helper wins over its implicit derivative (<see cref="CustomDerivatives.Resolve"/>).
/// A helper that cannot be differentiated leaves its calls without a derivative; the analyzer then reports SRCAD0041 at
/// the call, with the reason, unless a [DerivativeOf] method covers it.
/// </remarks>
internal sealed class ImplicitHelpers
{
    private readonly Dictionary<IMethodSymbol, Outcome> _done = new(SymbolEqualityComparer.Default);
    private readonly HashSet<IMethodSymbol> _lowering = new(SymbolEqualityComparer.Default);

    public ImplicitHelpers(AttributeData? assemblyAttribute, ConstantCallPass constantCalls)
    {
        AssemblyAttribute = assemblyAttribute;
        ConstantCalls = constantCalls;
    }

    /// <summary>The assembly's [DifferentiableDefaults]: the policy of every implicit helper.</summary>
    public AttributeData? AssemblyAttribute { get; }

    /// <summary>The analysis every body lowered with these helpers (the method's and each helper's) goes through before its implicit callees are lowered.</summary>
    public ConstantCallPass ConstantCalls { get; }

    /// <summary>
    /// What lowering a helper gave: its model, or why it has none. <see cref="Callees"/> are the [Differentiable] methods
    /// and <see cref="Unresolved"/> the calls needing a [DerivativeOf] method that its derivatives (and its helpers') use.
    /// </summary>
    internal sealed record Outcome(MethodModel? Model, string? Problem, IReadOnlyList<IMethodSymbol> Callees, IReadOnlyList<(string Key, string Display)> Unresolved)
    {
        /// <summary>A helper whose lowering is under way (a recursive call): taken as generated.</summary>
        public static readonly Outcome Pending = new(null, null, Array.Empty<IMethodSymbol>(), Array.Empty<(string, string)>());
    }

    /// <summary>The helpers lowered without a problem, in key order (the generator emits those its callers reach).</summary>
    public IReadOnlyList<MethodModel> Models => _done.Values.Where(o => o.Model is not null).Select(o => o.Model!)
        .OrderBy(m => m.Key, StringComparer.Ordinal).ToList();

    /// <summary>
    /// True for a call target that may be differentiated implicitly: an ordinary method, not [Differentiable], declared in
    /// source in this compilation. Whether it can be (partial type, body, supported code) is <see cref="Get"/>'s answer.
    /// </summary>
    public static bool IsCandidate(IMethodSymbol target, Compilation compilation, CancellationToken ct)
    {
        IMethodSymbol m = target.OriginalDefinition;
        if (m.MethodKind != MethodKind.Ordinary || TypeClassifier.HasAttribute(m, PolicyResolver.MethodAttribute)) return false;
        return m.DeclaringSyntaxReferences.Any(r => compilation.ContainsSyntaxTree(r.SyntaxTree) && r.GetSyntax(ct) is MethodDeclarationSyntax);
    }

    /// <summary>The outcome of differentiating <paramref name="helper"/> implicitly (memoized).</summary>
    public Outcome Get(IMethodSymbol helper, Compilation compilation, CancellationToken ct)
    {
        helper = helper.OriginalDefinition;
        if (_done.TryGetValue(helper, out Outcome? known)) return known;
        if (!_lowering.Add(helper)) return Outcome.Pending;
        try
        {
            Outcome outcome = Compute(helper, compilation, ct);
            _done[helper] = outcome;
            return outcome;
        }
        finally
        {
            _lowering.Remove(helper);
        }
    }

    private Outcome Compute(IMethodSymbol helper, Compilation compilation, CancellationToken ct)
    {
        if (Refusal(helper, ct) is string refusal) return Fail(refusal);
        // A partial method's body is on its implementation part.
        MethodDeclarationSyntax? syntax = (helper.PartialImplementationPart ?? helper).DeclaringSyntaxReferences.Select(r => r.GetSyntax(ct)).OfType<MethodDeclarationSyntax>()
            .FirstOrDefault(s => s.Body is not null || s.ExpressionBody is not null);
        if (syntax is null) return Fail("it has no body");
        SemanticModel model = compilation.GetSemanticModel(syntax.SyntaxTree);
        MethodModel? lowered = MethodLowering.LowerImplicit(helper, syntax, model, this, ct, out List<LoweringDiagnostic> diagnostics,
            out IReadOnlyList<(string Key, Location Location, string Display)> unresolved, out IReadOnlyList<(IMethodSymbol Callee, Location Location)> callees);
        if (lowered is null)
        {
            LoweringDiagnostic? first = diagnostics.Where(d => d.Descriptor.DefaultSeverity == DiagnosticSeverity.Error).Select(d => (LoweringDiagnostic?)d).FirstOrDefault();
            if (first is not LoweringDiagnostic d) return Fail("it cannot be differentiated");
            int line = d.Location.GetLineSpan().StartLinePosition.Line + 1;
            return Fail($"{d.ToDiagnostic().GetMessage(System.Globalization.CultureInfo.InvariantCulture).TrimEnd('.')} ({d.Descriptor.Id}, line {line})");
        }
        return new Outcome(lowered, null, callees.Select(c => c.Callee).ToList(), unresolved.Select(u => (u.Key, u.Display)).ToList());
    }

    private static Outcome Fail(string problem) => new(null, problem, Array.Empty<IMethodSymbol>(), Array.Empty<(string, string)>());

    /// <summary>Whether a helper declared in source sits in a type (or a type nested in one) that is not partial.</summary>
    public static bool InNonPartialType(IMethodSymbol helper, CancellationToken ct)
    {
        bool notPartial = false;
        return TypeDecls.For(helper.ContainingType, ct, (_, _) => notPartial = true) is not null && notPartial;
    }

    /// <summary>Why a helper's derivatives cannot be generated beside it, before looking at its body; null if they can.</summary>
    private static string? Refusal(IMethodSymbol helper, CancellationToken ct)
    {
        if (helper.IsAbstract || helper.IsVirtual || helper.IsOverride || helper.ContainingType?.TypeKind == TypeKind.Interface)
            return "it may be overridden, so the call does not say which body runs";
        if (helper.IsExtern || helper.IsAsync) return "extern and async methods cannot be differentiated";
        if (helper.Parameters.Any(p => p.RefKind is RefKind.Ref or RefKind.Out))
            return "it has ref or out parameters and cannot be inlined where it is called (it is generic, recursive, or names members the caller cannot reach); return the results instead";
        string? notPartial = null;
        if (TypeDecls.For(helper.ContainingType, ct, (_, t) => notPartial ??= t.Name) is null) return "its type is not declared in source";
        if (notPartial is not null) return $"'{notPartial}' is not partial, so its derivatives cannot be generated beside it; make '{notPartial}' partial";
        return null;
    }
}
