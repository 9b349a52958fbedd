using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace SourceAD.Generators.Lowering;

/// <summary>
/// <c>try</c>/<c>catch</c> stays refused: an exception can leave the try block anywhere (a callee, an index, an
/// overflow), and the derivative code cannot resume the reverse sweep from such a point. The common case, a guard that
/// throws and is caught by the same method (<c>if (x &lt;= 0) throw …; … catch { return fallback; }</c>), is a branch
/// written as a jump, so its refusal shows that branch as the rewrite.
/// </summary>
internal sealed partial class MethodLowering
{
    private void RefuseTryCatch(ITryOperation op)
    {
        var guard = op.Body.Descendants().OfType<IThrowOperation>()
            .Select(t => (Throw: t, If: t.Parent as IConditionalOperation ?? t.Parent?.Parent as IConditionalOperation))
            .FirstOrDefault(g => g.If is not null && op.Catches.Any(c => Catches(c, g.Throw)));
        ICatchClauseOperation? handler = guard.If is null ? null : op.Catches.First(c => Catches(c, guard.Throw));
        if (guard.If is not null && handler!.Handler.Operations.Length == 1 && handler.Handler.Operations[0] is IReturnOperation ret)
        {
            Unsupported(op, "A throw caught by the same method (an exception used as a jump)",
                $"branch instead: where it throws, do what the catch does ('if ({guard.If.Condition.Syntax}) {ret.Syntax}'), and drop the try/catch");
            return;
        }
        Unsupported(op, "Catching an exception inside the method",
            "catch it in the caller, around the call of the [Differentiable] method (or of its Gradient); the derivative code cannot resume where an exception leaves the try block");
    }

    /// <summary>Whether the catch clause handles what the throw throws (a catch-all, or a base type of it).</summary>
    private static bool Catches(ICatchClauseOperation c, IThrowOperation t)
    {
        if (c.Filter is not null) return false;
        ITypeSymbol? thrown = t.Exception is IConversionOperation conv ? conv.Operand.Type : t.Exception?.Type;
        for (ITypeSymbol? s = thrown; s is not null; s = s.BaseType)
        {
            if (SymbolEqualityComparer.Default.Equals(s, c.ExceptionType)) return true;
        }
        return false;
    }
}
