using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;
using SourceAD.Generators.Helpers;
using SourceAD.Generators.IR;

namespace SourceAD.Generators.Lowering;

/// <summary>
/// Nullable locals of a floating type (<c>double? best = null; … if (best is null || v &gt; best) best = v; return best ?? 0;</c>)
/// as a pair of locals, <c>best_HasValue</c> (bool) and <c>best_Value</c>, with <c>best_Value</c> kept 0 while the local
/// is null (so <c>GetValueOrDefault()</c> is the value). <c>null</c>, conversions from T, <c>.HasValue</c>, <c>.Value</c> and
/// casts to T (both throw when null, as in C#), <c>??</c>, <c>is null</c> and other patterns, lifted arithmetic (null when
/// either operand is) and lifted comparisons (false when either is null; <c>==</c> is true for two nulls). The value
/// goes through a conditional on the flag, so the derivative flows only when the local holds a value. A [NoDerivative]
/// nullable parameter of the method (<c>[NoDerivative] double? lambda = null</c>) is read the same way as data; unmarked
/// ones (which would have no derivative), nullable
/// fields, returns, arguments and parameters of inlined helpers stay refused with the rewrite (a bool flag beside a plain value).
/// </summary>
internal sealed partial class MethodLowering
{
    private readonly Dictionary<ILocalSymbol, (string Has, string Value)> _nullableLocals = new(SymbolEqualityComparer.Default);

    private const string NullableRewrite = "keep a bool flag beside a plain value (bool hasBest = false; double best = 0;), or use a nullable local only inside the method";
    private const string NullValue = "throw new global::System.InvalidOperationException(\"Nullable object must have a value.\")";

    /// <summary>The underlying type of <c>T?</c> when T is floating; null for any other type.</summary>
    private static ITypeSymbol? NullableFloating(ITypeSymbol? type) =>
        type is INamedTypeSymbol { OriginalDefinition.SpecialType: SpecialType.System_Nullable_T } n && TypeClassifier.IsFloating(n.TypeArguments[0]) ? n.TypeArguments[0] : null;

    private static bool IsNullableValue(ITypeSymbol? type) => type is INamedTypeSymbol { OriginalDefinition.SpecialType: SpecialType.System_Nullable_T };

    /// <summary><c>double? best = null;</c>: the two locals, initialized; false for any other declarator.</summary>
    private bool TryLowerNullableDeclarator(IVariableDeclaratorOperation d, IOperation? init, List<Stmt> output)
    {
        if (NullableFloating(d.Symbol.Type) is not ITypeSymbol under) return false;
        string t = TypeClassifier.Text(under);
        string owner = Name(d.Symbol, d.Symbol.Name);
        var pair = (NewScalarLocal(owner + "_HasValue", "bool"), NewScalarLocal(owner + "_Value", t));
        _nullableLocals[d.Symbol] = pair;
        using var sink = Sink(output);
        if (init is null)
        {
            // Definite assignment makes C# write it before any read; the pair starts as null all the same.
            output.Add(new Assign(new Ref("bool", pair.Item1), new Lit("bool", 0)));
            output.Add(new Assign(new Ref(t, pair.Item2), new Lit(t, 0)));
            return true;
        }
        if (LowerNullable(init) is (Expr has, Expr value)) AssignNullable(pair, t, has, value, output);
        return true;
    }

    private void AssignNullable((string Has, string Value) pair, string t, Expr has, Expr value, List<Stmt> output)
    {
        // The new flag and value are computed before either is written: the value may read the old flag.
        Expr h = has is Lit ? has : Spill(HoistCalls(has, output));
        Expr v = value is Lit ? value : Spill(HoistCalls(E.To(t, value), output));
        output.Add(new Assign(new Ref("bool", pair.Has), h));
        output.Add(new Assign(new Ref(t, pair.Value), E.To(t, v)));
    }

