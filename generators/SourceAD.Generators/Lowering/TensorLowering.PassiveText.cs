using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;
using SourceAD.Generators.Model;

namespace SourceAD.Generators.Lowering;

/// <summary>
/// Non-tensor text the generated code repeats as written (conditions, bounds, passive arguments): checked to read no
/// tensor, and re-printed with members qualified.
/// </summary>
internal sealed partial class TensorLowering
{
    /// <summary>Non-tensor text (conditions, bounds, passive arguments) is emitted as written: it may not read tensor locals or loop-scoped locals.</summary>
    private bool CheckPassiveText(IOperation op)
    {
        foreach (IOperation o in op.DescendantsAndSelf())
        {
            if (o is ILocalReferenceOperation l && IsTensor(l.Local.Type))
            {
                Report(o.Syntax.GetLocation(), $"The tensor local '{l.Local.Name}' in a non-tensor expression", "read shapes from parameters, or compute the value before the first tensor statement");
                return false;
            }
        }
        foreach (IOperation o in op.DescendantsAndSelf())
        {
            if (o is IInvocationOperation or IObjectCreationOperation && o.Type is { } t && IsTensor(t))
            {
                Report(o.Syntax.GetLocation(), $"The tensor expression '{o.Syntax}' in a non-tensor expression", "a non-tensor expression (condition, bound, passive argument) of a tensor method may not compute tensors");
                return false;
            }
        }
        return true;
    }

    /// <summary>A non-tensor argument of an op or a call, repeated as written.</summary>
    private TensorArg PassiveArgument(string param, IOperation value)
    {
        CheckPassiveText(value);
        return new TensorArg(param, Verbatim(value), TensorArgKind.Passive);
    }

    /// <summary>
    /// User text the generated code repeats (conditions, bounds, passive arguments), with members qualified
    /// (<c>this.seed</c>, <c>global::Ns.C.K</c>) so that no generated parameter or local (seed, policy, tape, into, …)
    /// can capture them, and types fully qualified.
    /// </summary>
    private string Verbatim(IOperation op) =>
        QualifiedText.Of(op.Syntax, _model, s => _locals.TryGetValue(s, out string? name) || _passiveNames.TryGetValue(s, out name) ? name : null, _ct);
}
