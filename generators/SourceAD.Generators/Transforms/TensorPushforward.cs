using System.Collections.Generic;
using System.Linq;
using SourceAD.Generators.Analyses;
using SourceAD.Generators.Printing;
using SourceAD.Generators.Model;
using SourceAD.Generators.Primitives;

namespace SourceAD.Generators.Transforms;

/// <summary>
/// Forward mode of a tensor program: each statement runs with its op's forward rule (<c>Ops.XJvp</c>) or the callee's
/// pushforward, an active variable carrying its tangent <c>tan_v</c>; and, with nothing active, the value alone (the
/// method's <c>Value</c>, which callers' forward sweeps run). The tensor counterpart of <see cref="PushforwardEmitter"/>.
/// </summary>
internal sealed class TensorPushforward
{
    private const string T = TensorContext.Tensor;
    private readonly TensorContext _c;
    private readonly bool _directionNullable;
    private int _n;

    /// <param name="activity">The body's activity (<see cref="TensorActivity.Primal"/> for the value alone).</param>
    /// <param name="update">What primal calls pass as <c>updateStatistics</c>.</param>
    /// <param name="directionNullable">The <c>direction</c> parameter may be null (read with <c>?.</c>).</param>
    public TensorPushforward(TensorActivity activity, string update, bool directionNullable)
    {
        _c = new TensorContext(activity, update);
        _directionNullable = directionNullable;
    }

    private TensorModel M => _c.Model;
    private TensorActivity Act => _c.Activity;

    /// <summary>
    /// Writes the body: returns <c>(value, tangent)</c>, or with <paramref name="valueOnly"/> the value alone; every
    /// intermediate and tangent is freed.
    /// </summary>
    public void Emit(CodeWriter w, bool valueOnly = false)
    {
        foreach (string v in M.Variables) w.Line($"{T}? {v} = null;");
        foreach (string v in M.Variables.Where(Act.IsActive)) w.Line($"{T}? tan_{v} = null;");
        w.Line($"{T}? primalResult = null;");
        w.Line("bool succeeded = false;");
        w.Open("try");
        Statements(w, M.Body);
        w.Line($"primalResult = {M.Result}!;");
        w.Line($"{M.Result} = null;");
        if (valueOnly)
        {
            w.Line("succeeded = true;");
            w.Line("return primalResult;");
        }
        else if (Act.IsActive(M.Result))
        {
            w.Line($"var tangent = tan_{M.Result} ?? {T}.Zeros(primalResult.Shape, primalResult.DType, primalResult.Device);");
            w.Line($"tan_{M.Result} = null;");
        }
        else
        {
            w.Line($"var tangent = {T}.Zeros(primalResult.Shape, primalResult.DType, primalResult.Device);");
        }
        if (!valueOnly)
        {
            w.Line("succeeded = true;");
            w.Line("return (primalResult, tangent);");
        }
        w.Close();
        w.Open("finally");
        w.Line("if (!succeeded) primalResult?.Recycle();");
        foreach (string v in M.Variables) w.Line($"{v}?.Recycle();");
        foreach (string v in M.Variables.Where(Act.IsActive)) w.Line($"tan_{v}?.Recycle();");
        w.Close();
    }

    /// <summary>An argument's tangent as the generated code reads it (from <c>direction</c>, an input's <c>t…</c>, a <c>tan_v</c>), or null (zero).</summary>
    private string? Tangent(TensorArg a) => a.Kind switch
    {
        TensorArgKind.Parameter when M.HasGradients => _directionNullable ? $"direction?.{a.Text}" : $"direction.{a.Text}",
        TensorArgKind.ParameterElement when M.HasGradients =>
            $"direction{(_directionNullable ? "?" : "")}.{TensorActivity.Sequence(a.Text)}?{a.Text.Substring(a.Text.IndexOf('['))}",
        TensorArgKind.ParameterArray when M.HasGradients => _directionNullable ? $"direction?.{a.Text}" : $"direction.{a.Text}",
        TensorArgKind.Input when Act.IsInput(a.Text) => $"t{a.Text}",
        TensorArgKind.Element when Act.IsInput(TensorActivity.Sequence(a.Text)) => $"t{TensorActivity.Sequence(a.Text)}?{a.Text.Substring(a.Text.IndexOf('['))}",
        TensorArgKind.Local when Act.IsActive(a.Text) => $"tan_{a.Text}",
        _ => null,
    };

    private void Statements(CodeWriter w, IEnumerable<TensorNode> nodes)
    {
        foreach (TensorNode node in nodes)
        {
            switch (node)
            {
                case TensorPassive p:
                    w.Line(p.Text);
                    break;
                case TensorStmt s:
                    Statement(w, s);
                    break;
                case TensorFor f:
                    w.Open($"for (int {f.Var} = {f.Start}; {f.Var} {f.Compare} {f.Bound}; {f.Var} += {f.Step})");
                    Statements(w, f.Body);
                    w.Close();
                    break;
                case TensorIf i:
                    w.Open($"if ({i.Condition})");
                    Statements(w, i.Then);
                    w.Close();
                    if (i.Else.Count > 0)
                    {
                        w.Open("else");
                        Statements(w, i.Else);
                        w.Close();
                    }
                    break;
            }
        }
    }

    private void Statement(CodeWriter w, TensorStmt s)
    {
        int n = _n++;
        bool active = Act.IsActive(s.Target);
        w.Open($"// {s.Target} = {TensorContext.Label(s)}(…)");
        string? jvp = null;
        if (s.Call is { } call && active)
        {
            var args = s.Args.Select(a => $"{a.Param}: {TensorContext.Print(a)}").ToList();
            if (call.HasGradients) args.Add("direction: direction");
            foreach (string p in call.Differentiable)
            {
                TensorArg? arg = s.Args.FirstOrDefault(a => a.Param == p);
                args.Add($"t{p}: {(arg is null ? "null" : Tangent(arg) ?? "null")}");
            }
            args.Add("policy: policy");
            w.Line($"var (__y{n}, __ty{n}) = {call.Receiver}.{s.Op}Pushforward({string.Join(", ", args)});");
            jvp = $"__ty{n}";
        }
        else
        {
            w.Line($"var __y{n} = {_c.PrimalCall(s)};");
            if (active && s.Call is null) jvp = TensorOpTable.Rows[s.Op].Jvp(_c.OpContext(s, $"__y{n}", "", Tangent));
        }
        w.Line(_c.Check(TensorContext.Label(s), $"__y{n}"));
        // The rule reads the arguments before the target (maybe one of them) is overwritten.
        if (active && jvp is not null) w.Line($"var __ty{n}_ = {jvp};");
        w.Line($"{s.Target}?.Recycle();");
        w.Line($"{s.Target} = __y{n};");
        if (active)
        {
            w.Line($"tan_{s.Target}?.Recycle();");
            w.Line($"tan_{s.Target} = {(jvp is null ? "null" : $"__ty{n}_")};");
        }
        w.Close();
    }
}