    /// <summary><c>best = v</c>, <c>best += v</c>, <c>best++</c> of a nullable local; false for any other target.</summary>
    private bool TryLowerNullableAssignment(IOperation op, List<Stmt> output)
    {
        IOperation target = op switch
        {
            IAssignmentOperation a => a.Target,
            IIncrementOrDecrementOperation i => i.Target,
            _ => op,
        };
        if (target is not ILocalReferenceOperation local || !_nullableLocals.TryGetValue(local.Local, out var pair)) return false;
        using var sink = Sink(output);
        string t = TypeClassifier.Text(NullableFloating(local.Type)!);
        var current = (Has: (Expr)new Ref("bool", pair.Has), Value: (Expr)new Ref(t, pair.Value));
        (Expr Has, Expr Value)? result;
        switch (op)
        {
            case ICoalesceAssignmentOperation coalesce:
            {
                // best ??= v: v is evaluated only when best is null.
                var pre = new List<Stmt>();
                (Expr Has, Expr Value)? other;
                using (Sink(pre)) other = LowerNullable(coalesce.Value);
                if (other is null) return true;
                AssignNullable(pair, t, other.Value.Has, other.Value.Value, pre);
                output.Add(new If(Not(current.Has), pre.ToEquatable(), EquatableArray<Stmt>.Empty));
                return true;
            }
            case ISimpleAssignmentOperation assign:
                result = LowerNullable(assign.Value);
                break;
            case ICompoundAssignmentOperation compound when OperatorKinds.Binary(compound.OperatorKind) is BinaryOp bop && IsArithmetic(bop) && compound.OperatorMethod is null:
                result = Lifted(bop, t, current, compound.Value);
                break;
            case IIncrementOrDecrementOperation inc:
            {
                Expr next = new Bin(t, inc.Kind == OperationKind.Increment ? BinaryOp.Add : BinaryOp.Subtract, current.Value, new Lit(t, 1));
                result = (current.Has, E.If(current.Has, next, new Lit(t, 0)));
                break;
            }
            default:
                Unsupported(op, $"The assignment '{Short(op)}' of the nullable local '{local.Local.Name}'", "use =, +=, -=, *=, /= or ??=");
                return true;
        }
        if (result is null) return true;
        AssignNullable(pair, t, result.Value.Has, result.Value.Value, output);
        return true;
    }

    /// <summary><c>a op b</c> lifted: null when either is null, the value only computed on values.</summary>
    private (Expr Has, Expr Value)? Lifted(BinaryOp op, string t, (Expr Has, Expr Value) left, IOperation right)
    {
        if (LowerNullable(right) is not (Expr hb, Expr vb)) return null;
        return LiftedPair(op, t, left, (hb, vb));
    }

    private static (Expr Has, Expr Value) LiftedPair(BinaryOp op, string t, (Expr Has, Expr Value) a, (Expr Has, Expr Value) b)
    {
        Expr has = And(a.Has, b.Has);
        Expr value = new Bin(t, op, E.To(t, a.Value), E.To(t, b.Value));
        return (has, E.IsLit(has, 1) ? value : E.IsLit(has, 0) ? new Lit(t, 0) : E.If(has, value, new Lit(t, 0)));
    }

