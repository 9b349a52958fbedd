using System.Collections.Generic;
using System.Linq;
using SourceAD.Generators.Analyses;
using SourceAD.Generators.IR;
using SourceAD.Generators.Printing;

namespace SourceAD.Generators.Transforms;

/// <summary>
/// Reverse loops that run forward, recomputing a passive recurrence instead of recording it
/// (ToBeRecorded.ForwardOrder.cs says when): llsq's <c>inner_sum -= x[j] * mul; mul *= ti;</c> reverses into
/// <c>mul = 1.0; for (j = 0; j &lt; m; j++) { dx[j] -= dinner_sum * mul; mul = mul * ti; }</c>.
/// </summary>
internal sealed partial class PullbackEmitter
{
    /// <summary>Forward sweep, before the loop: the recurrence's entry values that are no literal, once per loop run.</summary>
    private void RecordEntries(ToBeRecorded.ForwardPlan plan, CodeWriter w)
    {
        foreach (var (name, type, entry) in plan.Variables)
        {
            if (entry is not null) continue;
            string why = $"record {name} on entry to the loop over {plan.Loop.Var}: its reverse recomputes {name} forward from there";
            w.Line("// " + why);
            Planned(type.Name, null, why);
            w.Line(LineKind.Push, $"{Tape(type.Name)}.Push({name});");
        }
    }

    /// <summary>The reverse of a loop in forward order: entry values, then per iteration the passive statements before the
    /// active ones, the active ones' reverses (last first), the passive statements after them.</summary>
    private void ReverseForward(ToBeRecorded.ForwardPlan plan, int depth, CodeWriter w)
    {
        For f = plan.Loop;
        w.Line("// " + plan.Why);
        var entries = new List<(string Name, string Value)>();
        foreach (var (name, type, entry) in plan.Variables.Reverse())
        {
            string value;
            if (entry is not null)
            {
                value = _c.Print(entry);
            }
            else
            {
                value = _c.Fresh(name + "Entry");
                w.Line(LineKind.Pop, $"var {value} = {Tape(type.Name)}.Pop();");
            }
            entries.Insert(0, (name, value));
        }
        foreach (var (name, value) in entries) w.Line($"{name} = {value};");
        w.OpenLoop($"for ({f.Var} = {_c.Print(f.Start)}; {_c.Print(f.Cond)}; {f.StepText})", _c.Printer.EnterLoop(f));
        foreach (Assign a in plan.Before) w.Line($"{_c.Print(a.Target)} = {_c.Print(a.Value)};");
        Reverse(plan.Active, depth + 1, w);
        foreach (Assign a in plan.After) w.Line($"{_c.Print(a.Target)} = {_c.Print(a.Value)};");
        _c.Printer.ExitLoop();
        w.Close();
        if (!plan.Restore) return;
        w.Line($"// {string.Join(", ", entries.Select(e => e.Name))} as {(entries.Count == 1 ? "it was" : "they were")} before the loop: an earlier statement's reverse reads {(entries.Count == 1 ? "it" : "them")}");
        foreach (var (name, value) in entries) w.Line($"{name} = {value};");
    }
}
