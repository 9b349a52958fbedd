using System;
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
/// Nested AD: a [Differentiable] method that calls another one's generated gradient, <c>FGradient(x, y)</c>, and uses its
/// elements (<c>.DX</c>, <c>var (v, dx, dy) = …</c>). The call is taken apart like any tuple: the element Value is a call of
/// F itself, and each gradient element ∂F/∂pⱼ is a call of a scalar function G = ∂F/∂pⱼ whose derivatives come from F's
/// generated forward-over-reverse sweep: G's pushforward along ṗ is (H·ṗ)ⱼ and its pullback with seed s adds s·H·eⱼ
/// (H is symmetric). The caller's file holds G and its two derivatives (<see cref="Emit.NestedGradientEmitter"/>), each a
/// call of FHessianVectorProduct, so reverse-over-reverse and forward-over-reverse reuse generated code, and each nesting
/// level has its own tangents and adjoints (no perturbation confusion). <c>FPushforward(p, ṗ)</c> is taken apart the same
/// way: Value is F, and Tangent the scalar function ∇F(p)·ṗ of the point and the direction, whose derivatives (H·ṗ in p,
/// ∇F in ṗ) come from the same sweep, so forward over forward and reverse over forward work too. Array elements and
/// FPullback are in MethodLowering.NestedArrayGradients.cs. The second-order members (FHessianVectorProduct, FHessian)
/// are refused inside [Differentiable] code, naming the rewrite.
/// </summary>
internal sealed partial class MethodLowering
{
    private readonly List<NestedGradient> _nested = new();

    /// <summary>
    /// The [Differentiable] method whose generated member <paramref name="call"/> calls (a stub in the generator, the
    /// generated member in the analyzer), and the member's suffix; null for any other call.
    /// </summary>
    private static IMethodSymbol? GeneratedMemberOf(IInvocationOperation call, out string suffix)
    {
        suffix = "";
        IMethodSymbol target = call.TargetMethod;
        if (target.ContainingType is null || TypeClassifier.HasAttribute(target, PolicyResolver.MethodAttribute)) return null;
        bool generated = NestedDerivativeStubs.IsStub(target) ||
                         target.DeclaringSyntaxReferences.Any(r => r.SyntaxTree.FilePath.EndsWith("Derivatives.g.cs", StringComparison.Ordinal));
        if (!generated) return null;
        foreach (string s in NestedDerivativeStubs.Suffixes)
        {
            if (target.Name.Length <= s.Length || !target.Name.EndsWith(s, StringComparison.Ordinal)) continue;
            string name = target.Name.Substring(0, target.Name.Length - s.Length);
            IMethodSymbol? primal = target.ContainingType.GetMembers(name).OfType<IMethodSymbol>().FirstOrDefault(m =>
                TypeClassifier.HasAttribute(m, PolicyResolver.MethodAttribute) && m.TypeParameters.Length == 0 &&
                m.Parameters.Length <= target.Parameters.Length &&
                m.Parameters.Select((p, i) => SymbolEqualityComparer.Default.Equals(p.Type, target.Parameters[i].Type)).All(x => x));
            if (primal is null) continue;
            suffix = s;
            return primal;
        }
        return null;
    }

    /// <summary>Refuses a generated member other than FGradient, FPushforward and FPullback (reported); true when <paramref name="call"/> is one.</summary>
    private bool RefuseGeneratedMember(IInvocationOperation call)
    {
        if (GeneratedMemberOf(call, out string suffix) is not IMethodSymbol primal || suffix is "Gradient" or "Pushforward" or "Pullback") return false;
        string rewrite = "third-order derivatives are not generated: call it outside [Differentiable] code";
        Report(DiagnosticDescriptors.NestedMemberUnsupported, call.Syntax.GetLocation(), primal.Name + suffix, rewrite);
        return true;
    }