    /// <summary>A nullable-valued expression as (has value, value); null (reported) when unsupported.</summary>
    private (Expr Has, Expr Value)? LowerNullable(IOperation op)
    {
        ITypeSymbol? under = NullableFloating(op.Type);
        string t = under is null ? "double" : TypeClassifier.Text(under);
        switch (op)
        {
            case IParenthesizedOperation paren:
                return LowerNullable(paren.Operand);
            case ILocalReferenceOperation local when _nullableLocals.TryGetValue(local.Local, out var pair):
                return (new Ref("bool", pair.Has), new Ref(t, pair.Value));
            case IParameterReferenceOperation { Parameter: { RefKind: RefKind.None } parameter } when under is not null && !_inlining.Any():
            {
                // A [NoDerivative] double? parameter of the method is data: its flag and value are read where it is used.
                // Unmarked, it would silently have no derivative (no generated member takes a nullable seed or returns a
                // nullable adjoint), so it is refused as other data-shaped parameters holding floating values are.
                if (!IsDataParameter(parameter))
                {
                    Unsupported(op, $"Reading the nullable parameter '{parameter.Name}'",
                        $"mark it [NoDerivative] if it is data, or take a plain {t} with a default ({t} {parameter.Name} = …) to differentiate it", markable: parameter);
                    return null;
                }
                string name = Name(parameter, parameter.Name);
                return (new Opaque("bool", name + ".HasValue"), new Opaque(t, name + ".GetValueOrDefault()"));
            }
            case IConversionOperation conv when conv.Operand.ConstantValue is { HasValue: true, Value: null } || conv.Operand.Type is null && conv.Operand is ILiteralOperation:
                return (new Lit("bool", 0), new Lit(t, 0));
            case ILiteralOperation { ConstantValue: { HasValue: true, Value: null } }:
                // null in a target-typed ?: (c ? first * 1.5 : null).
                return (new Lit("bool", 0), new Lit(t, 0));
            case IOperation when op.Type is not null && !IsNullableValue(op.Type) && (TypeClassifier.IsFloating(op.Type) || op.Type.SpecialType is >= SpecialType.System_SByte and <= SpecialType.System_UInt64):
                // A plain value where a nullable one is expected (best ??= v, whose right side keeps its own type).
                return (new Lit("bool", 1), LowerExpr(op));
            case IDefaultValueOperation:
                return (new Lit("bool", 0), new Lit(t, 0));
            case IConversionOperation conv when under is not null && !IsNullableValue(conv.Operand.Type) && conv.OperatorMethod is null:
                return (new Lit("bool", 1), E.To(t, LowerExpr(conv.Operand)));
            case IConversionOperation conv when under is not null && NullableFloating(conv.Operand.Type) is not null && conv.OperatorMethod is null:
                return LowerNullable(conv.Operand) is (Expr hc, Expr vc) ? (hc, E.To(t, vc)) : null;
            case IBinaryOperation bin when under is not null && OperatorKinds.Binary(bin.OperatorKind) is BinaryOp o && IsArithmetic(o) && bin.OperatorMethod is null:
            {
                var parts = LowerNullableOperands(bin.LeftOperand, bin.RightOperand);
                return parts is null ? null : LiftedPair(o, t, parts.Value.A, parts.Value.B);
            }
            case IUnaryOperation { OperatorKind: UnaryOperatorKind.Minus or UnaryOperatorKind.Plus } un when under is not null:
            {
                if (LowerNullable(un.Operand) is not (Expr h, Expr v)) return null;
                Expr value = un.OperatorKind == UnaryOperatorKind.Minus ? new Un(t, UnaryOp.Negate, v) : v;
                return (h, E.IsLit(h, 1) ? value : E.If(h, value, new Lit(t, 0)));
            }
            case IConditionalOperation { WhenFalse: not null } cond when under is not null:
            {
                Expr c = Once(LowerCondition(cond.Condition));
                return ChooseNullable(c, cond.WhenTrue, cond.WhenFalse!, t);
            }
            case ICoalesceOperation coalesce when under is not null && NullableFloating(coalesce.Value.Type) is not null:
            {
                // a ?? b with b nullable: b is evaluated only when a is null.
                if (LowerNullable(coalesce.Value) is not (Expr ha, Expr va)) return null;
                Expr h = Once(ha);
                var pre = new List<Stmt>();
                (Expr Has, Expr Value)? b;
                using (Sink(pre)) b = LowerNullable(coalesce.WhenNull);
                if (b is null) return null;
                if (pre.Count == 0) return (OrElse(h, b.Value.Has), E.If(h, E.To(t, va), E.To(t, b.Value.Value)));
                string th = NewTemp("hasValue", "bool"), tv = NewTemp("value", t);
                pre.Add(new Assign(new Ref("bool", th), b.Value.Has));
                pre.Add(new Assign(new Ref(t, tv), E.To(t, b.Value.Value)));
                var then = new List<Stmt> { new Assign(new Ref("bool", th), new Lit("bool", 1)), new Assign(new Ref(t, tv), E.To(t, va)) };
                _sink.Add(new If(h, then.ToEquatable(), pre.ToEquatable()));
                return (new Ref("bool", th), new Ref(t, tv));
            }
            default:
                Unsupported(op, $"The nullable value '{Short(op)}'", NullableRewrite);
                return null;
        }
    }

    private ((Expr Has, Expr Value) A, (Expr Has, Expr Value) B)? LowerNullableOperands(IOperation left, IOperation right)
    {
        if (LowerNullable(left) is not (Expr ha, Expr va)) return null;
        var pre = new List<Stmt>();
        (Expr Has, Expr Value)? b;
        using (Sink(pre)) b = LowerNullable(right);
        if (b is null) return null;
        if (pre.Count > 0)
        {
            // The right side has effects: the left is taken first, as C# evaluates it.
            ha = ha is Lit ? ha : Spill(ha);
            va = va is Lit ? va : Spill(va);
            _sink.AddRange(pre);
        }
        return ((ha, va), b.Value);
    }

