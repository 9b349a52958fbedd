using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;
using SourceAD.Generators.Helpers;
using SourceAD.Generators.IR;

namespace SourceAD.Generators.Lowering;

/// <summary>
/// Initializers of rectangular and jagged locals: <c>double[,] r = { { c, -s }, { s, c } }</c>, <c>new double[2, 3] { … }</c>,
/// rank 3, and <c>double[][] m = { new[] { a, b }, new double[3] }</c>. They become the allocations and one element
/// assignment per value, in the order C# evaluates and stores them, so every value is differentiated where it is
/// computed.
/// </summary>
internal sealed partial class MethodLowering
{
    private bool LowerNestedInitializer(string name, IOperation init, List<Stmt> output)
    {
        if (Unwrap(init) is IArrayCreationOperation { Initializer: { } rows, Type: IArrayTypeSymbol { Rank: 1, ElementType: IArrayTypeSymbol { Rank: 1 } rowType } } jagged)
        {
            return LowerJaggedInitializer(name, jagged, rows, TypeClassifier.Text(rowType.ElementType), output);
        }
        if (Unwrap(init) is not IArrayCreationOperation { Initializer: { } initializer, Type: IArrayTypeSymbol { Rank: > 1 } type } create) return false;
        output.Add(Allocation(name, create, null, output));
        string et = TypeClassifier.Text(type.ElementType);
        var index = new List<int>();
        using (Sink(output)) StoreElements(initializer);
        return true;

        void StoreElements(IArrayInitializerOperation level)
        {
            for (int k = 0; k < level.ElementValues.Length; k++)
            {
                index.Add(k);
                if (level.ElementValues[k] is IArrayInitializerOperation inner)
                {
                    StoreElements(inner);
                }
                else
                {
                    Expr value = HoistCalls(LowerExpr(level.ElementValues[k]), output);
                    var at = index.Select(i => (Expr)new Lit("int", i)).ToList();
                    output.Add(new Assign(new Elem(et, name, at[0], at.Skip(1).ToEquatable()), E.To(et, value)));
                }
                index.RemoveAt(index.Count - 1);
            }
        }
    }

    /// <summary>The outer array, then each row allocated (<c>a[k] = new T[m]</c>) and its values stored.</summary>
    private bool LowerJaggedInitializer(string name, IArrayCreationOperation outer, IArrayInitializerOperation rows, string et, List<Stmt> output)
    {
        foreach (IOperation row in rows.ElementValues)
        {
            if (Unwrap(row) is not IArrayCreationOperation { DimensionSizes.Length: 1 })
            {
                Unsupported(row, $"The row '{Short(row)}' in the initializer of the jagged array '{name}'", "write each row as new[] { … } or new T[n] (a row that is another array would alias it)");
                return true;
            }
        }
        output.Add(Allocation(name, outer, null, output));
        using (Sink(output))
        {
            for (int k = 0; k < rows.ElementValues.Length; k++)
            {
                var create = (IArrayCreationOperation)Unwrap(rows.ElementValues[k]);
                var rowIndex = new Lit("int", k);
                output.Add(Allocation(name, create, rowIndex, output));
                if (create.Initializer is null) continue;
                for (int j = 0; j < create.Initializer.ElementValues.Length; j++)
                {
                    Expr value = HoistCalls(LowerExpr(create.Initializer.ElementValues[j]), output);
                    output.Add(new Assign(new Elem(et, name, rowIndex, EquatableArray.Of<Expr>(new Lit("int", j)), Jagged: true), E.To(et, value)));
                }
            }
        }
        return true;
    }
}
