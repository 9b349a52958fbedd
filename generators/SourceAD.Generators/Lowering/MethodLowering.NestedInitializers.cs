using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;
using SourceAD.Generators.Helpers;
using SourceAD.Generators.IR;

namespace SourceAD.Generators.Lowering;

/// <summary>
/// Initializers of rectangular locals: <c>double[,] r = { { c, -s }, { s, c } }</c>, <c>new double[2, 3] { … }</c> and rank
/// 3. They become the allocation and one element assignment per value, in the order C# evaluates and stores them (row
/// major), so every value is differentiated where it is computed.
/// </summary>
internal sealed partial class MethodLowering
{
    private bool LowerRectangularInitializer(string name, IOperation init, List<Stmt> output)
    {
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
}
