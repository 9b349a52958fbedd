using System.Collections.Generic;
using System.Linq;
using SourceAD.Generators.IR;
using SourceAD.Generators.Model;

namespace SourceAD.Generators.Analyses;

/// <summary>
/// Activity analysis: a variable is active when it is floating, depends on a differentiable input (varied) and
/// influences the result (useful). Only active variables get adjoints or tangents, so code that neither depends on
/// an input nor reaches the output costs nothing in the derivatives. Flow-insensitive, hence conservative.
/// </summary>
internal sealed class Activity
{
    private readonly HashSet<string> _active;

    public Activity(VariableFacts facts)
    {
        var assigns = Ir.Descendants(facts.Model.Body).OfType<Assign>()
            .Select(a => (Target: a.Target is Elem el ? el.Array : ((Ref)a.Target).Name, a.Value)).ToList();
        // An array bind p = q makes p and q names of one storage: a write through either changes both, so derivatives
        // flow both ways and the two are active together.
        assigns.AddRange(Ir.Descendants(facts.Model.Body).OfType<Assign>().Where(facts.IsArrayBind)
            .Select(a => (Target: ((Ref)a.Value).Name, Value: a.Target)));
        // A vector-output call: every output may depend on every differentiable input, and on the earlier contents of
        // every in-out output (an array carried from call to call in place, lstm's state, is useful through them).
        assigns.AddRange(Ir.Descendants(facts.Model.Body).OfType<CallStmt>()
            .SelectMany(c => c.Outputs.SelectMany(o => c.Inputs.Concat(c.InOutOutputs).Select(input => (Target: CallStmt.ArrayOf(o), Value: input)))));

        // An in-out output's contents on entry are an input (Param.InOut).
        var varied = new HashSet<string>(facts.Model.Params.Where(p => p.Differentiable && (p.Kind != ParamKind.RealSpanOutput || p.InOut)).Select(p => p.Name));
        for (bool changed = true; changed;)
        {
            changed = false;
            foreach (var (target, value) in assigns)
            {
                if (!varied.Contains(target) && facts.IsRealVariable(target) && DerivativeReads(value).Any(varied.Contains))
                {
                    changed |= varied.Add(target);
                }
            }
        }

        var useful = new HashSet<string>(facts.Model.Params.Where(p => p.Kind == ParamKind.RealSpanOutput).Select(p => p.Name));
        foreach (Stmt s in facts.Model.Body)
        {
            if (s is Return r) useful.UnionWith(Ir.Reads(r.Value));
        }
        for (bool changed = true; changed;)
        {
            changed = false;
            foreach (var (target, value) in assigns)
            {
                if (useful.Contains(target))
                {
                    foreach (string v in Ir.Reads(value))
                    {
                        changed |= useful.Add(v);
                    }
                }
            }
        }
        _active = new HashSet<string>(varied.Where(v => useful.Contains(v) && facts.IsRealVariable(v)));
    }

    public bool IsActive(string name) => _active.Contains(name);

    /// <summary>
    /// The variables whose derivatives can reach <paramref name="e"/>'s value: not through step functions (Floor,
    /// Round, Sign, …), conversions to integers or passive calls, which are piecewise constant. So <c>cell =
    /// Math.Floor(x)</c> is never varied, and a helper without a derivative called on it (<c>Hash(cell)</c>) is data.
    /// </summary>
    private static IEnumerable<string> DerivativeReads(Expr e) => e switch
    {
        Prim p when Primitives.PrimitiveTable.Get(p.Name).Kind == Primitives.NonsmoothKind.Step => Enumerable.Empty<string>(),
        Conv c when !c.Type.IsReal => Enumerable.Empty<string>(),
        PassiveCall or DataRead or Len => Enumerable.Empty<string>(),
        // An element carries its array's derivative; its index is an integer.
        Elem el => new[] { el.Array },
        Ref r => new[] { r.Name },
        Slice sl => new[] { sl.Array },
        _ => Ir.Children(e).SelectMany(DerivativeReads),
    };

    public IEnumerable<string> ActiveVariables => _active;

    /// <summary>
    /// An expression is active when it is floating and reads an active variable through a floating path: a conversion to
    /// an integer (<c>(int)(x * x)</c>) is piecewise constant, so nothing flows through it.
    /// </summary>
    public bool IsActive(Expr e) => e.Type.IsReal && e switch
    {
        Ref r => IsActive(r.Name),
        // An element is as active as its array; its index is an integer.
        Elem el => IsActive(el.Array),
        // A slice is as active as the variable it views; its bounds are integers.
        Slice sl => IsActive(sl.Array),
        // Comparisons and logic yield bools; a condition selects a branch but carries no derivative.
        Bin b when b.Type.Kind == IrTypeKind.Bool => false,
        Cond c => IsActive(c.A) || IsActive(c.B),
        // Passive by construction: no floating result or argument derivative.
        PassiveCall or Len or Opaque or Lit or DataRead => false,
        Prim p when Primitives.PrimitiveTable.Get(p.Name).Kind == Primitives.NonsmoothKind.Step => false,
        _ => Ir.Children(e).Any(IsActive),
    };
}
