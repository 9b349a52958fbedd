using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using SourceAD.Generators.Printing;
using SourceAD.Generators.Model;
using SourceAD.Generators.Primitives;

namespace SourceAD.Generators.Transforms;

/// <summary>The reverse sweep: last statement first, loops run backwards from their recorded start and trip count.</summary>
internal sealed partial class TensorPullback
{
    private void ReverseSweep(CodeWriter w, IReadOnlyList<TensorNode> nodes)
    {
        for (int k = nodes.Count - 1; k >= 0; k--)
        {
            switch (nodes[k])
            {
                case TensorStmt s:
                    ReverseStatement(w, s);
                    break;
                case TensorFor f:
                    if (f.Taped)
                    {
                        w.Line(LineKind.Pop, $"__count{f.Id} = itape.Pop();");
                        w.Line(LineKind.Pop, $"__start{f.Id} = itape.Pop();");
                    }
                    w.Open($"for (int __iteration{f.Id} = __count{f.Id} - 1; __iteration{f.Id} >= 0; __iteration{f.Id}--)");
                    w.Line($"int {f.Var} = __start{f.Id} + __iteration{f.Id} * {f.Step};");
                    ReverseSweep(w, f.Body.ToList());
                    w.Close();
                    break;
                case TensorIf i:
                    if (i.Taped) w.Line(LineKind.Pop, $"__branch{i.Id} = itape.Pop() != 0;");
                    w.Open($"if (__branch{i.Id})");
                    ReverseSweep(w, i.Then.ToList());
                    w.Close();
                    if (i.Else.Count > 0)
                    {
                        w.Open("else");
                        ReverseSweep(w, i.Else.ToList());
                        w.Close();
                    }
                    break;
            }
        }
    }

    /// <summary>
    /// One statement backwards: takes its value and adjoint, restores the value it overwrote, runs its backward rule
    /// (or the callee's pullback) when it has an adjoint, and frees its value.
    /// </summary>
    private void ReverseStatement(CodeWriter w, TensorStmt s)
    {
        int n = _n++;
        string y = $"__y{n}", dy = $"__dy{n}";
        bool adjoint = Act.HasAdjoint(s.Target);
        w.Open($"// {s.Target} = {TensorContext.Label(s)}(…)");
        w.Line($"var {y} = {s.Target}!;");
        if (adjoint)
        {
            w.Line($"var {dy} = adj_{s.Target};");
            w.Line($"adj_{s.Target} = null;");
        }
        if (s.Save == TensorSave.Tape) w.Line(LineKind.Pop, $"{s.Target} = tape.Pop();");
        else w.Line(s.Save == TensorSave.Slot ? $"{s.Target} = {s.SaveSlot}; {s.SaveSlot} = null;" : $"{s.Target} = null;");
        if (adjoint)
        {
            w.Open($"if ({dy} is not null)");
            if (s.Call is { } call) ReverseCall(w, s, call, dy, n);
            else ReverseOp(w, s, y, dy, n);
            w.Line($"{dy}.Recycle();");
            w.Close();
        }
        w.Line($"if (!ReferenceEquals({y}, primalResult)) {y}.Recycle();");
        w.Close();
    }

    /// <summary>An op's backward rule (<c>Ops.XBackward</c>): each differentiable argument's adjoint, checked and accumulated.</summary>
    private void ReverseOp(CodeWriter w, TensorStmt s, string y, string dy, int n)
    {
        TensorOp row = TensorOpTable.Rows[s.Op];
        string v = $"__g{n}";
        TensorBackward backward = row.Backward(_c.OpContext(s, y, dy, _ => null), v);
        if (backward.Call.Length > 0) w.Line(backward.Call);
        foreach (KeyValuePair<string, string> entry in backward.Adjoints)
        {
            TensorArg? arg = s.Args.FirstOrDefault(a => a.Param == entry.Key);
            if (arg is null || arg.Kind == TensorArgKind.Null) continue;
            string adjoint = string.Format(CultureInfo.InvariantCulture, entry.Value, v);
            w.Line(_c.Check($"{TensorContext.Label(s)}Backward", adjoint));
            Accumulate(w, arg, adjoint);
        }
    }
}
