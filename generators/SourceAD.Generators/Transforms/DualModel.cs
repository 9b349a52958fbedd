using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using SourceAD.Generators.Helpers;
using SourceAD.Generators.IR;
using SourceAD.Generators.Model;

namespace SourceAD.Generators.Transforms;

/// <summary>
/// Forward mode applied to the generated pullback, by type: the same lowered method with its real type R replaced by
/// <c>global::SourceAD.Dual&lt;R&gt;</c>. The pullback emitter then prints the one reverse sweep over dual numbers, whose
/// adjoints carry H·v in their tangents (forward-over-reverse). A generic method needs no copy at all: its pullback is
/// instantiated at <c>Dual&lt;T&gt;</c>. Only methods this can print without a cast or a member that does not exist are
/// taken (<see cref="Supports"/>); the generator then requires every callee to be taken too.
/// </summary>
internal static class DualModel
{
    /// <summary>The dual type over <paramref name="real"/>.</summary>
    public static string Of(string real) => $"global::SourceAD.Dual<{real}>";

    /// <summary>The generated method over duals of a double/float method (its pushforward, for callers' forward sweeps).</summary>
    public static string PrimalName(string method) => method + "Dual";

    /// <summary>The generated pullback over duals of a double/float method.</summary>
    public static string PullbackName(string method) => method + "PullbackDual";

    /// <summary>True for a method generic in its real type alone (<c>F&lt;T&gt;</c> over <c>T</c>).</summary>
    public static bool IsGeneric(MethodModel m) => m.TypeParameters == "<" + m.RealType + ">";

    private const string Nonsmooth = "global::SourceAD.Nonsmooth";

    private static readonly ImmutableHashSet<ParamKind> Kinds = ImmutableHashSet.Create(
        ParamKind.Real, ParamKind.RealArray, ParamKind.RealReadOnlySpan, ParamKind.RealSpanOutput, ParamKind.Passive, ParamKind.PassiveArray);

    /// <summary>
    /// Whether the method's pullback can run over duals: one real type (double, float, or the method's own T constrained
    /// to IFloatingPointIeee754 only, which Dual&lt;T&gt; satisfies), parameter and local types the substitution knows,
    /// and no call to a hand-written derivative (it has no dual form) or of a passive function on real arrays.
    /// </summary>
    public static bool Supports(MethodModel m)
    {
        try
        {
            string r = m.RealType;
            if (IsGeneric(m))
            {
                if (m.Constraints != $"where {r} : global::System.Numerics.IFloatingPointIeee754<{r}>") return false;
            }
            else if (m.TypeParameters.Length > 0 || IrType.Of(r).Kind is not (IrTypeKind.Double or IrTypeKind.Float))
            {
                return false;
            }
            // A scalar value: callers reach it through its dual members ({Method}Dual, {Method}PullbackDual), which a
            // vector-output method does not get yet. A void method writing one output (kmeans's `*err = cost`) gets the
            // dual pullback for its own second-order members (Emit/HessianEmitter.cs), not for callers.
            if (m.ReturnType != r && !HasOneOutput(m)) return false;
            if (m.Surface.Count > 0 || m.Params.Any(p => p.IsNested || p.InOut || !Kinds.Contains(p.Kind) || Type(p.TypeText, r) is null || Type(p.ElementType, r) is null)) return false;
            if (m.Locals.Any(l => Type(l.TypeText, r) is null || Type(l.ElementType, r) is null)) return false;
            // Text the generator repeats verbatim (a throw's message, an opaque expression) that names a real variable
            // would pass a dual where the user's code expects a double.
            var realNames = new HashSet<string>(m.Params.Where(p => Type(p.TypeText, r) != p.TypeText).Select(p => p.Name)
                .Concat(m.Locals.Where(l => Type(l.TypeText, r) != l.TypeText).Select(l => l.Name)));
            bool NamesReal(string text) => System.Text.RegularExpressions.Regex.Matches(text, @"(?<![\w.])[A-Za-z_]\w*").Cast<System.Text.RegularExpressions.Match>().Any(x => realNames.Contains(x.Value));
            var inLoops = new HashSet<Stmt>(Ir.Descendants(m.Body).Where(s => s is For or While).SelectMany(l => Ir.Descendants(Ir.Children(l))).OfType<NewArray>(), ReferenceComparer.Instance);
            foreach (Stmt s in Ir.Descendants(m.Body))
            {
                if (s is NewArray na && (Type(na.ElementType, r) is null || inLoops.Contains(na))) return false;
                if (s is CallStmt) return false;
                if (s is ThrowStmt t && NamesReal(t.Text) || s is EffectStmt e && NamesReal(e.Text)) return false;
                // Array binds (p = q between local arrays) and allocations in loops record array references on tapes
                // typed by the arrays' declared types, which this pass does not rewrite yet.
                if (s is Assign { Target: Ref, Value: Ref v } && v.Type.IsArray) return false;
                if (s is Assign { Target: Ref target } && target.Type.IsArray) return false;
            }
            foreach (Expr e in Ir.AllExpressions(m.Body))
            {
                if (Type(e.Type.Name, r) is null) return false;
                switch (e)
                {
                    // A [Differentiable] callee in source has dual members when it is taken too (the generator's
                    // fixpoint), and the span reductions are generic; anything else (a hand-written derivative, LINQ's
                    // Sum over double only) has no dual form.
                    case Call c when c.Target.Callee.Length == 0 && c.Target.Receiver != Nonsmooth:
                        return false;
                    // A passive function of real scalars (a constant of the method's data, GMM's Wishart term) is
                    // given their values (Substitute); a real array it cannot be given.
                    case PassiveCall pc when pc.Args.Any(a => a.Type.Name != r && Type(a.Type.Name, r) != a.Type.Name):
                        return false;
                    // Text the generator repeats (a field, a constant) keeps its type: a real scalar converts to a dual
                    // implicitly, a real array (a static table read whole) does not.
                    case Opaque or DataRead or PassiveCall when e.Type.Name != r && Type(e.Type.Name, r) != e.Type.Name:
                        return false;
                    case Opaque o when NamesReal(o.Text):
                        return false;
                }
            }
            return true;
        }
        catch (Exception)
        {
            // An IR node this pass does not know yet: no dual members, never a generator failure.
            return false;
        }
    }

