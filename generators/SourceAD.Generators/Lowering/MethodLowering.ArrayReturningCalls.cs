using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;
using SourceAD.Generators.IR;

namespace SourceAD.Generators.Lowering;

/// <summary>
/// <c>double[] unit = Normalize(v);</c>, <c>double[,] c = Multiply(a, b);</c>: a call of a method declared in this
/// compilation that returns an array it allocates (flat, rectangular or jagged) is inlined where it initializes a local
/// (as local functions are, MethodLowering.LocalFunctions.cs), and the local becomes a second name for that array (an
/// array bind). As an argument (<c>Softmax(Scaled(x, t))</c>, to a vector helper or to another inlined helper) the
/// inlined helper's array is passed on. The helper's work is then differentiated as part of the method. A helper that
/// returns anything but one local array it allocated (an input, a field, one of several arrays chosen by branches) is
/// refused: the caller's local would alias storage the derivative code cannot follow.
/// </summary>
internal sealed partial class MethodLowering
{
    private bool TryLowerArrayReturningCall(IVariableDeclaratorOperation d, string name, IOperation init, List<Stmt> output)
    {
        if (!IsLocalArrayType(d.Symbol.Type) || ArrayReturningCall(init) is not IInvocationOperation call) return false;
        string type = TypeClassifier.Text(d.Symbol.Type);
        Ref? array;
        using (Sink(output)) array = InlineArrayReturningCall(call, init, $"Initializing the array '{d.Symbol.Name}' with what '{call.TargetMethod.Name}' returns");
        if (array is not null) output.Add(new Assign(new Ref(type, name), new Ref(type, array.Name)));
        return true;
    }

    /// <summary>
    /// <c>foreach (double q in Softmax(x))</c> and, inside an inlined helper, <c>return Scaled(e, 1 / sum);</c>: the
    /// called helper is inlined into <paramref name="output"/> and its array stands for the call. Null when
    /// <paramref name="op"/> is not such a call; the name "__invalid" after a reported refusal.
    /// </summary>
    private string? InlinedArrayOf(IOperation op, List<Stmt> output, string what)
    {
        if (ArrayReturningCall(op) is not IInvocationOperation call) return null;
        using (Sink(output)) return InlineArrayReturningCall(call, op, $"{what} what '{call.TargetMethod.Name}' returns")?.Name ?? "__invalid";
    }

    /// <summary><c>F(Scaled(x, t))</c>: the inlined helper's array is the argument itself.</summary>
    private Expr? ArrayReturningArgument(IOperation arg)
    {
        if (ArrayReturningCall(arg) is not IInvocationOperation call) return null;
        return (Expr?)InlineArrayReturningCall(call, arg, $"Passing what '{call.TargetMethod.Name}' returns") ?? new Lit("int", 0);
    }

    /// <summary>The array types a local can hold: T[], and the rectangular and jagged nestings of TypeClassifier.NestedElementOf.</summary>
    private static bool IsLocalArrayType(ITypeSymbol type) =>
        type is IArrayTypeSymbol { Rank: 1, ElementType: not IArrayTypeSymbol } || TypeClassifier.NestedElementOf(type, out _) is not null;

    /// <summary>A call of a method declared in this compilation that returns an array a local can hold; null for anything else.</summary>
    private static IInvocationOperation? ArrayReturningCall(IOperation op) =>
        Unwrap(op) is IInvocationOperation call && call.TargetMethod is
        {
            MethodKind: MethodKind.Ordinary, IsGenericMethod: false, IsVirtual: false, IsAbstract: false, IsOverride: false,
        } target && IsLocalArrayType(target.ReturnType) &&
        target.OriginalDefinition.DeclaringSyntaxReferences.Length > 0 && (target.IsStatic || call.Instance is null or IInstanceReferenceOperation)
            ? call
            : null;

    /// <summary>Inlines the helper into the sink; the local array it returns, or null (reported) when it returns anything else.</summary>
    private Ref? InlineArrayReturningCall(IInvocationOperation call, IOperation site, string what)
    {
        Expr result = Inline(call, TypeClassifier.Text(call.Type!));
        if (result is Ref r && IsBindable(r.Name) && _locals.Any(l => l.Name == r.Name)) return r;
        if (!_diagnostics.Any(x => x.Descriptor.DefaultSeverity == DiagnosticSeverity.Error))
        {
            Unsupported(site, what, $"let '{call.TargetMethod.Name}' return one local array it allocates (new T[n]) and fills, with a single return at its end");
        }
        return null;
    }
}
