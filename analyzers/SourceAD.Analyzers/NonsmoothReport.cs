using System.Globalization;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using SourceAD.Generators.Diagnostics;
using SourceAD.Generators.Lowering;
using SourceAD.Generators.Model;
using SourceAD.Generators.Policy;
using SourceAD.Generators.Primitives;

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
            if (context.SemanticModel.GetOperation(call, context.CancellationToken) is not IInvocationOperation operation) continue;
            if (Site(operation, p) is string text) context.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.NonsmoothSite, call.GetLocation(), text));
        }
    }

    /// <summary>
    /// What the policy chooses at the nonsmooth point of <paramref name="call"/>, or null when it has none: the call is
    /// recognized as lowering recognizes it (<see cref="PrimitiveBinding"/>), by its row's nonsmooth kind, and only when
    /// its value is floating (integer <c>Math.Abs</c> has no derivative to choose).
    /// </summary>
    private static string? Site(IInvocationOperation call, PolicyModel p)
    {
        IMethodSymbol target = call.TargetMethod;
        if (!PrimitiveBinding.IsFloatingCall(target)) return null;
        var arguments = call.Arguments.OrderBy(a => a.Parameter?.Ordinal ?? 0).Select(a => a.Value).ToList();
        var argTypes = arguments.Select(a => a.Type).ToList();
        string display = (target.ContainingType?.ToDisplayString() ?? "").Split('.').Last() + "." + target.Name;
        // A reduction's source as lowering sees it: the array before its conversion to IEnumerable<T>.
        var sources = arguments.Select(a => (a is IConversionOperation { IsImplicit: true } c ? c.Operand : a).Type).ToList();
        if (PrimitiveBinding.Reduction(target, sources) is not null) return $"{display} over a sequence, tied entries: {ReductionTie(p.Reduction, p.Strict)}";
        if (PrimitiveBinding.Row(target, argTypes) is not string row) return null;
        return (PrimitiveTable.Get(row).Kind, row) switch
        {
            (NonsmoothKind.MaxLike, "Clamp") => $"{display} at a bound: {Tie(p.Binary, p.Strict)}",
            (NonsmoothKind.MaxLike, _) => $"{display} tie: {Tie(p.Binary, p.Strict)}",
            (NonsmoothKind.AbsLike, "CopySign") => p.Strict ? $"{display} at x = 0: throws (Strict)" : $"{display} at x = 0: derivative {F(p.AbsAtZero)}·sign(y)",
            (NonsmoothKind.AbsLike, _) => p.Strict ? $"{display} at 0: throws (Strict)" : $"{display} at 0: derivative {F(p.AbsAtZero)}",
            (NonsmoothKind.ReluLike, "LeakyRelu") => p.Strict ? $"{display} at 0: throws (Strict)" : $"{display} at 0: derivative slope + {F(p.ReluAtZero)}·(1 − slope)",
            (NonsmoothKind.ReluLike, _) => p.Strict ? $"{display} at 0: throws (Strict)" : $"{display} at 0: derivative {F(p.ReluAtZero)}",
            _ => null,
        };
    }

    /// <summary>How a reduction's tie rule shares the seed among k tied entries (NonsmoothRules).</summary>
    private static string ReductionTie(TieChoice ties, bool strict) => strict ? "throws (Strict)" : ties.Rule switch
    {
        TieRule.Minimal => "Minimal, each of k tied entries gets 1/k",
        TieRule.Hybrid => $"Hybrid(β={F(ties.Beta)})",
        _ => "Native, the first tied entry gets 1",
    };

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