    /// <summary><c>FGradient(…)</c> as a tuple: Value, then ∂F/∂p for each differentiable parameter p; null when refused (reported).</summary>
    private List<Expr>? NestedGradientTuple(IInvocationOperation call)
    {
        if (RefuseGeneratedMember(call) || GeneratedMemberOf(call, out _) is not IMethodSymbol primal) return null;
        NestedCall? nested = PrepareNestedCall(call, primal);
        if (nested is null) return null;
        var elements = new List<Expr>();
        for (int k = 0; k <= (nested.Tangents is null ? nested.Inputs.Count : 1); k++)
        {
            if (NestedElement(call, primal, nested, k) is not Expr e) return null;
            elements.Add(e);
        }
        return elements;
    }

    /// <summary><c>FGradient(…).DX</c> (or <c>.Value</c>, <c>.Item2</c>): that element only; null when this is no such access.</summary>
    private Expr? NestedGradientElement(IFieldReferenceOperation field)
    {
        if (field.Instance is not IInvocationOperation call || GeneratedMemberOf(call, out _) is null) return null;
        string type = TypeClassifier.Text(field.Type!);
        if (RefuseGeneratedMember(call)) return new Lit(type, 0);
        IMethodSymbol primal = GeneratedMemberOf(call, out _)!;
        var elements = ((INamedTypeSymbol)call.Type!).TupleElements;
        IFieldSymbol f = field.Field.CorrespondingTupleField ?? field.Field;
        int index = elements.Select(e => e.CorrespondingTupleField ?? e).ToList().FindIndex(e => SymbolEqualityComparer.Default.Equals(e, f));
        NestedCall? nested = index < 0 ? null : PrepareNestedCall(call, primal);
        return nested is null ? new Lit(type, 0) : NestedElement(call, primal, nested, index) ?? new Lit(type, 0);
    }

    /// <summary>
    /// The call's lowered arguments (each evaluated once) and the primal's parameters; for FPushforward, also the
    /// direction's arguments (<see cref="Tangents"/>, one per input), which follow the primal's in <see cref="Args"/>.
    /// </summary>
    private sealed record NestedCall(List<Param> Params, List<Param> Inputs, List<ParamShape> Shapes, List<Expr> Args, string Receiver, List<ParamShape>? Tangents);

    private NestedCall? PrepareNestedCall(IInvocationOperation call, IMethodSymbol primal)
    {
        if (!primal.IsStatic && (_method.IsStatic || call.Instance is not (null or IInstanceReferenceOperation)))
        {
            Unsupported(call, $"The call '{Short(call)}' of an instance method's gradient from {(_method.IsStatic ? "a static method" : "another object")}", "call the gradient of a static method or of a method of this instance");
            return null;
        }
        if (!NestedDerivativeStubs.IsStub(call.TargetMethod) && primal.ContainingType.GetMembers(primal.Name + "HessianVectorProduct").IsEmpty)
        {
            // The analyzer sees the generated members: without F's second-order sweep there is nothing to differentiate with.
            Report(DiagnosticDescriptors.NestedNeedsHessian, call.Syntax.GetLocation(), primal.Name);
            return null;
        }
        var ps = new List<Param>();
        var shapes = new List<ParamShape>();
        var args = new List<Expr>();
        var values = call.Arguments.OrderBy(a => a.Parameter?.Ordinal ?? 0).Select(a => a.Value).ToList();
        for (int i = 0; i < primal.Parameters.Length; i++)
        {
            IParameterSymbol p = primal.Parameters[i];
            Param? param = TypeClassifier.Classify(p, out string? problem, _semanticModel.Compilation);
            if (param is null || param.Edited || param.IsNested || param.InOut || param.Kind == ParamKind.RealSpanOutput)
            {
                Unsupported(call, $"The call '{Short(call)}'", problem ?? $"its parameter '{p.Name}' is not a scalar, a read-only array or span, or passive data");
                return null;
            }
            ps.Add(param);
            shapes.Add(new ParamShape(param.Name, param.Kind, param.Differentiable, p.Type is IArrayTypeSymbol));
            args.Add(param.Kind is ParamKind.RealArray or ParamKind.RealReadOnlySpan or ParamKind.PassiveArray
                ? ArrayArgument(values[i])
                : Once(HoistCalls(LowerExpr(values[i]), _sink)));
        }
        string receiver = primal.IsStatic ? TypeClassifier.Text(primal.ContainingType) : "this";
        var inputs = ps.Where(p => p.Differentiable).ToList();
        List<ParamShape>? tangents = null;
        if (call.TargetMethod.Name == primal.Name + "Pushforward")
        {
            // The direction is an input of the tangent too: ∂(∇F·ṗ)/∂ṗ = ∇F.
            tangents = new List<ParamShape>();
            if (values.Count != ps.Count + inputs.Count) return null;
            for (int j = 0; j < inputs.Count; j++)
            {
                IOperation value = values[ps.Count + j];
                bool real = inputs[j].Kind == ParamKind.Real;
                tangents.Add(new ParamShape("t" + j, real ? ParamKind.Real : ParamKind.RealReadOnlySpan, true));
                args.Add(real ? Once(HoistCalls(LowerExpr(value), _sink)) : ArrayArgument(value));
            }
        }
        if (primal.DeclaringSyntaxReferences.Length > 0) _callees.Add((primal.OriginalDefinition, AtSource(call.Syntax.GetLocation())));
        return new NestedCall(ps, inputs, shapes, args, receiver, tangents);
    }

