using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;
using SourceAD.Generators.Helpers;
using SourceAD.Generators.Model;

namespace SourceAD.Generators.Lowering;

/// <summary>Counted loops: <c>for (int i = start; i &lt; bound; i += step)</c> with <c>i</c> not written in the body, and <c>foreach</c> over a Tensor[].</summary>
internal sealed partial class TensorLowering
{
    /// <summary><c>for (int i = start; i &lt; bound; i += step)</c>: a counted loop; the start and bound are repeated as written.</summary>
    private void For(IForLoopOperation loop)
    {
        // for (int i = start; i < bound; i += step) with i not written in the body.
        ILocalSymbol? index = null;
        string? start = null;
        if (loop.Before.Length == 1 && loop.Before[0] is IVariableDeclarationGroupOperation g &&
            g.Declarations.SelectMany(d => d.Declarators).ToList() is { Count: 1 } ds &&
            ds[0].Symbol.Type.SpecialType == SpecialType.System_Int32 && (ds[0].GetVariableInitializer()?.Value ?? ds[0].Initializer?.Value) is { } init)
        {
            index = ds[0].Symbol;
            start = Verbatim(init);
            if (!CheckPassiveText(init)) return;
        }
        string? compare = null, bound = null;
        if (index is not null && loop.Condition is IBinaryOperation cmp && Unwrap(cmp.LeftOperand) is ILocalReferenceOperation left &&
            SymbolEqualityComparer.Default.Equals(left.Local, index))
        {
            compare = cmp.OperatorKind switch
            {
                BinaryOperatorKind.LessThan => "<",
                BinaryOperatorKind.LessThanOrEqual => "<=",
                BinaryOperatorKind.GreaterThan => ">",
                BinaryOperatorKind.GreaterThanOrEqual => ">=",
                BinaryOperatorKind.NotEquals => "!=",
                _ => null,
            };
            bound = Verbatim(cmp.RightOperand);
            if (!CheckPassiveText(cmp.RightOperand)) return;
        }
        int? step = index is null || loop.AtLoopBottom.Length != 1 ? null : Step(loop.AtLoopBottom[0], index);
        if (index is null || compare is null || bound is null || step is null || step == 0 || WritesInBody(loop.Body, index))
        {
            Report(loop.Syntax.GetLocation(), "This for loop", "loops over tensors are counted: for (int i = start; i < bound; i++) (or <=, >, >=, !=; i--, i += c, i -= c), with i not written in the body");
            return;
        }
        string indexName = PassiveName(index);
        _passiveLocals.Add(index);
        List<TensorNode> body = LoopBody(loop.Body);
        _current.Add(new TensorFor(_ids++, indexName, start!, compare, bound, step.Value, _loopDepth > 0, body.ToEquatable()));
    }

    /// <summary><c>foreach (var x in xs)</c> over a Tensor[] parameter or member: a counted loop whose variable reads <c>xs[i]</c> (data).</summary>
    private void ForEach(IForEachLoopOperation loop)
    {
        IOperation collection = Unwrap(loop.Collection);
        ILocalSymbol? variable = loop.Locals.Length == 1 ? loop.Locals[0] : null;
        if (variable is null || !IsTensor(variable.Type) || collection.Type is not IArrayTypeSymbol { Rank: 1 } array || !IsTensor(array.ElementType) ||
            collection is not (IParameterReferenceOperation or IFieldReferenceOperation or IPropertyReferenceOperation) ||
            collection is IParameterReferenceOperation p && _locals.ContainsKey(p.Parameter))
        {
            Report(loop.Syntax.GetLocation(), "This foreach loop", "foreach over tensors walks a Tensor[] parameter or member: foreach (var x in xs); or write a counted for loop");
            return;
        }
        string index = Fresh("index");
        string text = Verbatim(collection);
        _dataLocals[variable] = collection is IParameterReferenceOperation { Parameter: var sequence } && IsDifferentiableInput(sequence)
            ? new TensorArg("x", $"{sequence.Name}[{index}]", TensorArgKind.Element)
            : ParameterArray(collection) is { } weights
                ? new TensorArg("x", $"{weights}[{index}]", TensorArgKind.ParameterElement)
                : new TensorArg("x", $"{text}[{index}]", TensorArgKind.Data);
        List<TensorNode> body = LoopBody(loop.Body);
        _current.Add(new TensorFor(_ids++, index, "0", "<", text + ".Length", 1, _loopDepth > 0, body.ToEquatable()));
    }

    /// <summary>Lowers a loop's body into a block of its own.</summary>
    private List<TensorNode> LoopBody(IOperation body)
    {
        var outer = _current;
        HashSet<string> before = EnterLoop();
        _current = new List<TensorNode>();
        _loopDepth++;
        // Inside a loop every write may overwrite the previous iteration's value.
        Statement(body);
        _loopDepth--;
        var lowered = _current;
        _current = outer;
        ExitLoop(before);
        return lowered;
    }

    /// <summary>The constant step of <c>i++</c>, <c>i--</c>, <c>i += c</c>, <c>i -= c</c>, or null.</summary>
    private static int? Step(IOperation bottom, ILocalSymbol index)
    {
        IOperation op = bottom is IExpressionStatementOperation es ? es.Operation : bottom;
        switch (op)
        {
            case IIncrementOrDecrementOperation inc when Unwrap(inc.Target) is ILocalReferenceOperation l && SymbolEqualityComparer.Default.Equals(l.Local, index):
                return inc.Kind == OperationKind.Increment ? 1 : -1;
            case ICompoundAssignmentOperation ca when Unwrap(ca.Target) is ILocalReferenceOperation l && SymbolEqualityComparer.Default.Equals(l.Local, index) &&
                                                      ca.Value.ConstantValue is { HasValue: true, Value: int c }:
                return ca.OperatorKind switch { BinaryOperatorKind.Add => c, BinaryOperatorKind.Subtract => -c, _ => null };
            default:
                return null;
        }
    }

    /// <summary>Whether the loop's body writes its index.</summary>
    private static bool WritesInBody(IOperation body, ILocalSymbol index) =>
        body.DescendantsAndSelf().Any(o => o switch
        {
            IAssignmentOperation a => Unwrap(a.Target) is ILocalReferenceOperation l && SymbolEqualityComparer.Default.Equals(l.Local, index),
            IIncrementOrDecrementOperation i => Unwrap(i.Target) is ILocalReferenceOperation l && SymbolEqualityComparer.Default.Equals(l.Local, index),
            _ => false,
        });
}
