using System.Collections.Generic;
using System.Linq;
using SourceAD.Generators.IR;
using SourceAD.Generators.Model;

namespace SourceAD.Generators.Analyses;

/// <summary>
/// A call without a derivative whose arguments are all inactive (constants, data, integers) is itself a constant: it
/// becomes a passive call and needs no [DerivativeOf]. Only calls on the derivative's path stay unresolved. Lowering runs
/// this between lowering a body and lowering the implicit helpers it calls (the entry point, MethodPipeline, hands it in),
/// so that only helpers on the derivative's path are lowered.
/// </summary>
internal static class ConstantCalls
{
    /// <summary>The model with its constant calls passive; <paramref name="stillNeeded"/>: the receivers of the calls that still need a derivative.</summary>
    public static MethodModel Passivate(MethodModel model, out HashSet<string> stillNeeded)
    {
        var activity = new Activity(new VariableFacts(model));
        var needed = new HashSet<string>();
        var body = Ir.Rewrite(model.Body, e =>
        {
            // A vector-output call is a statement of its own (CallStmt), never a value to passivate.
            if (e is not Call { Target.PullbackName.Length: 0 } c || c.Type.Kind == IrTypeKind.Void) return e;
            if (c.Args.Any(activity.IsActive))
            {
                needed.Add(c.Target.PullbackReceiver);
                return c;
            }
            return new PassiveCall(c.Type, c.Target.Receiver + "." + c.Target.Method + c.Target.TypeArguments, c.Args);
        });
        stillNeeded = needed;
        return model with { Body = body };
    }
}
