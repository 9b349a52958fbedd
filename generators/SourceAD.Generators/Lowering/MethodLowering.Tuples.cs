using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;
using SourceAD.Generators.IR;

namespace SourceAD.Generators.Lowering;

/// <summary>
/// Tuples, taken apart: a tuple-typed local is one scalar local per element (<c>p</c> → <c>p_Item1</c>, <c>p_s</c>),
/// literals and deconstruction assign element by element, and <c>Math.SinCos(t)</c> is the pair (Sin t, Cos t). The IR
/// never holds a tuple, so the transforms need nothing new.
/// </summary>
internal sealed partial class MethodLowering
{
    private readonly Dictionary<ILocalSymbol, string[]> _tupleLocals = new(SymbolEqualityComparer.Default);

    private static bool IsTuple(ITypeSymbol? type) => type is INamedTypeSymbol { IsTupleType: true };

    /// <summary>The scalar locals standing for the elements of a tuple-typed local.</summary>
    private string[] TupleLocal(ILocalSymbol local)
    {
        if (_tupleLocals.TryGetValue(local, out string[]? names)) return names;
        var elements = ((INamedTypeSymbol)local.Type).TupleElements;
        string owner = Name(local, local.Name);
        names = elements.Select(e => NewLocal(owner + "_" + e.Name, e.Type)).ToArray();
        for (int i = 0; i < names.Length; i++) DeclareTupleArrayElement(names[i], elements[i].Type);
        _tupleLocals[local] = names;
        return names;
    }

    /// <summary>A fresh user-visible local of the given type (arrays are not tuple elements here).</summary>
    private string NewLocal(string preferred, ITypeSymbol type)
    {
        preferred = Model.Identifiers.Escape(preferred);
        string name = preferred;
        for (int i = 2; _usedNames.Contains(name); i++) name = preferred + "_" + i;
        _usedNames.Add(name);
        _locals.Add(new Model.Local(name, TypeClassifier.Text(type), false, TypeClassifier.Text(type)));
        return name;
    }

    /// <summary>The element values of a tuple-valued operation, left to right; null (reported) when it is not supported.</summary>
    private List<Expr>? LowerTuple(IOperation op)
    {
        switch (op)
        {
            case ITupleOperation tuple:
                if (tuple.Elements.Any(e => IsTuple(e.Type)))
                {
                    Unsupported(op, "A nested tuple", "deconstruct one level at a time");
                    return null;
                }
                return LowerOperands(tuple.Elements);
            case IConversionOperation conv when IsTuple(conv.Type) && IsTuple(conv.Operand.Type):
            {
                List<Expr>? inner = LowerTuple(conv.Operand);
                if (inner is null) return null;
                var types = ((INamedTypeSymbol)conv.Type!).TupleElements;
                return inner.Select((e, i) => E.To(TypeClassifier.Text(types[i].Type), e)).ToList();
            }
            case IConversionOperation conv when conv.Operand is ITupleOperation:
                return LowerTuple(conv.Operand);
            case ILocalReferenceOperation local when IsTuple(local.Type):
            {
                var types = ((INamedTypeSymbol)local.Type!).TupleElements;
                return TupleLocal(local.Local).Select((n, i) => (Expr)new Ref(TypeClassifier.Text(types[i].Type), n)).ToList();
            }
            case IParenthesizedOperation paren:
                return LowerTuple(paren.Operand);
            case IInvocationOperation { TargetMethod.Name: "SinCos" } call when call.Arguments.Length == 1 && TypeClassifier.IsFloating(call.Arguments[0].Value.Type):
            {
                Expr x = Once(HoistCalls(LowerExpr(call.Arguments[0].Value), _sink));
                return new List<Expr> { E.P("Sin", x), E.P("Cos", x) };
            }
            case IInvocationOperation call when GeneratedMemberOf(call, out _) is not null:
                return NestedGradientTuple(call);
            case IInvocationOperation call when IsTupleReturningCall(call):
                return InlineTupleCall(call);
            case IDefaultValueOperation when IsTuple(op.Type) && ((INamedTypeSymbol)op.Type!).TupleElements.All(e => IsScalar(e.Type)):
                // default((double, int)) and `_ => default` in a tuple-valued switch: every element 0 (false).
                return ((INamedTypeSymbol)op.Type!).TupleElements.Select(e => (Expr)new Lit(TypeClassifier.Text(e.Type), 0)).ToList();
            case ISwitchExpressionOperation sw when IsTuple(sw.Type):
                return LowerTupleSwitch(sw);
            case IConditionalOperation { WhenFalse: not null } cond when IsTuple(cond.Type):
                return LowerTupleConditional(cond);
            case IOperation when IsAggregate(op.Type):
                return DeconstructAggregate(op);
            case IArrayElementReferenceOperation elem when elem.Indices.Length == 1 && AggregateArray(elem.ArrayReference) is not null:
                // An element of an array of tuples: one IR array per tuple element (MethodLowering.Aggregates.cs).
                return LowerAggregate(elem);
            default:
                Unsupported(op, $"The tuple '{Short(op)}'", "build tuples from literals (a, b), tuple locals, Math.SinCos, helpers returning tuples, or switch and ?: expressions choosing among those, or return one value per method");
                return null;
        }
    }

