using System.Linq;
using SourceAD.Generators.Analyses;
using SourceAD.Generators.Model;
using SourceAD.Generators.Primitives;

namespace SourceAD.Generators.Transforms;

/// <summary>
/// What both tensor modes (<see cref="TensorPullback"/>, <see cref="TensorPushforward"/>) print for a statement: its
/// arguments, its primal call, its label, the non-finite check after it, and the context an op's rules are printed in.
/// One per derivative body, over that body's <see cref="TensorActivity"/>.
/// </summary>
internal sealed class TensorContext
{
    /// <summary>The tensor type as generated code names it.</summary>
    public const string Tensor = "global::SourceAD.Tensors.Tensor";

    /// <param name="activity">The body's activity.</param>
    /// <param name="update">The bool expression passed as <c>updateStatistics</c> to primal calls: <c>true</c>, or the
    /// body's own parameter where a caller may run it again in its reverse sweep.</param>
    public TensorContext(TensorActivity activity, string update)
    {
        Activity = activity;
        Update = update;
    }

    /// <summary>The body's activity.</summary>
    public TensorActivity Activity { get; }

    /// <summary>The program.</summary>
    public TensorModel Model => Activity.Model;

    /// <summary>What primal calls pass as <c>updateStatistics</c>.</summary>
    public string Update { get; }

    /// <summary>An argument as the generated code reads it: <c>this.W</c>, <c>h!</c>, or its text.</summary>
    public static string Print(TensorArg a) => a.Kind switch
    {
        TensorArgKind.Parameter or TensorArgKind.ParameterElement or TensorArgKind.ParameterArray => "this." + a.Text,
        TensorArgKind.Local => a.Text + "!",
        _ => a.Text,
    };

    /// <summary>The statement's primal call: the op (or its table's primal text), or the callee's generated Value.</summary>
    public string PrimalCall(TensorStmt s)
    {
        if (s.Call is { } call)
        {
            // The callee's generated Value: frees its intermediates, and leaves batch-norm statistics alone when asked.
            return $"{call.Receiver}.{s.Op}Value({string.Join(", ", s.Args.Select(a => $"{a.Param}: {Print(a)}"))}, updateStatistics: {Update})";
        }
        TensorOp row = TensorOpTable.Rows[s.Op];
        return row.Primal is { } primal
            ? primal(OpContext(s, "", "", _ => null))
            : $"{TensorOp.Ops}.{s.Op}({string.Join(", ", s.Args.Select(a => $"{a.Param}: {Print(a)}"))})";
    }

    /// <summary>The statement's name in comments and non-finite checks.</summary>
    public static string Label(TensorStmt s) => s.Call is not null ? s.Op : s.Op switch
    {
        TensorOpTable.AliasOp => "Alias",
        TensorOpTable.ConstantOp => "Constant",
        _ => "Ops." + s.Op,
    };

    /// <summary>The check that <paramref name="result"/>, just computed by <paramref name="op"/>, is finite.</summary>
    public string Check(string op, string result) =>
        $"global::SourceAD.Tensors.NonFiniteCheck.After(\"{op}\", \"{Model.ContainingTypes[Model.ContainingTypes.Count - 1].Name}.{Model.Name}\", {result.TrimEnd('!')}!);";

    /// <summary>The context an op's rules print in: its printed arguments, output, adjoint, tangents and activity.</summary>
    public TensorOpContext OpContext(TensorStmt s, string output, string adjoint, System.Func<TensorArg, string?> tangent)
    {
        var args = s.Args.ToDictionary(a => a.Param, Print);
        var byPrinted = s.Args.GroupBy(Print).ToDictionary(g => g.Key, g => g.First());
        var tensorParams = s.Args.Where(a => a.Kind != TensorArgKind.Passive).Select(a => a.Param).ToList();
        return new TensorOpContext(args, tensorParams, output, adjoint,
            printed => byPrinted.TryGetValue(printed, out TensorArg? a) ? tangent(a) : null,
            printed => byPrinted.TryGetValue(printed, out TensorArg? a) && (a.Kind == TensorArgKind.Local ? Activity.HasAdjoint(a.Text) : Activity.Varied(a)),
            "policy", Update);
    }
}
