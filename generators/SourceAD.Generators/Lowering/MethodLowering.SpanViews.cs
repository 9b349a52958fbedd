using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;
using SourceAD.Generators.IR;

namespace SourceAD.Generators.Lowering;

/// <summary>
/// Calls of span-view helpers (<see cref="SpanViews"/>; GradBench ht's <c>get_col(3, pose_params, i)</c>, which
/// returns <c>m.Slice(i * nrows)</c>): the call is the slice it returns, of the caller's argument, so it is passed on
/// (<c>Foo(GetCol(m, 3, i), …)</c>), indexed (<c>GetCol(m, 3, i)[k]</c>, written through for a <c>Span&lt;T&gt;</c>),
/// iterated, sliced again or named by a span local (<c>var c = GetCol(m, 3, i);</c>) exactly as a slice written in
/// place. The helper's scalar parameters stand for the argument expressions, which must be free of side effects (a
/// view may be lowered more than once, e.g. for a compound assignment's read and write); its span parameters are
/// bound as an inlined helper's are (MethodLowering.InlineHelpers.cs). Nothing is evaluated that the user's call would
/// not evaluate: the slice's start and length are the helper's own integer arithmetic.
/// </summary>
internal sealed partial class MethodLowering
{
    /// <summary>
    /// The slice a call of a span-view helper stands for; null when <paramref name="call"/> calls no span-returning
    /// method of this compilation. A call that cannot be a view is reported, and stands for an invalid alias (so no
    /// second diagnostic follows at its use).
    /// </summary>
    private SliceAlias? ViewCallAlias(IInvocationOperation call)
    {
        IMethodSymbol m = call.TargetMethod.OriginalDefinition;
        if (!SpanViews.ReturnsSpan(m)) return null;
        string element = TypeClassifier.Text(TypeClassifier.ElementOf(m.ReturnType, out _, out _)!);
        var invalid = new SliceAlias("__invalid", false, element, new Lit("int", 0), new Lit("int", 0));
        if (SpanViews.ViewedParameter(m, out _) is null || MethodBody(m) is not { Operations.Length: 1 } body ||
            body.Operations[0] is not IReturnOperation { ReturnedValue: IOperation returned })
        {
            Unsupported(call, $"Using the span '{m.Name}' returns",
                "let it return a slice of one of its span or array parameters as its only statement (return m.Slice(start, length);), or slice the array where it is used");
            return invalid;
        }
        if (call.Arguments.Any(a => HasEffects(a.Value)))
        {
            Unsupported(call, $"A call of the span view '{m.Name}' whose arguments have side effects", "compute the arguments into locals first");
            return invalid;
        }
        if (_inlining.Any(f => SymbolEqualityComparer.Default.Equals(f, m)))
        {
            Unsupported(call, $"The recursive span view '{m.Name}'", "slice the array directly");
            return invalid;
        }

        // Bind the parameters: spans and arrays as an inlined helper's (a slice argument becomes an alias), scalars to
        // placeholders replaced by the argument expressions once the returned slice is lowered.
        var placeholders = new Dictionary<string, Expr>();
        var bindings = new List<(IParameterSymbol Parameter, string Name)>();
        foreach (IArgumentOperation arg in call.Arguments)
        {
            if (arg.Parameter is null) return invalid;
            IParameterSymbol p = m.Parameters[arg.Parameter.Ordinal];
            if (p.RefKind is not (RefKind.None or RefKind.In))
            {
                Unsupported(arg, $"Passing '{Short(arg.Value)}' by reference to the span view '{m.Name}'", "pass it by value");
                return invalid;
            }
            if (TypeClassifier.ElementOf(p.Type, out _, out _) is not null)
            {
                string? view = BindSliceParameter(p, arg.Value, laterEffects: false);
                string array = view ?? ArrayName(arg.Value);
                if (array == "__invalid") return invalid;
                bindings.Add((p, array));
                continue;
            }
            string placeholder = $"<{p.Name}>{_temp++}";
            placeholders[placeholder] = LowerExpr(arg.Value);
            bindings.Add((p, placeholder));
        }
        foreach (var (parameter, name) in bindings) _names[parameter] = name;

        _inlining.Add(m);
        SliceAlias? alias = ReturnedView(returned);
        _inlining.RemoveAt(_inlining.Count - 1);
        foreach (var (parameter, _) in bindings) _names.Remove(parameter);
        if (alias is null) return invalid;

        Expr Substitute(Expr e) => Ir.Replace(e, x => x is Ref r && placeholders.TryGetValue(r.Name, out Expr? value) ? value : null);
        return alias with { Start = Substitute(alias.Start), Length = Substitute(alias.Length) };
    }

    /// <summary>The view a helper's returned expression stands for, its parameters bound: a slice of one, or one whole.</summary>
    private SliceAlias? ReturnedView(IOperation returned)
    {
        IOperation r = Unwrap(returned);
        if (AliasOf(r) is SliceAlias alias) return alias;
        if (r is IParameterReferenceOperation whole)
        {
            string array = ArrayName(whole);
            string element = TypeClassifier.Text(TypeClassifier.ElementOf(whole.Type!, out _, out _)!);
            return new SliceAlias(array, whole.Type is IArrayTypeSymbol || IsArrayStorage(array), element, new Lit("int", 0), new Len(array));
        }
        if (SliceParts(r) is not var (source, start, length, _)) return null;
        if (ResolveSlice(source, start, length, r) is not Slice slice) return null;
        string sliced = TypeClassifier.Text(TypeClassifier.ElementOf(r.Type!, out _, out _)!);
        return new SliceAlias(slice.Array, slice.ArrayBase, sliced, slice.Start, slice.Length);
    }

    /// <summary>Whether <paramref name="op"/> calls a span-returning method of this compilation (a view, or refused as one).</summary>
    private static bool IsViewCall(IOperation op) => Unwrap(op) is IInvocationOperation call && SpanViews.ReturnsSpan(call.TargetMethod);
}
