using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;
using SourceAD.Generators.Helpers;
using SourceAD.Generators.IR;
using SourceAD.Generators.Model;

namespace SourceAD.Generators.Lowering;

/// <summary>
/// Calls of helpers without [Differentiable] whose source is in this compilation (<see cref="ImplicitHelpers"/>). The
/// call is lowered like a call of a [Differentiable] method, marked <see cref="CallTarget.Implicit"/>; once the body is
/// lowered and calls on constants are plain calls again, each helper still called is lowered in turn. A helper that
/// cannot be differentiated leaves its calls as calls without a derivative (a [DerivativeOf] method may still cover
/// them), and its reason is kept for the analyzer's SRCAD0041 at the call.
/// </summary>
internal sealed partial class MethodLowering
{
    private readonly ImplicitHelpers _implicitHelpers;
    private readonly List<(IMethodSymbol Helper, string Key, Location Location, string Display)> _implicitCalls = new();
    private readonly List<(string Key, Location Location, string Display)> _helperUnresolved = new();
    private readonly Dictionary<string, string> _helperProblems = new();

    private Call ImplicitCall(IInvocationOperation call, string type, CallTarget target, List<Expr> args)
    {
        IMethodSymbol helper = call.TargetMethod.OriginalDefinition;
        string key = CustomDerivatives.Key(helper);
        _implicitCalls.Add((helper, key, AtSource(call.Syntax.GetLocation()), helper.ContainingType!.Name + "." + helper.Name));
        return new Call(type, target with { PullbackReceiver = key, Implicit = true }, args.ToEquatable());
    }

    /// <summary>Lowers the helpers the model still calls with active arguments; those that fail become plain unresolved calls.</summary>
    private MethodModel LowerImplicitCallees(MethodModel model)
    {
        var needed = new HashSet<string>(Ir.AllExpressions(model.Body).OfType<Call>().Where(c => c.Target.Implicit).Select(c => c.Target.PullbackReceiver));
        var failed = new HashSet<string>();
        foreach (var call in _implicitCalls)
        {
            if (!needed.Contains(call.Key)) continue;
            ImplicitHelpers.Outcome outcome = _implicitHelpers.Get(call.Helper, _semanticModel.Compilation, _ct);
            if (outcome.Problem is string problem)
            {
                failed.Add(call.Key);
                _helperProblems[call.Key] = problem;
                _unresolved.Add((call.Key, call.Location, call.Display));
                continue;
            }
            // What the helper's derivatives need, reported at the call: the analyzer checks it as for this method's own calls.
            foreach (IMethodSymbol callee in outcome.Callees) _callees.Add((callee, call.Location));
            foreach (var (key, display) in outcome.Unresolved) _helperUnresolved.Add((key, call.Location, display + "' in the helper '" + call.Display));
        }
        if (failed.Count == 0) return model;
        return model with
        {
            Body = Ir.Rewrite(model.Body, e => e is Call { Target.Implicit: true } c && failed.Contains(c.Target.PullbackReceiver)
                ? c with { Target = c.Target with { Implicit = false } }
                : e),
        };
    }
}