    /// <summary>
    /// A void method whose one output is one entry long, written and not read (<c>err[0] = cost</c>: the output is proven
    /// fully written at length 1, <c>Param.LengthCheck</c>): that entry is a scalar function of the inputs.
    /// </summary>
    public static bool HasOneOutput(MethodModel m) =>
        m.ReturnType == "void" && m.Params.Count(p => p.Kind == ParamKind.RealSpanOutput) == 1 &&
        m.Params.Any(p => p.Kind == ParamKind.RealSpanOutput && !p.InOut && p.LengthCheck == "1");

    /// <summary>The method over <c>Dual&lt;R&gt;</c>: every R in types, arrays, spans, literals and call type arguments.</summary>
    public static MethodModel Substitute(MethodModel m)
    {
        string r = m.RealType;
        string To(string type) => Type(type, r) ?? throw new InvalidOperationException("DualModel.Substitute: unsupported type " + type);
        string real = "<" + r + ">", dual = "<" + Of(r) + ">";
        Expr Rewrite(Expr e)
        {
            e = e.Type == r ? e with { Type = Of(r) } : e;
            // A passive function's real arguments are duals now: it takes their values (its result has no derivative).
            // The cast makes the text right for an argument that still prints as a real (a literal, a field).
            if (e is PassiveCall pc)
            {
                string value = $"(({Of(r)})({{0}})).Value";
                return pc with { Args = pc.Args.Select(a => a.Type == Of(r) ? new DataRead(r, value, EquatableArray.Of(a)) : a).ToEquatable() };
            }
            if (e is not Call c) return e;
            // A generic callee is instantiated at the dual type; a double/float callee in source is reached through its
            // generated dual members (named apart, so the user's method and its pullback get no overloads).
            bool named = c.Target.Callee.Length > 0 && c.Target.TypeArguments.Length == 0;
            return c with
            {
                Target = c.Target with
                {
                    Method = named ? PrimalName(c.Target.Method) : c.Target.Method,
                    TypeArguments = c.Target.TypeArguments == real ? dual : c.Target.TypeArguments,
                    PullbackName = named ? PullbackName(c.Target.Method) : c.Target.PullbackName.Replace(real, dual),
                    PushforwardName = c.Target.PushforwardName.Replace(real, dual),
                },
            };
        }
        EquatableArray<Stmt> Body(EquatableArray<Stmt> stmts) => stmts.Select(Statement).ToEquatable();
        Stmt Statement(Stmt s)
        {
            Stmt rewritten = Ir.With(s, Ir.Operands(s).Select(e => Ir.Rewrite(e, Rewrite)).ToArray(), Body);
            return rewritten is NewArray na ? na with { ElementType = To(na.ElementType) } : rewritten;
        }
        return m with
        {
            ReturnType = m.ReturnType == r ? Of(r) : m.ReturnType,
            RealType = Of(r),
            Params = m.Params.Select(p => p with { TypeText = To(p.TypeText), ElementType = To(p.ElementType) }).ToEquatable(),
            Locals = m.Locals.Select(l => l with { TypeText = To(l.TypeText), ElementType = To(l.ElementType) }).ToEquatable(),
            Body = Body(m.Body),
        };
    }

    /// <summary>
    /// <paramref name="type"/> with R replaced by its dual: R, R[], Span/ReadOnlySpan of R, and every type without a
    /// real in it (int, bool, int[], …) are known; anything else holding a real (a struct, a tuple, R[,]) is null.
    /// </summary>
    private static string? Type(string type, string r)
    {
        if (type == r) return Of(r);
        if (type == r + "[]") return Of(r) + "[]";
        foreach (string span in new[] { "global::System.Span", "global::System.ReadOnlySpan" })
        {
            if (type == $"{span}<{r}>") return $"{span}<{Of(r)}>";
            // A span of passive values (labels, indices) stays as it is.
            if (type.StartsWith(span + "<", StringComparison.Ordinal) && type.EndsWith(">", StringComparison.Ordinal)
                && Type(type.Substring(span.Length + 1, type.Length - span.Length - 2), r) is string inner && inner == type.Substring(span.Length + 1, type.Length - span.Length - 2))
            {
                return type;
            }
        }
        string element = type.EndsWith("[]", StringComparison.Ordinal) ? type.Substring(0, type.Length - 2) : type;
        return IrType.Of(element).IsReal || element.Contains("<") || element.Contains(",") ? null : type;
    }
}