    /// <summary>FPushforward's Tangent ∇F(p)·ṗ, a scalar function of p and ṗ (<see cref="NestedGradient.Input"/> −1).</summary>
    private Expr NestedTangent(IMethodSymbol primal, NestedCall n)
    {
        string r = TypeClassifier.Text(primal.ReturnType);
        string key = CustomDerivatives.Key(primal);
        string adapter = $"{primal.Name}PushforwardTangent_{StableHash.Of(CustomDerivatives.Key(_method) + "|" + key)}";
        string adapterReceiver = primal.IsStatic ? TypeClassifier.Text(_method.ContainingType) : "this";
        if (!_nested.Any(x => x.Adapter == adapter))
        {
            _nested.Add(new NestedGradient(adapter, n.Receiver, primal.Name, primal.IsStatic, r, n.Params.ToEquatable(), -1, key));
        }
        var shapes = n.Shapes.Concat(n.Tangents!).ToEquatable();
        var target = new CallTarget(adapterReceiver, adapter, "", shapes, adapterReceiver, adapter + "Pullback", adapterReceiver, adapter + "Pushforward");
        return new Call(r, target, n.Args.ToEquatable());
    }

    /// <summary>Element <paramref name="k"/> of the gradient tuple: 0 is the value (a call of F), k ≥ 1 is ∂F/∂(input k − 1).</summary>
    private Expr? NestedElement(IInvocationOperation call, IMethodSymbol primal, NestedCall n, int k)
    {
        string r = TypeClassifier.Text(primal.ReturnType);
        string key = CustomDerivatives.Key(primal);
        if (k == 0)
        {
            var value = new CallTarget(n.Receiver, primal.Name, "", n.Shapes.ToEquatable(), n.Receiver, primal.Name + "Pullback",
                n.Receiver, primal.Name + "Pushforward", Callee: key);
            return new Call(r, value, n.Args.Take(n.Params.Count).ToEquatable());
        }
        if (n.Tangents is not null) return NestedTangent(primal, n);
        Param input = n.Inputs[k - 1];
        if (input.Kind != ParamKind.Real) return NestedGradientArray(primal, n, k);
        string adapter = $"{primal.Name}GradientD{k}_{StableHash.Of(CustomDerivatives.Key(_method) + "|" + key)}";
        // Declared beside the caller, static exactly when F is (an instance F is this instance's, see PrepareNestedCall).
        string adapterReceiver = primal.IsStatic ? TypeClassifier.Text(_method.ContainingType) : "this";
        if (!_nested.Any(x => x.Adapter == adapter))
        {
            _nested.Add(new NestedGradient(adapter, n.Receiver, primal.Name, primal.IsStatic, r, n.Params.ToEquatable(), k - 1, key));
        }
        var target = new CallTarget(adapterReceiver, adapter, "", n.Shapes.ToEquatable(), adapterReceiver, adapter + "Pullback",
            adapterReceiver, adapter + "Pushforward");
        return new Call(r, target, n.Args.ToEquatable());
    }
}
