using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;
using SourceAD.Generators.Cost;
using SourceAD.Generators.Diagnostics;
using SourceAD.Generators.Lowering;
using SourceAD.Generators.Model;

namespace SourceAD.Analyzers;

/// <summary>
/// SRCAD1001 (the cost figures of a [Differentiable] method) and SRCAD1002 (its generated pullback exceeds
/// ω_b·cost(P)), from the method model the analyzer has just lowered: no second lowering, no file IO.
/// </summary>
internal static class CostReport
{
    /// <summary>The cost constants for <paramref name="tree"/>: the assembly attribute, then .editorconfig, then unit costs.</summary>
    public static CostModel Model(SyntaxNodeAnalysisContext context, SyntaxTree tree, AttributeData? assembly)
    {
        var options = context.Options.AnalyzerConfigOptionsProvider.GetOptions(tree);
        return CostModel.Resolve(assembly, key => options.TryGetValue(key, out string? v) ? v : null);
    }

    /// <summary>Reports the figures of <paramref name="model"/> on the method's name.</summary>
    public static void Report(SyntaxNodeAnalysisContext context, MethodDeclarationSyntax syntax, MethodModel model,
        IReadOnlyList<CustomDerivative> customs, CostModel cost)
    {
        // The generator emits nothing for a method whose calls lack a pullback: there is no pullback to count.
        if (CustomDerivatives.Resolve(model, customs) is not MethodModel resolved) return;
        CostFigures figures;
        try
        {
            figures = CostAnalysis.Analyze(resolved, cost);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            return; // SRCAD0999 from the generator reports emitter failures.
        }
        var properties = ImmutableDictionary.CreateRange(figures.Properties());
        context.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.CostReport, syntax.Identifier.GetLocation(), properties, figures.Message()));
        if (figures.ExceedsBound)
        {
            context.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.PullbackOverBound, syntax.Identifier.GetLocation(),
                model.Name, figures.Pullback.ToString(), Polynomial.Number(figures.OmegaB), figures.Primal.ToString(),
                "responsible: " + figures.Responsible));
        }
        if (figures.TapeOutgrowsWorkingSet)
        {
            context.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.TapeOutgrowsPrimal, syntax.Identifier.GetLocation(),
                model.Name, figures.TapeBytes.ToString(), figures.WorkingSet.ToString(), figures.TapeResponsible));
        }
    }
}
