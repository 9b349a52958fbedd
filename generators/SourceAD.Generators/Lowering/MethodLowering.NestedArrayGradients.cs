using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;
using SourceAD.Generators.Diagnostics;
using SourceAD.Generators.Helpers;
using SourceAD.Generators.IR;
using SourceAD.Generators.Model;

namespace SourceAD.Generators.Lowering;

/// <summary>
/// Nested AD over arrays (see MethodLowering.NestedGradients.cs for the scalar case). The array element
/// <c>FGradient(a, b).DB</c> is ∇_b F, a vector function of F's inputs: a local array that a vector-output call fills
/// (<see cref="CallStmt"/>), so it can be indexed, passed to span parameters and looped over like any local array. The
/// callee is an adapter beside the caller (<see cref="Emit.NestedGradientEmitter"/>) whose pushforward is the b-block of
/// H·ṗ and whose pullback with seed w adds H·(0, …, w, …, 0), one FHessianVectorProduct of F each; H is symmetric, so
/// that is the transposed Jacobian of ∇_b F. <c>FPullback(a, b, seed, ref da, db)</c> is taken apart into its value F
/// and the increments da += seed·∂F/∂a, db[i] += seed·(∇_b F)[i], which the same adapters differentiate.
/// </summary>
internal sealed partial class MethodLowering
{
    /// <summary>∇ of F in its array input <c>k − 1</c>: a fresh local array filled by the adapter's call (into the sink).</summary>
    private Expr NestedGradientArray(IMethodSymbol primal, NestedCall n, int k)
    {
        string r = TypeClassifier.Text(primal.ReturnType);
        string key = CustomDerivatives.Key(primal);
        string adapter = $"{primal.Name}GradientD{k}_{StableHash.Of(CustomDerivatives.Key(_method) + "|" + key)}";
        string adapterReceiver = primal.IsStatic ? TypeClassifier.Text(_method.ContainingType) : "this";
        if (!_nested.Any(x => x.Adapter == adapter))
        {
            _nested.Add(new NestedGradient(adapter, n.Receiver, primal.Name, primal.IsStatic, r, n.Params.ToEquatable(), k - 1, key));
        }
        Param input = n.Inputs[k - 1];
        Expr source = n.Args[n.Params.IndexOf(input)];
        Expr length = source is Slice s ? s.Length : new Len(CallStmt.ArrayOf(source));
        string arrayType = r + "[]";
        string array = NewTemp("d" + input.Name.TrimStart('@'), arrayType, isArray: true, elementType: r);
        _arrays.Add(array);
        _sink.Add(new NewArray(array, r, HoistCalls(length, _sink)));
        var shapes = n.Shapes.Concat(new[] { new ParamShape("output", ParamKind.RealSpanOutput, true) }).ToEquatable();
        var target = new CallTarget(adapterReceiver, adapter, "", shapes, adapterReceiver, adapter + "Pullback", adapterReceiver, adapter + "Pushforward");
        _sink.Add(new CallStmt(new Call("void", target, n.Args.Concat(new Expr[] { new Ref(arrayType, array) }).ToEquatable())));
        return new Ref(arrayType, array);
    }

    /// <summary>
    /// The local array standing for an array element of a nested gradient, <c>FGradient(a, b).DB</c> or <c>g.DB</c> of a
    /// tuple local <c>g</c> that holds one; null for any other field.
    /// </summary>
    private string? NestedGradientArrayName(IFieldReferenceOperation field)
    {
        if (field.Type is not IArrayTypeSymbol) return null;
        if (field.Instance is IInvocationOperation call && GeneratedMemberOf(call, out _) is not null)
        {
            return NestedGradientElement(field) is Ref r ? r.Name : "__invalid";
        }
        return field.Instance is ILocalReferenceOperation local && IsTuple(local.Type) && TupleElement(field) is Ref element && _arrays.Contains(element.Name)
            ? element.Name
            : null;
    }