    /// <summary><c>c ? a : b</c> of nullable values: only the side taken is evaluated.</summary>
    private (Expr Has, Expr Value)? ChooseNullable(Expr c, IOperation whenTrue, IOperation whenFalse, string t)
    {
        var preA = new List<Stmt>();
        var preB = new List<Stmt>();
        (Expr Has, Expr Value)? a, b;
        using (Sink(preA)) a = LowerNullable(whenTrue);
        using (Sink(preB)) b = LowerNullable(whenFalse);
        if (a is null || b is null) return null;
        if (preA.Count == 0 && preB.Count == 0) return (E.If(c, a.Value.Has, b.Value.Has), E.If(c, E.To(t, a.Value.Value), E.To(t, b.Value.Value)));
        string th = NewTemp("hasValue", "bool"), tv = NewTemp("value", t);
        preA.Add(new Assign(new Ref("bool", th), a.Value.Has));
        preA.Add(new Assign(new Ref(t, tv), E.To(t, a.Value.Value)));
        preB.Add(new Assign(new Ref("bool", th), b.Value.Has));
        preB.Add(new Assign(new Ref(t, tv), E.To(t, b.Value.Value)));
        _sink.Add(new If(c, preA.ToEquatable(), preB.ToEquatable()));
        return (new Ref("bool", th), new Ref(t, tv));
    }

    /// <summary>
    /// A plain value computed from nullable ones (<c>.HasValue</c>, <c>.Value</c>, <c>??</c>, casts, lifted comparisons,
    /// <c>GetValueOrDefault</c>); a nullable value where a plain one is needed is refused; null for anything else.
    /// </summary>
    private Expr? LowerNullableScalar(IOperation op, string type)
    {
        if (_nullableLocals.Count == 0 && !_method.Parameters.Any(p => NullableFloating(p.Type) is not null)) return null;
        switch (op)
        {
            case IPropertyReferenceOperation { Property.Name: "HasValue", Instance: IOperation instance } when NullableFloating(instance.Type) is not null:
                return LowerNullable(instance) is (Expr hasValue, _) ? hasValue : new Lit("bool", 0);
            case IPropertyReferenceOperation { Property.Name: "Value", Instance: IOperation instance } when NullableFloating(instance.Type) is not null:
                return ValueOf(instance, type);
            case IConversionOperation conv when NullableFloating(conv.Operand.Type) is not null && !IsNullableValue(conv.Type) && conv.OperatorMethod is null:
                return E.To(type, ValueOf(conv.Operand, TypeClassifier.Text(NullableFloating(conv.Operand.Type)!)));
            case IInvocationOperation { TargetMethod.Name: "GetValueOrDefault", Instance: IOperation instance } call when NullableFloating(instance.Type) is not null:
            {
                if (LowerNullable(instance) is not (Expr h, Expr v)) return new Lit(type, 0);
                if (call.Arguments.Length == 0) return E.To(type, v);
                return CoalesceScalar(h, v, call.Arguments[0].Value, type);
            }
            case ICoalesceOperation coalesce when NullableFloating(coalesce.Value.Type) is not null && !IsNullableValue(coalesce.Type):
            {
                if (LowerNullable(coalesce.Value) is not (Expr h, Expr v)) return new Lit(type, 0);
                return CoalesceScalar(h, v, coalesce.WhenNull, type);
            }
            case IBinaryOperation bin when (NullableFloating(bin.LeftOperand.Type) is not null || NullableFloating(bin.RightOperand.Type) is not null) && !IsNullableValue(bin.Type) &&
                                           bin.OperatorMethod is null && OperatorKinds.Binary(bin.OperatorKind) is BinaryOp o && o is BinaryOp.LessThan or BinaryOp.LessThanOrEqual or BinaryOp.GreaterThan or BinaryOp.GreaterThanOrEqual or BinaryOp.Equal or BinaryOp.NotEqual:
            {
                var parts = LowerNullableOperands(bin.LeftOperand, bin.RightOperand);
                if (parts is null) return new Lit("bool", 0);
                var ((ha, va), (hb, vb)) = parts.Value;
                IrType t = va.Type;
                Expr compare = new Bin("bool", o == BinaryOp.NotEqual ? BinaryOp.Equal : o, va, E.To(t, vb));
                Expr result = o is BinaryOp.Equal or BinaryOp.NotEqual
                    // Two nulls are equal; a null and a value are not.
                    ? (E.IsLit(ha, 0) ? Not(hb) : E.IsLit(hb, 0) ? Not(ha) : new Bin("bool", BinaryOp.ConditionalAnd, new Bin("bool", BinaryOp.Equal, ha, hb), OrElse(Not(ha), compare)))
                    : And(And(ha, hb), compare);
                return o == BinaryOp.NotEqual ? Not(result) : result;
            }
            case IOperation when IsNullableValue(op.Type) && (_nullableLocals.Keys.Any(l => ReadsLocal(op, l)) || NullableFloating(op.Type) is not null):
                return Refuse(op, type, $"Using the nullable value '{Short(op)}' here", NullableRewrite);
            default:
                return null;
        }
    }

