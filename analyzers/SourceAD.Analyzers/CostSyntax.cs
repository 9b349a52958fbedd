using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;
using SourceAD.Generators.Cost;
using SourceAD.Generators.IR;
using SourceAD.Generators.Lowering;

namespace SourceAD.Analyzers;

/// <summary>
/// Counts the floating operations of an ordinary C# method body (a [DerivativeOf] method or its target), weighted by
/// the primitive table's cost(g). It reads the body's operations as lowering does: an operator counts when lowering maps
/// it to an IR operator with a primitive row (<see cref="OperatorKinds"/>, <see cref="Operators.Row(BinaryOp)"/>), on
/// a floating type; a call counts when it binds to a row as lowering binds it (<see cref="PrimitiveBinding"/>). Loop
/// bodies are counted once (a per-iteration figure).
/// </summary>
/// <remarks>
/// A hand-written pullback usually takes <c>ref</c> adjoints, which lowering refuses as parameters, so the body is not
/// lowered and printed (issue 17 asks for that; it needs a count-only lowering mode): the recognition of operators and
/// primitives is lowering's own, the walk over the body is this one.
/// </remarks>
internal static class CostSyntax
{
    /// <summary>The weighted operation count of <paramref name="body"/>.</summary>
    public static double Count(SyntaxNode body, SemanticModel model, CostModel cost, System.Threading.CancellationToken ct)
    {
        if (model.GetOperation(body, ct) is not IOperation root) return 0;
        double total = 0;
        foreach (IOperation op in root.DescendantsAndSelf())
        {
            string? row = op switch
            {
                IBinaryOperation b when TypeClassifier.IsFloating(b.Type) => Binary(b.OperatorKind),
                ICompoundAssignmentOperation a when TypeClassifier.IsFloating(a.Type) => Binary(a.OperatorKind),
                IUnaryOperation { OperatorKind: UnaryOperatorKind.Minus } u when TypeClassifier.IsFloating(u.Type) => Operators.Row(UnaryOp.Negate),
                IInvocationOperation call when PrimitiveBinding.IsFloatingCall(call.TargetMethod) =>
                    PrimitiveBinding.Row(call.TargetMethod, call.Arguments.OrderBy(a => a.Parameter?.Ordinal ?? 0).Select(a => a.Value.Type).ToList()),
                _ => null,
            };
            if (row is not null) total += cost.Primal(row);
        }
        return total;
    }

    private static string? Binary(BinaryOperatorKind kind) => OperatorKinds.Binary(kind) is BinaryOp op ? Operators.Row(op) : null;
}
