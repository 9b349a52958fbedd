using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Globalization;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;
using SourceAD.Generators;
using SourceAD.Generators.Cost;
using SourceAD.Generators.Diagnostics;
using SourceAD.Generators.Lowering;
using SourceAD.Generators.Model;

namespace SourceAD.Analyzers;

/// <summary>
/// The cost warnings that are not about a [Differentiable] method's own derivative: SRCAD1003 (a [DerivativeOf]
/// method too expensive for the cheap-gradient bound, or SRCAD1005 when its cost cannot be counted) and SRCAD1004 (forward mode looped over the inputs to build a
/// gradient), and, for each [Differentiable] method, SRCAD1001 (its cost figures) and SRCAD1002 (its pullback exceeds
/// ω_b·cost(P)) through <see cref="CostReport"/>. A separate analyzer from <see cref="DifferentiableAnalyzer"/> so the
/// informational report can be switched off on its own; the price is a second lowering of each method.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class CostAnalyzer : DiagnosticAnalyzer
{
    private const string PushforwardSuffix = "Pushforward";
    private const string PullbackSuffix = "Pullback";

    /// <inheritdoc/>
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } =
        ImmutableArray.Create(DiagnosticDescriptors.CostReport, DiagnosticDescriptors.PullbackOverBound, DiagnosticDescriptors.TapeOutgrowsPrimal,
            DiagnosticDescriptors.CostlyCustomDerivative, DiagnosticDescriptors.UncountedCustomDerivative, DiagnosticDescriptors.ForwardGradient);

    /// <inheritdoc/>
    public override void Initialize(AnalysisContext context)
    {
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.EnableConcurrentExecution();
        context.RegisterCompilationStartAction(start =>
        {
            AttributeData? assembly = start.Compilation.Assembly.GetAttributes()
                .FirstOrDefault(a => a.AttributeClass?.ToDisplayString() == PolicyResolver.AssemblyAttribute);
            var customs = new Lazy<List<CustomDerivative>>(() => CustomDerivatives.Collect(start.Compilation, start.CancellationToken));
            start.RegisterSyntaxNodeAction(c => AnalyzeDifferentiable(c, assembly, customs), SyntaxKind.MethodDeclaration);
            start.RegisterSyntaxNodeAction(c => AnalyzeCustomDerivative(c, assembly), SyntaxKind.MethodDeclaration);
            start.RegisterSyntaxNodeAction(AnalyzeInvocation, SyntaxKind.InvocationExpression);
        });
    }

    /// <summary>SRCAD1001/1002 for a [Differentiable] method the generator will emit derivatives for.</summary>
    private static void AnalyzeDifferentiable(SyntaxNodeAnalysisContext context, AttributeData? assembly, Lazy<List<CustomDerivative>> customs)
    {
        var syntax = (MethodDeclarationSyntax)context.Node;
        if (syntax.AttributeLists.Count == 0) return;
        if (context.SemanticModel.GetDeclaredSymbol(syntax, context.CancellationToken) is not IMethodSymbol method) return;
        AttributeData? attribute = method.GetAttributes().FirstOrDefault(a => a.AttributeClass?.ToDisplayString() == PolicyResolver.MethodAttribute);
        if (attribute is null) return;
        MethodModel? model;
        try
        {
            model = MethodPipeline.Lower(method, syntax, context.SemanticModel, attribute, assembly, context.CancellationToken, out var diagnostics, out _, out _);
            // Errors mean nothing is generated (DifferentiableAnalyzer explains them): nothing to count.
            if (diagnostics.Any(d => d.Descriptor.DefaultSeverity == DiagnosticSeverity.Error)) return;
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            return;
        }
        if (model is null) return;
        CostReport.Report(context, syntax, model, customs.Value, CostReport.Model(context, syntax.SyntaxTree, assembly));
    }

    /// <summary>
    /// SRCAD1003: ω = (cost(gd) + 2·max(cost(+), cost(×))·|pr|)/cost(g) with gd the custom body, g the target's body, each
    /// lowered in count-only mode and counted on its printed lines (<see cref="CostAnalysis.PerPass"/>), as every
    /// generated line is. SRCAD1005 when either body cannot be lowered even so: its cost is unknown, and saying so beats
    /// a figure from another count.
    /// </summary>
    private static void AnalyzeCustomDerivative(SyntaxNodeAnalysisContext context, AttributeData? assembly)
    {
        var syntax = (MethodDeclarationSyntax)context.Node;
        if (syntax.AttributeLists.Count == 0 || (syntax.Body is null && syntax.ExpressionBody is null)) return;
        if (context.SemanticModel.GetDeclaredSymbol(syntax, context.CancellationToken) is not IMethodSymbol method) return;
        AttributeData? attribute = method.GetAttributes().FirstOrDefault(a => a.AttributeClass?.ToDisplayString() == CustomDerivatives.Attribute);
        if (attribute is null || CustomDerivatives.FromSymbol(method, attribute, out _) is null) return;
        if (attribute.ConstructorArguments[0].Value is not INamedTypeSymbol type || attribute.ConstructorArguments[1].Value is not string name) return;

        IMethodSymbol? target = type.GetMembers(name).OfType<IMethodSymbol>().FirstOrDefault(t =>
            t.Parameters.Length <= method.Parameters.Length &&
            t.Parameters.Select((p, i) => SymbolEqualityComparer.Default.Equals(p.Type, method.Parameters[i].Type)).All(x => x));
        // Without the target's source there is no cost(g) to compare with.
        if (target?.DeclaringSyntaxReferences.FirstOrDefault()?.GetSyntax(context.CancellationToken) is not MethodDeclarationSyntax targetSyntax) return;
        // Analyzers may only use the semantic model of the tree under analysis: the target must be in the same file.
        if ((targetSyntax.Body is null && targetSyntax.ExpressionBody is null) || targetSyntax.SyntaxTree != syntax.SyntaxTree) return;

        CostModel cost = CostReport.Model(context, syntax.SyntaxTree, assembly);
        double? g = Count(context, target, targetSyntax, assembly, cost, out string? targetProblem);
        double? gd = Count(context, method, syntax, assembly, cost, out string? problem);
        if (g is null || gd is null)
        {
            // Half-typed code (no problem named) is the compiler's to report.
            string? why = gd is null ? problem : targetProblem;
            if (why is not null)
            {
                context.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.UncountedCustomDerivative, syntax.Identifier.GetLocation(),
                    method.Name, gd is null ? method.Name : target.Name, why));
            }
            return;
        }
        int predecessors = target.Parameters.Count(p => TypeClassifier.Classify(p, out _) is { Differentiable: true });
        if (g <= 0) return;
        double omega = (gd.Value + 2 * Math.Max(cost.Plus, cost.Times) * predecessors) / g.Value;
        if (omega > CostModel.BaurStrassenBound)
        {
            context.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.CostlyCustomDerivative, syntax.Identifier.GetLocation(),
                method.Name, Polynomial.Number(gd.Value), Polynomial.Number(g.Value), target.Name, Polynomial.Number(omega)));
        }
    }

    /// <summary>
    /// The per-pass cost of <paramref name="method"/>'s body, lowered in count-only mode; null when it cannot be lowered,
    /// with lowering's first reason in <paramref name="problem"/> (null for code that does not compile yet).
    /// </summary>
    private static double? Count(SyntaxNodeAnalysisContext context, IMethodSymbol method, MethodDeclarationSyntax syntax, AttributeData? assembly,
        CostModel cost, out string? problem)
    {
        problem = null;
        try
        {
            MethodModel? model = MethodPipeline.LowerForCount(method, syntax, context.SemanticModel, assembly, context.CancellationToken, out var diagnostics);
            if (model is not null) return CostAnalysis.PerPass(model, cost);
            problem = diagnostics.Where(d => d.Descriptor.DefaultSeverity == DiagnosticSeverity.Error).Select(d => d.ToDiagnostic().GetMessage(CultureInfo.InvariantCulture)).FirstOrDefault();
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // Lowering catches its own failures; this is the printer's or the count's, reported the same way.
            problem = "counting failed unexpectedly (" + ex.GetType().Name + ": " + ex.Message + ")";
        }
        return null;
    }

    /// <summary>
    /// SRCAD1004: <c>FPushforward</c> called inside a loop that seeds one input per iteration (<c>e[i] = 1</c>, with
    /// <c>i</c> the loop variable and <c>e</c> an argument of the call), where <c>FPullback</c> exists.
    /// </summary>
    private static void AnalyzeInvocation(SyntaxNodeAnalysisContext context)
    {
        var call = (InvocationExpressionSyntax)context.Node;
        string? calledName = call.Expression switch
        {
            IdentifierNameSyntax id => id.Identifier.ValueText,
            GenericNameSyntax gn => gn.Identifier.ValueText,
            MemberAccessExpressionSyntax ma => ma.Name.Identifier.ValueText,
            _ => null,
        };
        if (calledName is null || !calledName.EndsWith(PushforwardSuffix, StringComparison.Ordinal)) return;
        // A delegate named ...Pushforward resolves to its Invoke method: only a method of that name is a generated pushforward.
        if (context.SemanticModel.GetSymbolInfo(call, context.CancellationToken).Symbol is not IMethodSymbol pushforward
            || pushforward.Name.Length <= PushforwardSuffix.Length
            || !pushforward.Name.EndsWith(PushforwardSuffix, StringComparison.Ordinal)) return;
        string pullbackName = pushforward.Name.Substring(0, pushforward.Name.Length - PushforwardSuffix.Length) + PullbackSuffix;
        if (!pushforward.ContainingType.GetMembers(pullbackName).OfType<IMethodSymbol>().Any()) return;

        // The clear shape only: a loop that writes a literal 1 into element [v] (v the loop variable) of an array it passes to the call.
        var arguments = new HashSet<string>(call.ArgumentList.Arguments.Select(a => a.Expression).OfType<IdentifierNameSyntax>().Select(i => i.Identifier.ValueText));
        foreach (SyntaxNode loop in call.Ancestors().TakeWhile(n => n is not MemberDeclarationSyntax and not LocalFunctionStatementSyntax and not LambdaExpressionSyntax))
        {
            string? variable = loop switch
            {
                ForStatementSyntax f => f.Declaration?.Variables.FirstOrDefault()?.Identifier.ValueText,
                ForEachStatementSyntax fe => fe.Identifier.ValueText,
                _ => null,
            };
            if (variable is null) continue;
            bool seedsOne = loop.DescendantNodes().OfType<AssignmentExpressionSyntax>().Any(a =>
                a.IsKind(SyntaxKind.SimpleAssignmentExpression) &&
                a.Left is ElementAccessExpressionSyntax { Expression: IdentifierNameSyntax array } access && arguments.Contains(array.Identifier.ValueText) &&
                access.ArgumentList.Arguments.Any(i => i.Expression is IdentifierNameSyntax { Identifier.ValueText: var index } && index == variable) &&
                a.Right is LiteralExpressionSyntax { Token.Value: var v } && Convert.ToDouble(v, System.Globalization.CultureInfo.InvariantCulture) == 1);
            if (seedsOne)
            {
                context.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.ForwardGradient, call.GetLocation(), pushforward.Name, pullbackName));
                return;
            }
        }
    }
}
