using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;
using SourceAD.Generators.IR;

namespace SourceAD.Generators.Lowering;

/// <summary>
/// <c>double[] unit = Normalize(v);</c>: a call of a method declared in this compilation that returns a 1-D array it
/// allocates is inlined where it initializes a local (as local functions are, MethodLowering.LocalFunctions.cs), and
/// the local becomes a second name for that array (an array bind). The helper's work is then differentiated as part
/// of the method. A helper that returns anything but one local array it allocated (an input, a field, one of several
/// arrays chosen by branches) is refused: the caller's local would alias storage the derivative code cannot follow.
/// Rectangular and jagged results stay refused (MethodLowering.NestedArrays.cs).
/// </summary>
internal sealed partial class MethodLowering
{
    private bool TryLowerArrayReturningCall(IVariableDeclaratorOperation d, string name, IOperation init, List<Stmt> output)
    {
        if (Unwrap(init) is not IInvocationOperation call || call.TargetMethod is not
            {
                MethodKind: MethodKind.Ordinary, IsGenericMethod: false, IsVirtual: false, IsAbstract: false, IsOverride: false,
                ReturnType: IArrayTypeSymbol { Rank: 1, ElementType: not IArrayTypeSymbol },
            } target ||
            target.OriginalDefinition.DeclaringSyntaxReferences.Length == 0 || !(target.IsStatic || call.Instance is null or IInstanceReferenceOperation) ||
            d.Symbol.Type is not IArrayTypeSymbol { Rank: 1, ElementType: not IArrayTypeSymbol })
        {
            return false;
        }
        string type = TypeClassifier.Text(d.Symbol.Type);
        Expr result;
        using (Sink(output)) result = Inline(call, type);
        if (result is Ref r && IsBindable(r.Name) && _locals.Any(l => l.Name == r.Name))
        {
            output.Add(new Assign(new Ref(type, name), new Ref(type, r.Name)));
            return true;
        }
        if (!_diagnostics.Any(x => x.Descriptor.DefaultSeverity == DiagnosticSeverity.Error))
        {
            Unsupported(init, $"Initializing the array '{d.Symbol.Name}' with what '{target.Name}' returns", $"let '{target.Name}' return one local array it allocates (new T[n]) and fills, with a single return at its end");
        }
        return true;
    }
}
