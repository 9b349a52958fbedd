using System.Collections.Generic;
using System.Linq;
using SourceAD.Generators.Analyses;
using SourceAD.Generators.Printing;
using SourceAD.Generators.Model;

namespace SourceAD.Generators.Transforms;

/// <summary>
/// Reverse mode of a tensor program: the forward sweep keeps every intermediate as a local (a value its statement
/// overwrites goes to the slot or the tensor tape the lowering chose, <see cref="TensorSave"/>), then each statement's
/// backward rule runs last statement first (TensorPullback.Reverse.cs), accumulating adjoints into variables, inputs
/// and parameter gradients (TensorPullback.Accumulate.cs). Every intermediate and adjoint is disposed, so training
/// loops do not churn the tensor pools. The tensor counterpart of <see cref="PullbackEmitter"/>.
/// </summary>
internal sealed partial class TensorPullback
{
    private const string T = TensorContext.Tensor;
    private readonly TensorContext _c;
    private int _n;

    /// <param name="activity">The body's activity (<see cref="TensorActivity.Of"/>).</param>
    /// <param name="update">What the forward sweep's primal calls pass as <c>updateStatistics</c>.</param>
    public TensorPullback(TensorActivity activity, string update)
    {
        _c = new TensorContext(activity, update);
    }

    private TensorModel M => _c.Model;
    private TensorActivity Act => _c.Activity;

    /// <summary>
    /// Writes the body: declarations, the forward sweep, the seed (the method's <c>seed</c> parameter when
    /// <paramref name="seed"/>, else ones), the reverse sweep, the input adjoints into the <c>d…</c> outputs, and the
    /// <c>finally</c> that frees what is left.
    /// </summary>
    public void Emit(CodeWriter w, bool seed)
    {
        var all = All(M.Body).ToList();
        bool tape = Act.Statements.Any(s => s.Save == TensorSave.Tape);
        bool itape = all.Any(n => n is TensorFor { Taped: true } or TensorIf { Taped: true });
        foreach (string v in M.Variables) w.Line($"{T}? {v} = null;");
        foreach (TensorStmt s in Act.Statements.Where(s => s.Save == TensorSave.Slot)) w.Line($"{T}? {s.SaveSlot} = null;");
        foreach (string v in M.Variables.Where(Act.HasAdjoint)) w.Line($"{T}? adj_{v} = null;");
        foreach (string p in Act.Inputs) w.Line(Act.IsSequence(p) ? $"{T}?[] adj_{p} = new {T}?[{p}.Length];" : $"{T}? adj_{p} = null;");
        foreach (TensorFor f in all.OfType<TensorFor>()) w.Line($"int __start{f.Id} = 0, __count{f.Id} = 0;");
        foreach (TensorIf i in all.OfType<TensorIf>()) w.Line($"bool __branch{i.Id} = false;");
        if (tape) w.Line($"var tape = new global::SourceAD.Runtime.Tape<{T}?>();");
        if (itape) w.Line("var itape = new global::SourceAD.Runtime.Tape<int>();");
        if (M.HasGradients && M.ParameterArrays.Count > 0)
        {
            // Gradients of [Parameter] Tensor[] members: arrays sized to the model's (all of them, so Gradients.All
            // lines up with Parameters), accumulated element by element.
            w.Line("// [Parameter] Tensor[] gradients: arrays as long as the model's, filled element by element. A null member has");
            w.Line("// none (a method that reads it fails as the user's would); a Gradients sized to another length is refused.");
            foreach (string a in M.ParameterArrays)
            {
                // Tested through a local: a null test of the (non-nullable) member itself would leave it maybe-null
                // for the nullable analysis of every later read.
                w.Line($"{T}?[]? __model_{a} = this.{a};");
                w.Open($"if (into is not null && __model_{a} is not null)");
                w.Line($"var __sized_{a} = into.{a} ??= new {T}?[__model_{a}.Length];");
                w.Line($"if (__sized_{a}.Length != __model_{a}.Length) throw new global::System.ArgumentException(" +
                       $"$\"{M.Name}: into.{a} holds {{__sized_{a}.Length}} gradients but {a} has {{__model_{a}.Length}} tensors; pass a new Gradients, or Dispose() this one first.\", nameof(into));");
                w.Close();
            }
            foreach (string a in ParameterArraysRead()) w.Line($"{T}?[]? __into_{a} = into?.{a};");
        }
        w.Line($"{T}? primalResult = null;");
        w.Line("bool succeeded = false;");
        w.Open("try");
        w.Line("// Forward sweep: every value the reverse sweep reads stays alive; an overwritten one is kept in a local or on the tape.");
        ForwardSweep(w, M.Body);
        w.Line($"primalResult = {M.Result}!;");
        if (Act.HasAdjoint(M.Result))
        {
            if (seed)
            {
                w.Line("if (seed is not null && !global::System.MemoryExtensions.SequenceEqual(seed.Shape, primalResult.Shape)) " +
                       $"throw new global::System.ArgumentException(\"{M.Name}Pullback: the seed's shape differs from the value's.\", nameof(seed));");
                w.Line($"adj_{M.Result} = seed is null ? {T}.Full(primalResult.Shape, 1.0, primalResult.DType, primalResult.Device) : seed.Clone();");
            }
            else
            {
                w.Line($"adj_{M.Result} = {T}.Full(primalResult.Shape, 1.0, primalResult.DType, primalResult.Device);");
            }
        }
        w.Line("// Reverse sweep: last statement first; each restores the value it overwrote and frees its own.");
        ReverseSweep(w, M.Body);
        foreach (Param p in M.Params.Where(p => Act.IsInput(p.Name)))
        {
            if (Act.IsSequence(p.Name))
            {
                w.Line($"d{p.Name} = new {T}[{p.Name}.Length];");
                w.Open($"for (int __k = 0; __k < {p.Name}.Length; __k++)");
                w.Line($"d{p.Name}[__k] = adj_{p.Name}[__k] ?? {T}.Zeros({p.Name}[__k].Shape, {p.Name}[__k].DType, {p.Name}[__k].Device);");
                w.Line($"adj_{p.Name}[__k] = null;");
                w.Close();
                continue;
            }
            w.Line($"d{p.Name} = adj_{p.Name} ?? {T}.Zeros({p.Name}.Shape, {p.Name}.DType, {p.Name}.Device);");
            w.Line($"adj_{p.Name} = null;");
        }
        w.Line("succeeded = true;");
        w.Line("return primalResult;");
        w.Close();
        w.Open("finally");
        w.Line("if (!succeeded) primalResult?.Recycle();");
        foreach (string v in M.Variables) w.Line($"if (!ReferenceEquals({v}, primalResult)) {v}?.Recycle();");
        foreach (TensorStmt s in Act.Statements.Where(s => s.Save == TensorSave.Slot)) w.Line($"{s.SaveSlot}?.Recycle();");
        foreach (string v in M.Variables.Where(Act.HasAdjoint)) w.Line($"adj_{v}?.Recycle();");
        foreach (string p in Act.Inputs) w.Line(Act.IsSequence(p) ? $"foreach (var __a in adj_{p}) __a?.Recycle();" : $"adj_{p}?.Recycle();");
        if (tape)
        {
            w.Line("while (tape.Count > 0) tape.Pop()?.Recycle();");
            w.Line("tape.Dispose();");
        }
        if (itape) w.Line("itape.Dispose();");
        w.Close();
    }