    private static bool ReadsLocal(IOperation op, ILocalSymbol local) =>
        op.DescendantsAndSelf().OfType<ILocalReferenceOperation>().Any(r => SymbolEqualityComparer.Default.Equals(r.Local, local));

    private static bool IsArithmetic(BinaryOp op) => op is BinaryOp.Add or BinaryOp.Subtract or BinaryOp.Multiply or BinaryOp.Divide or BinaryOp.Remainder;

    private static Expr Not(Expr e) => e is Lit l ? new Lit("bool", l.Value == 0 ? 1 : 0) : e is Un { Op: UnaryOp.Not } u ? u.A : new Un("bool", UnaryOp.Not, e);

    /// <summary><c>x.Value</c>: the value, or C#'s InvalidOperationException when null.</summary>
    private Expr ValueOf(IOperation instance, string type)
    {
        if (LowerNullable(instance) is not (Expr h, Expr v)) return new Lit(type, 0);
        if (E.IsLit(h, 1)) return E.To(type, v);
        return new Cond(type, h, E.To(type, v), new Opaque(type, NullValue));
    }

    /// <summary><c>x ?? fallback</c> with a plain fallback, evaluated only when x is null.</summary>
    private Expr CoalesceScalar(Expr has, Expr value, IOperation fallback, string type)
    {
        Expr h = Once(has);
        var pre = new List<Stmt>();
        Expr other;
        using (Sink(pre)) other = HoistCalls(LowerExpr(fallback), pre);
        if (pre.Count == 0) return E.IsLit(h, 1) ? E.To(type, value) : E.IsLit(h, 0) ? E.To(type, other) : new Cond(type, h, E.To(type, value), E.To(type, other));
        string tmp = NewTemp("coalesced", type);
        pre.Add(new Assign(new Ref(type, tmp), E.To(type, other)));
        _sink.Add(new If(h, EquatableArray.Of<Stmt>(new Assign(new Ref(type, tmp), E.To(type, value))), pre.ToEquatable()));
        return new Ref(type, tmp);
    }

    /// <summary>A pattern on a nullable subject given as (has value, value): <c>is null</c>, <c>is not null</c>, <c>is &gt; 0</c>, <c>is double d</c>, <c>is { }</c>.</summary>
    private Expr NullablePatternCondition(IPatternOperation pattern, Expr has, Expr value, ITypeSymbol subjectType)
    {
        ITypeSymbol under = ((INamedTypeSymbol)subjectType).TypeArguments[0];
        switch (pattern)
        {
            case IConstantPatternOperation { Value.ConstantValue: { HasValue: true, Value: null } }:
                return Not(has);
            case IConstantPatternOperation or IRelationalPatternOperation:
                return And(has, PatternCondition(pattern, value, under));
            case INegatedPatternOperation negated:
                return Not(NullablePatternCondition(negated.Pattern, has, value, subjectType));
            case IBinaryPatternOperation binary:
            {
                Expr left = NullablePatternCondition(binary.LeftPattern, has, value, subjectType);
                Expr right = NullablePatternCondition(binary.RightPattern, has, value, subjectType);
                return binary.OperatorKind == BinaryOperatorKind.Or ? OrElse(left, right) : And(left, right);
            }
            case IDiscardPatternOperation:
                return new Lit("bool", 1);
            case IDeclarationPatternOperation { MatchesNull: false } d when SymbolEqualityComparer.Default.Equals(d.MatchedType, under):
                if (d.DeclaredSymbol is ILocalSymbol local) _sink.Add(new Assign(new Ref(value.Type, DeclareLocal(local)), value));
                return has;
            case ITypePatternOperation tp when SymbolEqualityComparer.Default.Equals(tp.MatchedType, under):
                return has;
            case IRecursivePatternOperation { DeconstructionSubpatterns.IsEmpty: true, PropertySubpatterns.IsEmpty: true } r
                when r.MatchedType is null || SymbolEqualityComparer.Default.Equals(r.MatchedType, under):
                if (r.DeclaredSymbol is ILocalSymbol declared) _sink.Add(new Assign(new Ref(value.Type, DeclareLocal(declared)), value));
                return has;
            default:
                Unsupported(pattern, $"The pattern '{Short(pattern)}' on a nullable value", "use is null, is not null, is double d, or relational patterns");
                return new Lit("bool", 0);
        }
    }
}
