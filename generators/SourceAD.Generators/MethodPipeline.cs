using System;
using System.Collections.Generic;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using SourceAD.Generators.Analyses;
using SourceAD.Generators.Lowering;
using SourceAD.Generators.Model;

namespace SourceAD.Generators;

/// <summary>
/// The one way a [Differentiable] method becomes a <see cref="MethodModel"/>, for the generator and the analyzers alike:
/// lowering (Lowering/), with the analyses it runs between its steps handed in (calls on constants made passive,
/// Analyses/ConstantCalls.cs, before implicit helpers are lowered). It sits at the generator's root because it reads
/// two stages: a stage reads only the stages before it (generators/README.md), so lowering cannot call the analyses itself.
/// </summary>
internal static class MethodPipeline
{
    /// <summary>The lowered model, or null when the method cannot be differentiated (see <paramref name="diagnostics"/>).</summary>
    public static MethodModel? Lower(IMethodSymbol method, MethodDeclarationSyntax syntax, SemanticModel semanticModel,
        AttributeData? methodAttribute, AttributeData? assemblyAttribute, CancellationToken ct, out List<LoweringDiagnostic> diagnostics) =>
        Lower(method, syntax, semanticModel, methodAttribute, assemblyAttribute, ct, out diagnostics, out _, out _);

    /// <summary>As above, also returning the calls that need a [DerivativeOf] method (the analyzer resolves them).</summary>
    public static MethodModel? Lower(IMethodSymbol method, MethodDeclarationSyntax syntax, SemanticModel semanticModel,
        AttributeData? methodAttribute, AttributeData? assemblyAttribute, CancellationToken ct, out List<LoweringDiagnostic> diagnostics,
        out IReadOnlyList<(string Key, Location Location, string Display)> unresolved, out TensorModel? tensor) =>
        Lower(method, syntax, semanticModel, methodAttribute, assemblyAttribute, ct, out diagnostics, out unresolved, out tensor, out _);

    /// <summary>
    /// As above, also returning the calls of [Differentiable] methods declared in source whose derivatives the model
    /// calls: they exist only when those methods are generated too (the analyzer checks each, SRCAD0006).
    /// </summary>
    public static MethodModel? Lower(IMethodSymbol method, MethodDeclarationSyntax syntax, SemanticModel semanticModel,
        AttributeData? methodAttribute, AttributeData? assemblyAttribute, CancellationToken ct, out List<LoweringDiagnostic> diagnostics,
        out IReadOnlyList<(string Key, Location Location, string Display)> unresolved, out TensorModel? tensor,
        out IReadOnlyList<(IMethodSymbol Callee, Location Location)> callees) =>
        Lower(method, syntax, semanticModel, methodAttribute, assemblyAttribute, ct, out diagnostics, out unresolved, out tensor, out callees, out _, out _);

    /// <summary>
    /// As above, also returning the helpers without [Differentiable] that the model's derivatives call (lowered as if
    /// marked, see <see cref="ImplicitHelpers"/>) and, by key, why those that cannot be differentiated cannot (SRCAD0041).
    /// </summary>
    public static MethodModel? Lower(IMethodSymbol method, MethodDeclarationSyntax syntax, SemanticModel semanticModel,
        AttributeData? methodAttribute, AttributeData? assemblyAttribute, CancellationToken ct, out List<LoweringDiagnostic> diagnostics,
        out IReadOnlyList<(string Key, Location Location, string Display)> unresolved, out TensorModel? tensor,
        out IReadOnlyList<(IMethodSymbol Callee, Location Location)> callees, out IReadOnlyList<MethodModel> helpers,
        out IReadOnlyDictionary<string, string> helperProblems)
    {
        var implicitHelpers = new ImplicitHelpers(assemblyAttribute, ConstantCalls.Passivate);
        MethodModel? model = MethodLowering.Lower(method, syntax, semanticModel, methodAttribute, implicitHelpers, ct,
            out diagnostics, out unresolved, out tensor, out callees, out helperProblems);
        helpers = model is null ? Array.Empty<MethodModel>() : implicitHelpers.Models;
        return model;
    }

    /// <summary>
    /// An ordinary method's body (a [DerivativeOf] method, or its target) lowered only to count its operations
    /// (<c>Cost.CostAnalysis.PerPass</c>); nothing is emitted from it. Null when it cannot be lowered even so (see
    /// <paramref name="diagnostics"/>).
    /// </summary>
    public static MethodModel? LowerForCount(IMethodSymbol method, MethodDeclarationSyntax syntax, SemanticModel semanticModel,
        AttributeData? assemblyAttribute, CancellationToken ct, out List<LoweringDiagnostic> diagnostics) =>
        MethodLowering.LowerForCount(method, syntax, semanticModel, new ImplicitHelpers(assemblyAttribute, ConstantCalls.Passivate), ct, out diagnostics);
}
