using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;
using SourceAD.Generators.Helpers;
using SourceAD.Generators.IR;
using SourceAD.Generators.Model;

namespace SourceAD.Generators.Lowering;

/// <summary>
/// Arrays of aggregates that are not inputs: a static or this-instance field (<c>static readonly Stump[] Trees = { … }</c>,
/// read as data, MethodLowering.Arrays.cs's <c>DataArray</c>) and an initializer iterated in place
/// (<c>foreach (Knot k in new Knot[] { … })</c>). An aggregate value is one scalar per leaf, so an element read from
/// them is read leaf by leaf (<c>Trees_0[i].Threshold</c>); assigning the struct whole, as a passive local, would leave
/// the leaves the rest of the lowering reads unwritten (corpus StumpEnsemble lost every tree without a diagnostic).
/// </summary>
internal sealed partial class MethodLowering
{
    /// <summary>The leaves of element <paramref name="index"/> of the data array <paramref name="alias"/>: passive reads.</summary>
    private static List<Expr> DataArrayElement(string alias, AggregateShape shape, Expr index) =>
        LeavesOf(shape).Select(l => (Expr)new DataRead(l.Type, alias + "[{0}]." + l.Path, EquatableArray.Of(index))).ToList();

    /// <summary><c>table[k]</c> of a data field holding aggregates; null when <paramref name="elem"/> is not one.</summary>
    private List<Expr>? DataArrayAggregate(IArrayElementReferenceOperation elem)
    {
        if (elem.Indices.Length != 1 || DataArray(Unwrap(elem.ArrayReference)) is not string alias) return null;
        if (ShapeOf(elem.Type!, elem) is not AggregateShape shape) return null;
        return DataArrayElement(alias, shape, Once(HoistCalls(LowerExpr(elem.Indices[0]), _sink)));
    }

    /// <summary>
    /// <c>foreach (Stump t in Trees)</c> over a data field, and <c>foreach (Knot k in new Knot[] { … })</c>: the loop
    /// variable's leaves are set from each element. False when the loop variable is not an aggregate.
    /// </summary>
    private bool LowerAggregateForEachOverExpression(IForEachLoopOperation loop, List<Stmt> output)
    {
        if (loop.LoopControlVariable is not IVariableDeclaratorOperation { Symbol: var control } || !IsAggregate(control.Type)) return false;
        IOperation collection = Unwrap(loop.Collection);
        if (collection is ILocalReferenceOperation or IParameterReferenceOperation) return false;
        if (control.IsRef || LocalAggregate(control, loop) is not AggVar element)
        {
            if (control.IsRef) Unsupported(loop, "This foreach with a ref struct loop variable", "iterate by value and write elements back with a counted for loop");
            return true;
        }
        if (DataArray(collection) is string alias)
        {
            AggregateLoop(loop, output, element, i => DataArrayElement(alias, element.Shape, i), new Len(alias));
            return true;
        }
        if (_loopDepth == 0 && StructArrayElements(collection) is IReadOnlyList<IOperation> values)
        {
            // C# builds the array before the loop: one array per leaf, each element's leaves in order.
            var leaves = LeavesOf(element.Shape);
            string[] arrays = leaves.Select(l => NewLeafArray("items_" + l.Path.Replace('.', '_'), l.Type)).ToArray();
            for (int k = 0; k < leaves.Count; k++) output.Add(new NewArray(arrays[k], leaves[k].Type, new Lit("int", values.Count)));
            for (int e = 0; e < values.Count; e++)
            {
                List<Expr>? value = LowerAggregate(values[e]);
                if (value is null) return true;
                AssignLeaves(leaves.Select((l, k) => (Expr)new Elem(l.Type, arrays[k], new Lit("int", e))).ToList(), value, output);
            }
            AggregateLoop(loop, output, element, i => leaves.Select((l, k) => (Expr)new Elem(l.Type, arrays[k], i)).ToList(), new Len(arrays[0]));
            return true;
        }
        Unsupported(loop, "This foreach over structs", _loopDepth == 0
            ? "iterate over an array parameter, a local array, an array initializer or a static or instance field array of the struct"
            : "declare the array of structs in a local before the enclosing loop, then iterate over it");
        return true;
    }

    /// <summary>A counted loop over <paramref name="length"/> elements, the loop variable's leaves set from each first.</summary>
    private void AggregateLoop(IForEachLoopOperation loop, List<Stmt> output, AggVar element, Func<Expr, List<Expr>> elementAt, Expr length)
    {
        _loopDepth++;
        string index = NewTemp("i", "int");
        var body = new List<Stmt>();
        AssignLeaves(Refs(element), elementAt(new Ref("int", index)), body);
        LowerStatement(loop.Body, body);
        _loopDepth--;
        AddIndexLoop(output, index, new Bin("bool", BinaryOp.LessThan, new Ref("int", index), length), body);
    }
}
