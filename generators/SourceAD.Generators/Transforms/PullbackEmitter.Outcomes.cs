using System.Collections.Generic;
using System.Linq;
using SourceAD.Generators.Analyses;
using SourceAD.Generators.IR;
using SourceAD.Generators.Printing;

namespace SourceAD.Generators.Transforms;

/// <summary>
/// Recorded outcomes (ToBeRecorded.Outcomes.cs): the forward sweep evaluates a statement's selector conditions before
/// the statement overwrites what they compare, one bit each in a byte; the reverse sweep tests the bits where the
/// derivative rule compared the values.
/// </summary>
internal sealed partial class PullbackEmitter
{
    /// <summary>The element type of the outcomes' tape: one byte holds up to eight conditions.</summary>
    private const string OutcomeType = "byte";

    private readonly Dictionary<Stmt, string> _outcomeNames = new(ReferenceComparer.Instance);

    private void RecordOutcome(Assign a, IReadOnlyList<Expr> conditions, int depth, CodeWriter w)
    {
        string name = _c.Fresh("outcome");
        _outcomeNames[a] = name;
        string bits = string.Join(" | ", conditions.Select((c, i) => $"({_c.Print(c)} ? {1 << i} : 0)"));
        string value = $"({OutcomeType})({bits})";
        string why = $"record the outcome of the choices in {Target(a)}'s derivative: they compare the value it overwrites";
        if (depth == 0)
        {
            Hoist(OutcomeType, name, "0");
            w.Line("// " + why);
            w.Line($"{name} = {value};");
            return;
        }
        w.Line("// " + why);
        w.Line($"{OutcomeType} {name} = {value};");
        Planned(OutcomeType, null, why);
        w.Line(LineKind.Push, $"{Tape(OutcomeType)}.Push({name});");
    }

    /// <summary>The outcome back (popped inside loops): each condition mapped to a test of its bit.</summary>
    private Dictionary<Expr, Expr> PopOutcome(Assign a, IReadOnlyList<Expr> conditions, int depth, CodeWriter w)
    {
        string name = _outcomeNames[a];
        if (depth > 0) w.Line(LineKind.Pop, $"{OutcomeType} {name} = {Tape(OutcomeType)}.Pop();");
        var bits = new Dictionary<Expr, Expr>();
        for (int i = 0; i < conditions.Count; i++) bits[conditions[i]] = new Opaque(IrType.Bool, $"(({name} & {1 << i}) != 0)");
        return bits;
    }

    private static string Target(Assign a) => a.Target is Ref r ? r.Name : "the target";
}
