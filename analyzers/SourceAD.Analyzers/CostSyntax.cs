using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using SourceAD.Generators.Cost;
using SourceAD.Generators.Primitives;

namespace SourceAD.Analyzers;

/// <summary>
/// Counts the floating operations of an ordinary C# method body (a [DerivativeOf] method or its target), weighted by
/// the primitive table's cost(g): +, −, ×, ÷, % and compound assignments on floating types, unary minus, and calls of
/// Math/MathF/T.X or Nonsmooth.X that name a primitive row. Loop bodies are counted once (a per-iteration figure).
/// </summary>
internal static class CostSyntax
{
    /// <summary>The weighted operation count of <paramref name="body"/>.</summary>
    public static double Count(SyntaxNode body, SemanticModel model, CostModel cost, System.Threading.CancellationToken ct)
    {
        double total = 0;
        foreach (SyntaxNode node in body.DescendantNodesAndSelf())
        {
            switch (node)
            {
                case BinaryExpressionSyntax b when IsFloating(model.GetTypeInfo(b, ct).Type) && Row(b.Kind()) is string op:
                    total += cost.Primal(op);
                    break;
                case AssignmentExpressionSyntax a when IsFloating(model.GetTypeInfo(a, ct).Type) && Row(a.Kind()) is string op:
                    total += cost.Primal(op);
                    break;
                case PrefixUnaryExpressionSyntax u when u.IsKind(SyntaxKind.UnaryMinusExpression) && IsFloating(model.GetTypeInfo(u, ct).Type):
                    total += cost.Primal("Neg");
                    break;
                case InvocationExpressionSyntax call when model.GetSymbolInfo(call, ct).Symbol is IMethodSymbol m && IsFloating(m.ReturnType):
                    string name = m.Name == "Log" && m.Parameters.Length == 2 ? "LogBase" : m.Name;
                    if (PrimitiveTable.Rows.ContainsKey(name) && !PrimitiveTable.Rows[name].IsOperator) total += cost.Primal(name);
                    break;
            }
        }
        return total;
    }

    private static string? Row(SyntaxKind kind) => kind switch
    {
        SyntaxKind.AddExpression or SyntaxKind.AddAssignmentExpression => "Add",
        SyntaxKind.SubtractExpression or SyntaxKind.SubtractAssignmentExpression => "Sub",
        SyntaxKind.MultiplyExpression or SyntaxKind.MultiplyAssignmentExpression => "Mul",
        SyntaxKind.DivideExpression or SyntaxKind.DivideAssignmentExpression => "Div",
        SyntaxKind.ModuloExpression or SyntaxKind.ModuloAssignmentExpression => "Rem",
        _ => null,
    };

    private static bool IsFloating(ITypeSymbol? t) => t is not null && (t.SpecialType is SpecialType.System_Double or SpecialType.System_Single ||
        t.Name == "Half" || t is ITypeParameterSymbol || t is INamedTypeSymbol { IsTupleType: true } tuple && tuple.TupleElements.Any(e => IsFloating(e.Type)));
}
