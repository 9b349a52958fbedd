using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using SourceAD.Generators;
using SourceAD.Generators.Lowering;
using SourceAD.Generators.Model;

namespace SourceAD.Analyzers;

/// <summary>
/// Whether the derivatives of a [Differentiable] method declared in source will be generated: it lowers without
/// errors, its calls without derivatives have [DerivativeOf] methods, and the same holds for every [Differentiable]
/// method it calls (recursion counts as generated, as the generator's greatest fixed point does). Memoized per
/// compilation; the generator makes the same decision from its models.
/// </summary>
internal sealed class CalleeCheck
{
    private readonly Compilation _compilation;
    private readonly AttributeData? _assembly;
    private readonly Lazy<List<CustomDerivative>> _customs;
    private readonly ConcurrentDictionary<IMethodSymbol, string?> _memo = new(SymbolEqualityComparer.Default);

    public CalleeCheck(Compilation compilation, AttributeData? assembly, Lazy<List<CustomDerivative>> customs)
    {
        _compilation = compilation;
        _assembly = assembly;
        _customs = customs;
    }

    /// <summary>Null when the callee's derivatives are generated; otherwise why not, in a few words.</summary>
    public string? Problem(IMethodSymbol callee, CancellationToken ct) => Problem(callee, ImmutableHashSet.Create<IMethodSymbol>(SymbolEqualityComparer.Default), ct);

    private string? Problem(IMethodSymbol callee, ImmutableHashSet<IMethodSymbol> visiting, CancellationToken ct)
    {
        callee = callee.OriginalDefinition;
        if (visiting.Contains(callee)) return null;
        if (_memo.TryGetValue(callee, out string? known)) return known;
        string? problem = Compute(callee, visiting.Add(callee), ct);
        _memo.TryAdd(callee, problem);
        return problem;
    }

    private string? Compute(IMethodSymbol callee, ImmutableHashSet<IMethodSymbol> visiting, CancellationToken ct)
    {
        if (callee.DeclaringSyntaxReferences.Select(r => r.GetSyntax(ct)).OfType<MethodDeclarationSyntax>().FirstOrDefault() is not MethodDeclarationSyntax syntax)
            return null;
        if (!_compilation.ContainsSyntaxTree(syntax.SyntaxTree)) return null;
        AttributeData? attribute = callee.GetAttributes().FirstOrDefault(a => a.AttributeClass?.ToDisplayString() == PolicyResolver.MethodAttribute);
        SemanticModel model = _compilation.GetSemanticModel(syntax.SyntaxTree);
        MethodModel? lowered = MethodPipeline.Lower(callee, syntax, model, attribute, _assembly, ct,
            out List<LoweringDiagnostic> diagnostics, out var unresolved, out _, out var callees);
        if (lowered is null)
        {
            string? first = diagnostics.Where(d => d.Descriptor.DefaultSeverity == DiagnosticSeverity.Error).Select(d => d.Descriptor.Id).FirstOrDefault();
            return first is null ? "it cannot be differentiated" : "it reports " + first;
        }
        if (unresolved.FirstOrDefault(u => !CustomDerivatives.IsResolvable(u.Key, _customs.Value)) is { Key: not null } missing)
            return $"its call to '{missing.Display}' has no derivative";
        foreach (var (next, _) in callees)
        {
            if (Problem(next, visiting, ct) is not null) return $"it calls '{next.Name}', whose derivatives cannot be generated";
        }
        return null;
    }
}
