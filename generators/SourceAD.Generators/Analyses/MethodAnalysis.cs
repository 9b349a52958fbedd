using System.Linq;
using SourceAD.Generators.IR;
using SourceAD.Generators.Model;

namespace SourceAD.Generators.Analyses;

/// <summary>
/// The analyses of one method that the later ones and the transforms share: its variable facts and activity, computed
/// once (the transforms' DerivativeContext holds this, so both read the same instances).
/// </summary>
internal sealed class MethodAnalysis
{
    public MethodAnalysis(MethodModel model)
    {
        Model = model;
        Facts = new VariableFacts(model);
        Activity = new Activity(Facts);
    }

    /// <summary>The method.</summary>
    public MethodModel Model { get; }

    /// <summary>Which variables are written where, which are arrays, loop variables, ….</summary>
    public VariableFacts Facts { get; }

    /// <summary>Which variables and expressions are active (varied and useful).</summary>
    public Activity Activity { get; }

    /// <summary>The method's nonsmooth policy.</summary>
    public PolicyModel Policy => Model.Policy;

    /// <summary>
    /// The scalar right-hand side's output may be read back from its target (exp, sqrt, tanh rules reuse it) when the
    /// target is a scalar defined exactly once outside loops and not read by its own right-hand side.
    /// </summary>
    public Expr? KnownOutput(Assign a) =>
        a.Target is Ref r && !Facts.MayOverwrite(r.Name) && !Ir.Reads(a.Value).Contains(r.Name) ? r : null;
}
