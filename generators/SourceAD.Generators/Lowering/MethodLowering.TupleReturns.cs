using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;
using SourceAD.Generators.IR;

namespace SourceAD.Generators.Lowering;

/// <summary>
/// Helpers returning tuples (<c>(double x, double v) Step(double x, double v, double dt)</c>, GradBench particle's
/// <c>step_fwd_euler</c>): called as <c>(x, v) = Step(x, v, dt)</c>, <c>var (p, q) = Step(…)</c>, <c>var r = Step(…)</c>
/// or <c>Step(…).x</c>, the helper is inlined (as local functions are, MethodLowering.LocalFunctions.cs) with one fresh
/// scalar local per element for its results: each <c>return (a, b);</c> in its body assigns them and leaves the helper
/// (Structurize turns early returns into guards, as for a void helper). The call then stands for those locals, which
/// the tuple lowering (MethodLowering.Tuples.cs) takes like a tuple local's elements. A tuple has no generated pullback
/// of its own, so this is the one way to differentiate such a helper: a [Differentiable] one is inline-only
/// (SRCAD0070), a plain one is inlined whatever its size. The values are the same operations in the same order, so the
/// caller's value stays the user's, bit for bit.
/// </summary>
internal sealed partial class MethodLowering
{
    /// <summary>The result locals of the tuple-returning helpers being inlined, innermost last.</summary>
    private readonly List<(IMethodSymbol Fn, string[] Results)> _tupleReturns = new();

    /// <summary>Whether a method returns a tuple (its calls are inlined; it has no generated members of its own).</summary>
    internal static bool ReturnsTuple(IMethodSymbol m) => m.MethodKind == MethodKind.Ordinary && IsTuple(m.ReturnType);

    /// <summary>A call of a method or local function declared in this compilation that returns a tuple and can be inlined here.</summary>
    private bool IsTupleReturningCall(IInvocationOperation call)
    {
        IMethodSymbol m = call.TargetMethod.OriginalDefinition;
        if (!IsTuple(m.ReturnType) || m.MethodKind is not (MethodKind.Ordinary or MethodKind.LocalFunction)) return false;
        if (m.IsGenericMethod || m.IsAsync || m.IsExtern || m.IsAbstract || m.IsVirtual || m.IsOverride || m.ReturnsByRef) return false;
        if (m.MethodKind == MethodKind.LocalFunction) return true;
        if (GeneratedMemberOf(call, out _) is not null) return false;
        if (!m.IsStatic && call.Instance is not (null or IInstanceReferenceOperation)) return false;
        if (m.DeclaringSyntaxReferences.Length == 0 || HasDerivativeOf(m)) return false;
        // The inlined body lands in the caller's type: everything it names must be accessible there.
        return MethodBody(m) is IBlockOperation body && body.Descendants().All(AccessibleHere);
    }

    /// <summary>Inlines a tuple-returning call into the sink; its elements are the fresh result locals. Null when reported.</summary>
    private List<Expr>? InlineTupleCall(IInvocationOperation call)
    {
        IMethodSymbol fn = call.TargetMethod.OriginalDefinition;
        var elements = ((INamedTypeSymbol)fn.ReturnType).TupleElements;
        if (elements.Any(e => IsTuple(e.Type) || !IsScalar(e.Type)))
        {
            Unsupported(call, $"Calling '{fn.Name}', which returns '{fn.ReturnType.ToDisplayString()}'", "return a tuple of numbers or bools (no nested tuples, arrays or structs), or pass the results out through out parameters");
            return null;
        }
        if (_inlining.Any(f => SymbolEqualityComparer.Default.Equals(f, fn)) || SymbolEqualityComparer.Default.Equals(fn, _method.OriginalDefinition))
        {
            Unsupported(call, $"The recursive method '{fn.Name}' returning a tuple", "return one value per method (a [Differentiable] method returning a double may call itself), or write the recursion as a loop");
            return null;
        }
        string[] results = elements.Select(e => NewLocal(fn.Name + "_" + e.Name, e.Type)).ToArray();
        var types = elements.Select(e => TypeClassifier.Text(e.Type)).ToArray();
        _tupleReturns.Add((fn, results));
        try
        {
            Inline(call, "void");
        }
        finally
        {
            _tupleReturns.RemoveAt(_tupleReturns.Count - 1);
        }
        return results.Select((n, i) => (Expr)new Ref(types[i], n)).ToList();
    }

    private static bool IsScalar(ITypeSymbol type) => TypeClassifier.IsFloating(type) || type.SpecialType is
        SpecialType.System_Boolean or SpecialType.System_Int32 or SpecialType.System_Int64 or SpecialType.System_Int16 or SpecialType.System_Byte or
        SpecialType.System_SByte or SpecialType.System_UInt16 or SpecialType.System_UInt32 or SpecialType.System_UInt64 or SpecialType.System_Char;

    /// <summary>
    /// <c>return (a, b);</c> in the body of a tuple-returning helper being inlined: the values, computed before any is
    /// stored, go to the helper's result locals, and the helper is left. False for every other return.
    /// </summary>
    private bool LowerTupleReturn(IReturnOperation ret, List<Stmt> output)
    {
        if (_tupleReturns.Count == 0 || _inlining.Count == 0 || !SymbolEqualityComparer.Default.Equals(_tupleReturns[_tupleReturns.Count - 1].Fn, _inlining[_inlining.Count - 1])) return false;
        string[] results = _tupleReturns[_tupleReturns.Count - 1].Results;
        List<Expr>? values = ret.ReturnedValue is null ? null : LowerTuple(ret.ReturnedValue);
        if (values is not null && values.Count == results.Length)
        {
            // The result locals are fresh, so no value reads one: each can be stored as soon as it is computed.
            for (int i = 0; i < values.Count; i++)
            {
                Expr value = HoistCalls(values[i], output);
                string type = TypeClassifier.Text(((INamedTypeSymbol)_tupleReturns[_tupleReturns.Count - 1].Fn.ReturnType).TupleElements[i].Type);
                output.Add(new Assign(new Ref(type, results[i]), E.To(type, value)));
            }
        }
        output.Add(new Jump(JumpKind.Return, null));
        return true;
    }

    /// <summary><c>Step(x, v, dt).x</c>: the helper inlined, and the one element read.</summary>
    private Expr? TupleCallElement(IFieldReferenceOperation field)
    {
        if (Unwrap(field.Instance!) is not IInvocationOperation call || !IsTupleReturningCall(call)) return null;
        var elements = ((INamedTypeSymbol)call.Type!).TupleElements;
        IFieldSymbol f = field.Field.CorrespondingTupleField ?? field.Field;
        int index = elements.Select(e => e.CorrespondingTupleField ?? e).ToList().FindIndex(e => SymbolEqualityComparer.Default.Equals(e, f));
        if (index < 0) return null;
        List<Expr>? values = InlineTupleCall(call);
        return values?[index] ?? new Lit(TypeClassifier.Text(field.Type!), 0);
    }
}
