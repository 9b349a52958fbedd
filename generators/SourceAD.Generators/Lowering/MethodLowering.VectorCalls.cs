using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;
using SourceAD.Generators.Helpers;
using SourceAD.Generators.IR;
using SourceAD.Generators.Model;

namespace SourceAD.Generators.Lowering;

/// <summary>
/// Calls of vector-output [Differentiable] methods as statements: <c>F(x, y);</c> where F is
/// <c>void F(ReadOnlySpan&lt;T&gt; x, Span&lt;T&gt; y)</c> or writes a <c>T[]</c> (see <see cref="OutputArrays"/>). The
/// statement becomes a <see cref="CallStmt"/>: forward mode calls the callee's pushforward, reverse mode its pullback
/// with the output adjoints as seeds.
/// </summary>
internal sealed partial class MethodLowering
{
    private void LowerCallStatement(IInvocationOperation call, List<Stmt> output)
    {
        if (LowerConditionalCall(call)) return;
        if (TryLowerArrayHelper(call, output)) return;
        IMethodSymbol target = call.TargetMethod;
        if (!TypeClassifier.HasAttribute(target.OriginalDefinition, PolicyResolver.MethodAttribute) && !ImplicitHelpers.IsCandidate(target, _semanticModel.Compilation, _ct))
        {
            Unsupported(call, $"The call '{Short(call)}' as a statement", "mark the callee [Differentiable] (it must write Span<T> or T[] outputs), or call methods that return a value");
            return;
        }
        if (LowerCall(call, "void", statement: true) is not Call lowered) return;
        var outputs = new HashSet<string>();
        var inputs = new HashSet<string>();
        for (int i = 0; i < lowered.Args.Count; i++)
        {
            ParamShape shape = lowered.Target.Params[i];
            if (lowered.Args[i] is not (Ref or Slice)) continue;
            string array = CallStmt.ArrayOf(lowered.Args[i]);
            if (shape.Kind == ParamKind.RealSpanOutput)
            {
                if (_readOnlyArrays.Contains(array))
                {
                    Unsupported(call.Arguments[i], $"Passing the input array '{array}' as an output of '{target.Name}'", "inputs are read-only here: pass a local array or a Span<T> output");
                    return;
                }
                if (!outputs.Add(array))
                {
                    Unsupported(call.Arguments[i], $"Passing '{array}' as two outputs of '{target.Name}'", "pass a different array for each output");
                    return;
                }
            }
            else if (shape.Kind is ParamKind.RealArray or ParamKind.RealReadOnlySpan)
            {
                inputs.Add(array);
            }
        }
        if (outputs.Count == 0)
        {
            Unsupported(call, $"The call '{Short(call)}' as a statement", "the callee writes no Span<T> or T[] output");
            return;
        }
        if (outputs.FirstOrDefault(inputs.Contains) is string both)
        {
            // The reverse sweep needs the inputs as they were before the call; an in-place update destroys them.
            Unsupported(call, $"Passing '{both}' as both an input and an output of '{target.Name}'", "write the result into a separate array");
            return;
        }
        var args = lowered.Args.Select(a => HoistCalls(a, output)).ToList();
        output.Add(new CallStmt(lowered with { Args = args.ToEquatable() }));
    }
}
