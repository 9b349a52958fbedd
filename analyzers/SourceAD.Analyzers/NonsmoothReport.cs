using System.Globalization;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;
using SourceAD.Generators.Diagnostics;
using SourceAD.Generators.Model;
using SourceAD.Generators.Policy;

namespace SourceAD.Analyzers;

/// <summary>
/// SRCAD2001: at each nonsmooth call site, which derivative the generated code uses at the kink or tie.
/// SRCAD2002: a choice outside the Clarke subdifferential (thesis Example 1, Remark 10), which is only conservative.
/// </summary>
internal static class NonsmoothReport
{
    /// <summary>β from which the thesis (§3.4) observed exploding gradients at 16 and 32 bits.</summary>
    private const double UnstableBeta = 1000;

    public static void Report(SyntaxNodeAnalysisContext context, MethodDeclarationSyntax method, AttributeData attribute, PolicyModel p)
    {
        Location where = attribute.ApplicationSyntaxReference?.GetSyntax(context.CancellationToken).GetLocation() ?? method.Identifier.GetLocation();
        if (p.ReluAtZero is < 0 or > 1)
        {
            Warn(context, where, $"ReluAtZero = {F(p.ReluAtZero)} lies outside [0, 1]: the result is a conservative gradient, not a Clarke subgradient");
        }
        if (p.AbsAtZero is < -1 or > 1)
        {
            Warn(context, where, $"AbsAtZero = {F(p.AbsAtZero)} lies outside [-1, 1]: the result is a conservative gradient, not a Clarke subgradient");
        }
        foreach (var (family, ties) in new[] { ("binary", p.Binary), ("reduction", p.Reduction), ("pooling", p.Pooling) })
        {
            if (ties.IsClarke) continue;
            double beta = ties.Beta;
            string message = $"Hybrid β = {F(beta)} for {family} ties lies outside [0, 1]: the result is only a conservative gradient (thesis Remark 10)";
            if (beta >= UnstableBeta) message += "; the thesis observed unstable training (exploding gradients) at 16 and 32 bits for β ≥ 1000";
            Warn(context, where, message);
            break;
        }

        foreach (InvocationExpressionSyntax call in method.DescendantNodes().OfType<InvocationExpressionSyntax>())
        {
            if (context.SemanticModel.GetSymbolInfo(call, context.CancellationToken).Symbol is not IMethodSymbol target) continue;
            string receiver = target.ContainingType?.ToDisplayString() ?? "";
            bool numeric = receiver is "System.Math" or "System.MathF" or "double" or "float" or "System.Half" || target.ContainingNamespace?.ToDisplayString() == "System.Numerics";
            string display = (receiver.Split('.').Last()) + "." + target.Name;
            string? text = (numeric, receiver, target.Name) switch
            {
                (true, _, "Max") => $"{display} tie: {Tie(p.Binary, p.Strict)}",
                (true, _, "Min") => $"{display} tie: {Tie(p.Binary, p.Strict)}",
                (true, _, "Clamp") => $"{display} at a bound: {Tie(p.Binary, p.Strict)}",
                (true, _, "Abs") => p.Strict ? $"{display} at 0: throws (Strict)" : $"{display} at 0: derivative {F(p.AbsAtZero)}",
                (_, "SourceAD.Nonsmooth", "Relu") => p.Strict ? "Nonsmooth.Relu at 0: throws (Strict)" : $"Nonsmooth.Relu at 0: derivative {F(p.ReluAtZero)}",
                (_, "SourceAD.Nonsmooth", "LeakyRelu") => p.Strict ? "Nonsmooth.LeakyRelu at 0: throws (Strict)" : $"Nonsmooth.LeakyRelu at 0: derivative slope + {F(p.ReluAtZero)}·(1 − slope)",
                _ => null,
            };
            if (text is not null) context.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.NonsmoothSite, call.GetLocation(), text));
        }
    }

    private static string Tie(TieChoice ties, bool strict)
    {
        if (strict) return "throws (Strict)";
        double first = ties.Share(0, 2), second = ties.Share(1, 2);
        return ties.Rule switch
        {
            TieRule.Minimal => "Minimal, each argument gets 0.5",
            TieRule.Hybrid => $"Hybrid(β={F(ties.Beta)}), first argument gets {F(first)}, second {F(second)}",
            _ => "Native, the first argument gets 1",
        };
    }

    private static void Warn(SyntaxNodeAnalysisContext context, Location where, string message) =>
        context.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.NonClarke, where, message));

    private static string F(double v) => v.ToString("0.###", CultureInfo.InvariantCulture);
}
