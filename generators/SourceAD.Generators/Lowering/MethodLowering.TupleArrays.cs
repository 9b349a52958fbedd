using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;
using SourceAD.Generators.IR;
using SourceAD.Generators.Model;

namespace SourceAD.Generators.Lowering;

/// <summary>
/// Arrays of tuples of numbers (<c>(double X, double Y)[] vertices</c>, <c>new (double, double)[n]</c>): stored as one IR
/// array per tuple element, as an array of structs is (<see cref="AggregateShapes.TupleShape"/>), so
/// <c>vertices[i].X</c>, <c>var (x, y) = vertices[i]</c> and <c>var p = vertices[i]</c> read leaves
/// (MethodLowering.Tuples.cs); this file adds element writes <c>pts[i] = (a, b)</c> and <c>foreach</c> over them.
/// </summary>
internal sealed partial class MethodLowering
{
    /// <summary><c>pts[i] = (a, b)</c>: the target's index first, then every value, then one write per element (C#'s order).</summary>
    private bool LowerTupleElementAssignment(IOperation op, List<Stmt> output)
    {
        if (op is not ISimpleAssignmentOperation { Target: IArrayElementReferenceOperation { Indices.Length: 1 } elem } assign ||
            !IsTuple(elem.Type) || AggregateArray(elem.ArrayReference) is not AggVar array) return false;
        if (_readOnlyArrays.Contains(array.Leaves[0]))
        {
            Unsupported(elem, $"Writing to the input array '{Short(elem.ArrayReference)}'", "inputs are read-only here: copy into a local array");
            return true;
        }
        List<Expr>? targets = LowerAggregate(elem);
        List<Expr>? values = LowerTuple(assign.Value);
        if (targets is null || values is null || values.Count != targets.Count) return true;
        // pts[i] = (pts[i].Y, pts[i].X) reads what it writes: compute all values first.
        bool needTemps = values.Any(v => Ir.Reads(v).Any(array.Leaves.Contains));
        for (int i = 0; i < values.Count; i++)
        {
            values[i] = HoistCalls(values[i], output);
            if (needTemps && values[i] is not Lit) values[i] = Spill(values[i]);
        }
        for (int i = 0; i < targets.Count; i++) output.Add(new Assign(targets[i], E.To(targets[i].Type, values[i])));
        return true;
    }

    /// <summary>
    /// The locals a tuple-valued foreach writes per element: a tuple local's element locals (<c>var p</c>), or the
    /// deconstructed locals (<c>var (x, y)</c>, <c>(double x, double y)</c>; null for a discard); null for another form.
    /// </summary>
    private List<Expr?>? TupleLoopTargets(IOperation? control)
    {
        switch (control)
        {
            case IVariableDeclaratorOperation declarator when IsTuple(declarator.Symbol.Type):
            {
                var types = ((INamedTypeSymbol)declarator.Symbol.Type).TupleElements;
                return TupleLocal(declarator.Symbol).Select((n, i) => (Expr?)new Ref(TypeClassifier.Text(types[i].Type), n)).ToList();
            }
            case IDeclarationExpressionOperation { Expression: ITupleOperation tuple } when tuple.Elements.All(e => e is ILocalReferenceOperation or IDiscardOperation):
                return tuple.Elements.Select(e => e is ILocalReferenceOperation l ? (Expr?)new Ref(TypeClassifier.Text(l.Type!), DeclareLocal(l.Local)) : null).ToList();
            case ITupleOperation typed when typed.Elements.All(e => e is IDeclarationExpressionOperation { Expression: ILocalReferenceOperation } or IDiscardOperation):
                // foreach ((double x, double y) in pts): each element declared with its own type.
                return typed.Elements.Select(e => e is IDeclarationExpressionOperation { Expression: ILocalReferenceOperation l } ? (Expr?)new Ref(TypeClassifier.Text(l.Type!), DeclareLocal(l.Local)) : null).ToList();
            default:
                return null;
        }
    }

    /// <summary>
    /// <c>foreach (var p in pts)</c> (a tuple local), <c>foreach (var (x, y) in pts)</c> and <c>foreach ((double x, double y)
    /// in pts)</c> over an array of tuples: a local or parameter (one array per leaf), or a static or this-instance field
    /// (<c>static readonly (double X, double Y)[] Knots = { … }</c>, read as data leaf by leaf, as
    /// MethodLowering.AggregateDataArrays.cs reads a field array of structs).
    /// </summary>
    private bool LowerTupleForEach(IForEachLoopOperation loop, List<Stmt> output)
    {
        IOperation collection = loop.Collection is IConversionOperation conv ? conv.Operand : loop.Collection;
        if (AggregateShapes.TupleShape(AggregateElement(collection.Type)) is not AggregateShape shape) return false;
        Func<Expr, List<Expr>> elementAt;
        Expr length;
        var leaves = LeavesOf(shape);
        if (AggregateArray(collection) is AggVar array)
        {
            elementAt = i => leaves.Select((l, k) => (Expr)new Elem(l.Type, array.Leaves[k], i)).ToList();
            length = new Len(array.Leaves[0]);
        }
        else if (DataArray(Unwrap(collection)) is string alias)
        {
            elementAt = i => DataArrayElement(alias, shape, i);
            length = new Len(alias);
        }
        else
        {
            return false;
        }
        if (TupleLoopTargets(loop.LoopControlVariable) is not List<Expr?> targets)
        {
            Unsupported(loop, "This foreach over an array of tuples", "use foreach (var p in pts), foreach (var (x, y) in pts), or a for loop");
            return true;
        }
        if (targets.Count != leaves.Count)
        {
            Unsupported(loop, "This foreach over an array of tuples", "deconstruct into one local per element");
            return true;
        }
        _loopDepth++;
        string index = NewTemp("i", "int");
        var body = new List<Stmt>();
        List<Expr> element = elementAt(new Ref("int", index));
        for (int k = 0; k < leaves.Count; k++)
        {
            if (targets[k] is Expr t) body.Add(new Assign(t, E.To(t.Type, element[k])));
        }
        LowerStatement(loop.Body, body);
        _loopDepth--;
        Expr cond = new Bin("bool", BinaryOp.LessThan, new Ref("int", index), length);
        AddIndexLoop(output, index, cond, body);
        return true;
    }
}
