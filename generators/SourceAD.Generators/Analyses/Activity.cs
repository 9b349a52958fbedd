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
        var assigns = new List<(string Target, Expr Value)>();
        Collect(facts.Model.Body, assigns);

        var varied = new HashSet<string>(facts.Model.Params.Where(p => p.Differentiable && p.Kind != ParamKind.RealSpanOutput).Select(p => p.Name));
        for (bool changed = true; changed;)
        {
            changed = false;
            foreach (var (target, value) in assigns)
            {
                if (!varied.Contains(target) && facts.IsRealVariable(target) && VariableFacts.Reads(value).Any(varied.Contains))
                {
                    changed |= varied.Add(target);
                }
            }
        }

        var useful = new HashSet<string>(facts.Model.Params.Where(p => p.Kind == ParamKind.RealSpanOutput).Select(p => p.Name));
        foreach (Stmt s in facts.Model.Body)
        {
            if (s is Return r) useful.UnionWith(VariableFacts.Reads(r.Value));
        }
        for (bool changed = true; changed;)
        {
            changed = false;
            foreach (var (target, value) in assigns)
            {
                if (useful.Contains(target))
                {
                    foreach (string v in VariableFacts.Reads(value))
                    {
                        changed |= useful.Add(v);
                    }
                }
            }
        }
        _active = new HashSet<string>(varied.Where(v => useful.Contains(v) && facts.IsRealVariable(v)));
    }

    public bool IsActive(string name) => _active.Contains(name);

    public IEnumerable<string> ActiveVariables => _active;

    /// <summary>An expression is active when it reads an active variable (through a floating path).</summary>
    public bool IsActive(Expr e) => e switch
    {
        Ref r => IsActive(r.Name),
        Elem el => IsActive(el.Array),
        Un u => IsActive(u.A),
        Conv c => IsActive(c.A),
        Bin b => b.Type != "bool" && (IsActive(b.A) || IsActive(b.B)),
        Cond c => IsActive(c.A) || IsActive(c.B),
        Prim p => p.Args.Any(IsActive),
        Call c => c.Args.Any(IsActive),
        _ => false,
    };

    private static void Collect(IEnumerable<Stmt> stmts, List<(string, Expr)> output)
    {
        foreach (Stmt s in stmts)
        {
            switch (s)
            {
                case Assign a:
                    output.Add((a.Target is Elem el ? el.Array : ((Ref)a.Target).Name, a.Value));
                    break;
                case CallStmt c:
                    // Every output may depend on every differentiable input.
                    foreach (Expr o in c.Outputs)
                    {
                        foreach (Expr input in c.Inputs) output.Add((CallStmt.ArrayOf(o), input));
                    }
                    break;
                case If i:
                    Collect(i.Then, output);
                    Collect(i.Else, output);
                    break;
                case For f:
                    Collect(f.Body, output);
                    break;
                case While w:
                    Collect(w.Body, output);
                    Collect(w.Increment, output);
                    break;
            }
        }
    }
}