    /// <summary>
    /// <c>(a, b) = (b, a + b)</c> and <c>var (s, c) = …</c>: every value is computed before any target is written (C#'s
    /// order), through temporaries when a value reads a target.
    /// </summary>
    private void LowerDeconstruction(IDeconstructionAssignmentOperation assign, List<Stmt> output)
    {
        IOperation target = assign.Target is IDeclarationExpressionOperation decl ? decl.Expression : assign.Target;
        if (target is not ITupleOperation targets || targets.Elements.Any(e => IsTuple(e.Type) && e is not ILocalReferenceOperation))
        {
            Unsupported(assign, "This deconstruction", "deconstruct into a flat list of locals: var (a, b) = …");
            return;
        }
        List<Expr>? values = LowerTuple(assign.Value);
        if (values is null || values.Count != targets.Elements.Length) return;
        var lowered = new List<Expr?>();
        foreach (IOperation t in targets.Elements)
        {
            lowered.Add(t is IDiscardOperation ? null : t is IDeclarationExpressionOperation { Expression: ILocalReferenceOperation dl } ? LowerTarget(dl) : LowerTarget(t));
        }
        // Swapping rows `(previous, current) = (current, previous)`: array binds (MethodLowering.NestedArrays.cs). A nested
        // gradient's array elements are fresh arrays no target names: bound below like scalars are assigned.
        bool nestedGradient = Unwrap(assign.Value) is IInvocationOperation call && GeneratedMemberOf(call, out _) is not null;
        if (nestedGradient && lowered.FirstOrDefault(t => t is Ref r && _arrays.Contains(r.Name) && !IsBindable(r.Name)) is Ref fixedArray)
        {
            Unsupported(assign, $"Deconstructing into the array '{fixedArray.Name}'", "deconstruct into new locals: var (v, da, db) = …");
            return;
        }
        if (!nestedGradient && lowered.Any(t => t is Ref r && _arrays.Contains(r.Name)))
        {
            LowerArraySwap(assign, lowered, values, output);
            return;
        }
        var written = new HashSet<string>(lowered.Where(t => t is not null).Select(t => t is Elem el ? el.Array : ((Ref)t!).Name));
        bool needTemps = values.Count > 1 && values.Any(v => Ir.Reads(v).Any(written.Contains));
        for (int i = 0; i < values.Count; i++)
        {
            values[i] = HoistCalls(values[i], output);
            if (needTemps && values[i] is not Lit && !(values[i] is Ref v && _arrays.Contains(v.Name))) values[i] = Spill(values[i]);
        }
        for (int i = 0; i < values.Count; i++)
        {
            if (lowered[i] is Expr t) output.Add(new Assign(t, E.To(t.Type, values[i])));
        }
    }


