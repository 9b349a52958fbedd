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
    /// <summary>
    /// The rewrite for <c>Array.ForEach(x, v =&gt; …)</c>: the same body in a <c>foreach</c> loop, which the lowering
    /// takes (a lambda that writes a captured local has no value to differentiate through); null for other calls.
    /// </summary>
    private string? ForEachCallRewrite(IInvocationOperation call)
    {
        if (call.TargetMethod.Name != "ForEach" || call.TargetMethod.ContainingType?.ToDisplayString() != "System.Array" || call.Arguments.Length != 2) return null;
        var arguments = call.Arguments.OrderBy(a => a.Parameter?.Ordinal ?? 0).Select(a => a.Value).ToList();
        IOperation source = arguments[0], action = arguments[1];
        string variable = action is IDelegateCreationOperation { Target: IAnonymousFunctionOperation { Symbol.Parameters.Length: 1 } lambda } ? lambda.Symbol.Parameters[0].Name : "v";
        return $"write the loop: foreach (var {variable} in {Unwrap(source).Syntax}) {{ … }}";
    }

    private void LowerCallStatement(IInvocationOperation call, List<Stmt> output)
    {
        if (LowerConditionalCall(call)) return;
        if (TryLowerArrayHelper(call, output)) return;
        IMethodSymbol target = call.TargetMethod;
        if (LowerPassiveEffect(call, output)) return;
        if (!TypeClassifier.HasAttribute(target.OriginalDefinition, PolicyResolver.MethodAttribute) && !ImplicitHelpers.IsCandidate(target, _semanticModel.Compilation, _ct))
        {
            Unsupported(call, $"The call '{Short(call)}' as a statement", ForEachCallRewrite(call) ?? "mark the callee [Differentiable] (it must write Span<T> or T[] outputs), or call methods that return a value");
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
            // The callee's derivatives take its inputs as they were before the call. Slices of one array
            // (mat_mult(abs.Slice(16 * parents[i], 16), …, abs.Slice(16 * i, 16)), GradBench ht) are those inputs whenever
            // they do not overlap, which derivative code checks on each call (Shapes.RequireDisjoint, through
            // CallStmt.SharedArrayPairs): refusing them would refuse correct programs, and a check the user cannot
            // miss is better than a proof only some index arithmetic admits. A whole array on either side overlaps.
            bool whole = lowered.Args.Any(a => a is Ref r && r.Name == both);
            if (whole)
            {
                Unsupported(call, $"Passing '{both}' whole as both an input and an output of '{target.Name}'", "write the result into a separate array, or pass slices that do not overlap");
                return;
            }
            if (ProvenOverlap(lowered, both))
            {
                Unsupported(call, $"Passing overlapping slices of '{both}' as an input and an output of '{target.Name}'", "pass slices that do not overlap, or copy the input into a separate array first");
                return;
            }
        }
        var args = lowered.Args.Select(a => HoistCalls(a, output)).ToList();
        output.Add(new CallStmt(lowered with { Args = args.ToEquatable() }));
    }

    /// <summary>
    /// A library call with no derivative and no effect on the method's values, kept as a statement
    /// (<see cref="EffectStmt"/>): <c>Console.WriteLine($"step {k}: x = {x}")</c>, <c>history.Add(loss)</c>,
    /// <c>sb.Append(x)</c>. It takes only values (no array, span, ref, out or delegate argument, nor an array receiver),
    /// so it cannot change what the method computes; the generated code runs it where the method does. A method
    /// declared in source is never taken as one: it could write a field the method reads back as data
    /// (<c>static void Add(double v) => total += v;</c>), which would drop that derivative silently, so it stays a
    /// call SourceAD differentiates or refuses.
    /// </summary>
    private bool LowerPassiveEffect(IInvocationOperation call, List<Stmt> output)
    {
        IMethodSymbol target = call.TargetMethod;
        if (target.OriginalDefinition.DeclaringSyntaxReferences.Length > 0) return false;
        // Arrays and spans could be written; a delegate (a lambda capturing the method's locals) could write anything.
        static bool Storage(ITypeSymbol? t) => t is IArrayTypeSymbol || t is not null && TypeClassifier.ElementOf(t, out _, out _) is not null ||
                                              t is INamedTypeSymbol { IsRefLikeType: true } || t?.TypeKind == TypeKind.Delegate;
        if (call.Instance is { } receiver && (Storage(receiver.Type) || receiver is IInstanceReferenceOperation)) return false;
        foreach (IArgumentOperation a in call.Arguments)
        {
            if (a.Parameter?.RefKind is RefKind.Ref or RefKind.Out or RefKind.In || Storage(a.Parameter?.Type) || Storage(Unwrap(a.Value).Type) ||
                Unwrap(a.Value) is IAnonymousFunctionOperation or IDelegateCreationOperation or IMethodReferenceOperation) return false;
        }
        // A floating result dropped on the floor is a value computation, not an effect: left to the differentiated path.
        if (!target.ReturnsVoid && TypeClassifier.IsFloating(target.ReturnType)) return false;
        output.Add(new EffectStmt(QualifiedText.Of(call.Syntax, _semanticModel, s => _names.TryGetValue(s, out string? n) ? n : null, _ct).Trim().TrimEnd(';') + ";"));
        return true;
    }

    /// <summary>Whether an output slice and an input slice of <paramref name="array"/> have constant bounds that overlap.</summary>
    private static bool ProvenOverlap(Call call, string array)
    {
        var pairs = new CallStmt(call).SharedArrayPairs;
        return pairs.Any(p => call.Args[p.Output] is Slice { Start: Lit os, Length: Lit ol } && call.Args[p.Input] is Slice { Start: Lit @is, Length: Lit il } &&
                              ol.Value > 0 && il.Value > 0 && @is.Value < os.Value + ol.Value && os.Value < @is.Value + il.Value);
    }
}