    /// <summary><c>var force = PotentialGradient(k, q).DQ;</c>: the local is a second name for the gradient's array (an array bind).</summary>
    private bool TryLowerNestedGradientArray(string name, IOperation init, List<Stmt> output)
    {
        if (Unwrap(init) is not IFieldReferenceOperation field || NestedGradientArrayName(field) is null) return false;
        using (Sink(output))
        {
            string? array = NestedGradientArrayName(field);
            if (array is not null and not "__invalid") output.Add(new Assign(new Ref(TypeClassifier.Text(field.Type!), name), new Ref(TypeClassifier.Text(field.Type!), array)));
        }
        return true;
    }

    /// <summary>A tuple local's element of array type is a local array (bound to what it is assigned), not a scalar.</summary>
    private void DeclareTupleArrayElement(string name, ITypeSymbol type)
    {
        if (type is IArrayTypeSymbol { Rank: 1, ElementType: var element } && TypeClassifier.IsFloating(element))
        {
            _arrays.Add(name);
            int i = _locals.FindIndex(l => l.Name == name);
            if (i >= 0) _locals[i] = _locals[i] with { IsArray = true, ElementType = TypeClassifier.Text(element) };
        }
    }

    private static bool IsNestedPullback(IInvocationOperation call) => GeneratedMemberOf(call, out string suffix) is not null && suffix == "Pullback";

    /// <summary>
    /// <c>FPullback(a, b, seed, ref da, db)</c> of another [Differentiable] F: the adjoint increments go into the sink and
    /// the value F(a, b) stands for the call. Null when <paramref name="call"/> is no FPullback.
    /// </summary>
    private Expr? NestedPullback(IInvocationOperation call, string type)
    {
        if (GeneratedMemberOf(call, out string suffix) is not IMethodSymbol primal || suffix != "Pullback") return null;
        NestedCall? n = PrepareNestedCall(call, primal);
        if (n is null) return new Lit(type, 0);
        var values = call.Arguments.OrderBy(a => a.Parameter?.Ordinal ?? 0).Select(a => a.Value).ToList();
        if (values.Count != n.Params.Count + 1 + n.Inputs.Count)
        {
            Unsupported(call, $"The call '{Short(call)}'", "pass the seed and one adjoint per differentiable parameter");
            return new Lit(type, 0);
        }
        Expr seed = Once(HoistCalls(LowerExpr(values[n.Params.Count]), _sink));
        for (int j = 0; j < n.Inputs.Count; j++)
        {
            IOperation adjoint = values[n.Params.Count + 1 + j];
            if (n.Inputs[j].Kind == ParamKind.Real)
            {
                if (LowerTarget(adjoint) is not Expr target) return new Lit(type, 0);
                if (NestedElement(call, primal, n, j + 1) is not Expr partial) return new Lit(type, 0);
                _sink.Add(new Assign(target, HoistCalls(E.Add(target, E.Mul(seed, partial)), _sink)));
                continue;
            }
            Expr into = ArrayArgument(adjoint);
            if (into is Lit) return new Lit(type, 0);
            string intoArray = CallStmt.ArrayOf(into);
            if (_readOnlyArrays.Contains(intoArray))
            {
                Unsupported(adjoint, $"Accumulating into the input array '{intoArray}'", "inputs are read-only here: pass a local array for the adjoint");
                return new Lit(type, 0);
            }
            var gradient = (Ref)NestedGradientArray(primal, n, j + 1);
            Expr start = into is Slice sl ? sl.Start : new Lit("int", 0);
            string et = TypeClassifier.Text(primal.ReturnType);
            Loop(new Len(gradient.Name), i =>
            {
                var element = new Elem(et, intoArray, E.Add(start, i));
                return new Assign(element, E.Add(element, E.Mul(seed, new Elem(et, gradient.Name, i))));
            }, _sink);
        }
        var valueTarget = new CallTarget(n.Receiver, primal.Name, "", n.Shapes.ToEquatable(), n.Receiver, primal.Name + "Pullback",
            n.Receiver, primal.Name + "Pushforward", Callee: CustomDerivatives.Key(primal));
        return new Call(TypeClassifier.Text(primal.ReturnType), valueTarget, n.Args.Take(n.Params.Count).ToEquatable());
    }
}
