using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;
using SourceAD.Generators;
using SourceAD.Generators.Diagnostics;
using SourceAD.Generators.Lowering;
using SourceAD.Generators.Model;

namespace SourceAD.Analyzers;

/// <summary>
/// Explains what the generator cannot do, with precise locations: it runs the generator's own lowering
/// (one implementation) and reports its findings, plus [DerivativeOf] validation and the nonsmooth report.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class DifferentiableAnalyzer : DiagnosticAnalyzer
{
    /// <inheritdoc/>
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(
        DiagnosticDescriptors.Unsupported, DiagnosticDescriptors.NoDerivative, DiagnosticDescriptors.NotPartial,
        DiagnosticDescriptors.UnsupportedSignature, DiagnosticDescriptors.BadCustomDerivative, DiagnosticDescriptors.ZeroDerivative,
        DiagnosticDescriptors.CalleeNotGenerated, DiagnosticDescriptors.InlineOnly, DiagnosticDescriptors.InlineOnlyTuple, DiagnosticDescriptors.HelperNotDifferentiable,
        DiagnosticDescriptors.NonsmoothSite, DiagnosticDescriptors.NonClarke, DiagnosticDescriptors.NestedNeedsHessian, DiagnosticDescriptors.NestedMemberUnsupported);

    /// <inheritdoc/>
    public override void Initialize(AnalysisContext context)
    {
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.EnableConcurrentExecution();
        context.RegisterCompilationStartAction(start =>
        {
            var customs = new Lazy<List<CustomDerivative>>(() => CustomDerivatives.Collect(start.Compilation, start.CancellationToken));
            AttributeData? assembly = start.Compilation.Assembly.GetAttributes()
                .FirstOrDefault(a => a.AttributeClass?.ToDisplayString() == PolicyResolver.AssemblyAttribute);
            var callees = new CalleeCheck(start.Compilation, assembly, customs);
            start.RegisterSyntaxNodeAction(c => AnalyzeMethod(c, assembly, customs, callees), SyntaxKind.MethodDeclaration);
            start.RegisterSyntaxNodeAction(AnalyzeType, SyntaxKind.ClassDeclaration, SyntaxKind.StructDeclaration, SyntaxKind.RecordDeclaration, SyntaxKind.RecordStructDeclaration);
        });
    }

    /// <summary>SRCAD0003: a type declaring [Differentiable] methods (directly or in nested types) must be partial.</summary>
    private static void AnalyzeType(SyntaxNodeAnalysisContext context)
    {
        var type = (TypeDeclarationSyntax)context.Node;
        if (type.Modifiers.Any(SyntaxKind.PartialKeyword)) return;
        foreach (MethodDeclarationSyntax m in type.DescendantNodes().OfType<MethodDeclarationSyntax>())
        {
            if (m.AttributeLists.Count == 0) continue;
            if (context.SemanticModel.GetDeclaredSymbol(m, context.CancellationToken) is IMethodSymbol symbol &&
                symbol.GetAttributes().Any(a => a.AttributeClass?.ToDisplayString() == PolicyResolver.MethodAttribute))
            {
                context.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.NotPartial, type.Identifier.GetLocation(), type.Identifier.ValueText, symbol.Name));
                return;
            }
        }
    }

    private static void AnalyzeMethod(SyntaxNodeAnalysisContext context, AttributeData? assembly, Lazy<List<CustomDerivative>> customs, CalleeCheck calleeCheck)
    {
        var syntax = (MethodDeclarationSyntax)context.Node;
        if (syntax.AttributeLists.Count == 0) return;
        if (context.SemanticModel.GetDeclaredSymbol(syntax, context.CancellationToken) is not IMethodSymbol method) return;

        foreach (AttributeData attribute in method.GetAttributes())
        {
            string? name = attribute.AttributeClass?.ToDisplayString();
            if (name == CustomDerivatives.Attribute && CustomDerivatives.FromSymbol(method, attribute, out string? problem) is null)
            {
                context.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.BadCustomDerivative, syntax.Identifier.GetLocation(), method.Name, problem));
            }
            if (name != PolicyResolver.MethodAttribute) continue;

            MethodModel? model = MethodPipeline.Lower(method, syntax, context.SemanticModel, attribute, assembly, context.CancellationToken,
                out List<LoweringDiagnostic> diagnostics, out var unresolved, out _, out var callees, out _, out var helperProblems);
            // SRCAD0003 is reported on the type by AnalyzeType, where its code fix applies.
            foreach (LoweringDiagnostic d in diagnostics.Where(d => d.Descriptor.Id != DiagnosticDescriptors.NotPartialId)) context.ReportDiagnostic(d.ToDiagnostic());
            foreach (var call in unresolved)
            {
                if (CustomDerivatives.IsResolvable(call.Key, customs.Value)) continue;
                // A helper in source that SourceAD tried to differentiate says why it could not (SRCAD0041).
                context.ReportDiagnostic(helperProblems.TryGetValue(call.Key, out string? why)
                    ? Diagnostic.Create(DiagnosticDescriptors.HelperNotDifferentiable, call.Location, call.Display, why)
                    : Diagnostic.Create(DiagnosticDescriptors.NoDerivative, call.Location, call.Display));
            }
            if (model is not null)
            {
                foreach (var (callee, location) in callees)
                {
                    if (calleeCheck.Problem(callee, context.CancellationToken) is string why)
                    {
                        context.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.CalleeNotGenerated, location, callee.Name, why));
                    }
                }
            }
            PolicyModel policy = PolicyResolver.Resolve(attribute, assembly);
            NonsmoothReport.Report(context, syntax, attribute, policy);
        }
    }
}