    /// <summary>A tuple-typed local's declaration: one assignment per element.</summary>
    private bool LowerTupleDeclarator(IVariableDeclaratorOperation d, IOperation? init, List<Stmt> output)
    {
        string[] names = TupleLocal(d.Symbol);
        if (init is null) return true;
        AssignTuple(names, d.Symbol.Type, init, output);
        return true;
    }

    private void AssignTuple(string[] names, ITypeSymbol type, IOperation value, List<Stmt> output)
    {
        List<Expr>? values = LowerTuple(value);
        if (values is null) return;
        var types = ((INamedTypeSymbol)type).TupleElements;
        // p = (p.Item2, p.Item1) reads what it writes: compute all values first.
        bool needTemps = values.Any(v => Ir.Reads(v).Any(names.Contains));
        for (int i = 0; i < values.Count; i++)
        {
            values[i] = HoistCalls(values[i], output);
            if (needTemps && values[i] is not Lit && !(values[i] is Ref v && _arrays.Contains(v.Name))) values[i] = Spill(values[i]);
        }
        for (int i = 0; i < names.Length; i++)
        {
            string t = TypeClassifier.Text(types[i].Type);
            output.Add(new Assign(new Ref(t, names[i]), E.To(t, values[i])));
        }
    }

    /// <summary><c>p.Item1</c> or <c>p.s</c> of a tuple local.</summary>
    private Expr? TupleElement(IFieldReferenceOperation field)
    {
        if (NestedGradientElement(field) is Expr nested) return nested;
        if (TupleCallElement(field) is Expr called) return called;
        if (TupleChoiceElement(field) is Expr chosen) return chosen;
        if (field.Instance is IArrayElementReferenceOperation { Indices.Length: 1 } elem && IsTuple(elem.Type) && AggregateArray(elem.ArrayReference) is not null)
        {
            // vertices[i].X of an array of tuples: the element's leaf, its index evaluated once.
            var items = ((INamedTypeSymbol)elem.Type!).TupleElements;
            IFieldSymbol item = field.Field.CorrespondingTupleField ?? field.Field;
            int at = items.Select(e => e.CorrespondingTupleField ?? e).ToList().FindIndex(e => SymbolEqualityComparer.Default.Equals(e, item));
            return at >= 0 && LowerAggregate(elem) is List<Expr> leaves ? E.To(TypeClassifier.Text(field.Type!), leaves[at]) : null;
        }
        if (field.Instance is IParameterReferenceOperation { Parameter: var parameter } && _tupleParameters.TryGetValue(parameter, out string[]? pairNames))
        {
            // p.First of a.Zip(b)'s pair, in a lambda (MethodLowering.LinqSelectors.cs)
            IFieldSymbol member = field.Field.CorrespondingTupleField ?? field.Field;
            int at = ((INamedTypeSymbol)parameter.Type).TupleElements.Select(e => e.CorrespondingTupleField ?? e).ToList().FindIndex(e => SymbolEqualityComparer.Default.Equals(e, member));
            return at >= 0 ? new Ref(TypeClassifier.Text(field.Type!), pairNames[at]) : null;
        }
        if (field.Instance is not ILocalReferenceOperation local || !IsTuple(local.Type)) return null;
        var elements = ((INamedTypeSymbol)local.Type!).TupleElements;
        IFieldSymbol f = field.Field.CorrespondingTupleField ?? field.Field;
        int index = elements.Select(e => e.CorrespondingTupleField ?? e).ToList().FindIndex(e => SymbolEqualityComparer.Default.Equals(e, f));
        if (index < 0) return null;
        return new Ref(TypeClassifier.Text(field.Type!), TupleLocal(local.Local)[index]);
    }
}
