using System.Linq;
using SourceAD.Generators.Analyses;
using SourceAD.Generators.Printing;
using SourceAD.Generators.Model;

namespace SourceAD.Generators.Transforms;

/// <summary>
/// Where adjoint contributions go: into a variable's or an input's adjoint, into a parameter gradient in <c>into</c>,
/// or back to the pool (data); a called method's pullback returns one per differentiable parameter.
/// </summary>
internal sealed partial class TensorPullback
{
    private const string Ops = Primitives.TensorOp.Ops;

    /// <summary>A call of another [Differentiable] tensor method backwards: its pullback, then each adjoint it returns accumulated.</summary>
    private void ReverseCall(CodeWriter w, TensorStmt s, TensorCall call, string dy, int n)
    {
        var args = s.Args.Select(a => $"{a.Param}: {TensorContext.Print(a)}").ToList();
        args.Add($"seed: {dy}");
        if (call.HasGradients) args.Add("into: into");
        foreach (string p in call.Differentiable) args.Add($"d{p}: out var __g{n}_{p}");
        args.Add("policy: policy");
        args.Add("updateStatistics: false");
        w.Line($"{call.Receiver}.{s.Op}Pullback({string.Join(", ", args)}).Recycle();");
        foreach (string p in call.Differentiable)
        {
            TensorArg? arg = s.Args.FirstOrDefault(a => a.Param == p);
            if (call.Sequences.Contains(p))
            {
                // A Tensor[] adjoint: element by element into ours, or freed.
                if (arg is { Kind: TensorArgKind.ParameterArray } && M.HasGradients)
                {
                    // A [Parameter] Tensor[] passed whole: element by element into its gradient array.
                    w.Line(LineKind.Accumulate, $"for (int __k = 0; __k < __g{n}_{p}.Length; __k++) {{ if (__into_{arg.Text} is null) __g{n}_{p}[__k].Recycle(); else if (__into_{arg.Text}[__k] is null) __into_{arg.Text}[__k] = __g{n}_{p}[__k]; else {{ {Ops}.AddInPlace(__into_{arg.Text}[__k]!, __g{n}_{p}[__k]); __g{n}_{p}[__k].Recycle(); }} }}");
                    continue;
                }
                if (arg is { Kind: TensorArgKind.Input } && Act.IsSequence(arg.Text))
                {
                    w.Line(LineKind.Accumulate, $"for (int __k = 0; __k < __g{n}_{p}.Length; __k++) {{ if (adj_{arg.Text}[__k] is null) adj_{arg.Text}[__k] = __g{n}_{p}[__k]; else {{ {Ops}.AddInPlace(adj_{arg.Text}[__k]!, __g{n}_{p}[__k]); __g{n}_{p}[__k].Recycle(); }} }}");
                }
                else
                {
                    w.Line($"foreach (var __e in __g{n}_{p}) __e.Recycle();");
                }
                continue;
            }
            if (arg is null || arg.Kind == TensorArgKind.Null) { w.Line($"__g{n}_{p}.Recycle();"); continue; }
            Accumulate(w, arg, $"__g{n}_{p}");
        }
    }

    /// <summary>Adds one adjoint contribution where it belongs (a variable, an input, a parameter gradient) or frees it.</summary>
    private void Accumulate(CodeWriter w, TensorArg arg, string contribution)
    {
        string? target = arg.Kind switch
        {
            TensorArgKind.Local when Act.HasAdjoint(arg.Text) => $"adj_{arg.Text}",
            TensorArgKind.Input when Act.IsInput(arg.Text) => $"adj_{arg.Text}",
            TensorArgKind.Element when Act.IsInput(TensorActivity.Sequence(arg.Text)) => $"adj_{arg.Text}",
            _ => null,
        };
        if (target is not null)
        {
            w.Line(LineKind.Accumulate, $"if ({target} is null) {target} = {contribution}; else {{ {Ops}.AddInPlace({target}!, {contribution}); {contribution}.Recycle(); }}");
        }
        else if (arg.Kind == TensorArgKind.Parameter && M.HasGradients)
        {
            w.Line(LineKind.Accumulate, $"if (into is null) {contribution}.Recycle(); else if (into.{arg.Text} is null) into.{arg.Text} = {contribution}; else {{ {Ops}.AddInPlace(into.{arg.Text}, {contribution}); {contribution}.Recycle(); }}");
        }
        else if (arg.Kind == TensorArgKind.ParameterElement && M.HasGradients)
        {
            string element = "__into_" + arg.Text; // __into_W[l]: the gradient array sized at the top
            string array = "__into_" + TensorActivity.Sequence(arg.Text);
            w.Line(LineKind.Accumulate, $"if ({array} is null) {contribution}.Recycle(); else if ({element} is null) {element} = {contribution}; else {{ {Ops}.AddInPlace({element}!, {contribution}); {contribution}.Recycle(); }}");
        }
        else
        {
            w.Line($"{contribution}.Recycle(); // {arg.Text} is data");
        }
    }
}