    /// <summary>The primal, keeping what the reverse sweep reads: overwritten values, loop starts and trip counts, branch outcomes.</summary>
    private void ForwardSweep(CodeWriter w, IEnumerable<TensorNode> nodes)
    {
        foreach (TensorNode node in nodes)
        {
            switch (node)
            {
                case TensorPassive p:
                    w.Line(p.Text);
                    break;
                case TensorStmt s:
                    if (s.Save == TensorSave.Slot) w.Line($"{s.SaveSlot} = {s.Target};");
                    else if (s.Save == TensorSave.Tape) w.Line(LineKind.Push, $"tape.Push({s.Target});");
                    w.Line($"{s.Target} = {_c.PrimalCall(s)};");
                    w.Line(_c.Check(TensorContext.Label(s), s.Target));
                    break;
                case TensorFor f:
                    w.Line($"__start{f.Id} = {f.Start};");
                    w.Line($"__count{f.Id} = 0;");
                    w.Open($"for (int {f.Var} = __start{f.Id}; {f.Var} {f.Compare} {f.Bound}; {f.Var} += {f.Step})");
                    ForwardSweep(w, f.Body);
                    w.Line($"__count{f.Id}++;");
                    w.Close();
                    if (f.Taped)
                    {
                        w.Line(LineKind.Push, $"itape.Push(__start{f.Id});");
                        w.Line(LineKind.Push, $"itape.Push(__count{f.Id});");
                    }
                    break;
                case TensorIf i:
                    w.Line($"__branch{i.Id} = {i.Condition};");
                    w.Open($"if (__branch{i.Id})");
                    ForwardSweep(w, i.Then);
                    w.Close();
                    if (i.Else.Count > 0)
                    {
                        w.Open("else");
                        ForwardSweep(w, i.Else);
                        w.Close();
                    }
                    if (i.Taped) w.Line(LineKind.Push, $"itape.Push(__branch{i.Id} ? 1 : 0);");
                    break;
            }
        }
    }

    /// <summary>Every node, loops' and branches' bodies included, in program order.</summary>
    private static IEnumerable<TensorNode> All(IEnumerable<TensorNode> nodes)
    {
        foreach (TensorNode n in nodes)
        {
            yield return n;
            IEnumerable<TensorNode> inner = n switch
            {
                TensorFor f => All(f.Body),
                TensorIf i => All(i.Then).Concat(All(i.Else)),
                _ => Enumerable.Empty<TensorNode>(),
            };
            foreach (TensorNode x in inner) yield return x;
        }
    }

    /// <summary>The [Parameter] Tensor[] members this method reads (by element or whole).</summary>
    private IEnumerable<string> ParameterArraysRead() => Act.Statements.SelectMany(s => s.Args)
        .Where(a => a.Kind is TensorArgKind.ParameterElement or TensorArgKind.ParameterArray)
        .Select(a => a.Kind == TensorArgKind.ParameterArray ? a.Text : TensorActivity.Sequence(a.Text)).Distinct().OrderBy(n => n, System.StringComparer.Ordinal);
}
