using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;
using SourceAD.Generators.Helpers;
using SourceAD.Generators.IR;

namespace SourceAD.Generators.Lowering;

/// <summary>
/// Tuple-valued switch expressions and <c>?:</c> (<c>(a, b) = mode switch { 0 =&gt; (x, y), _ =&gt; (y, x) }</c>,
/// <c>var t = c ? (p, q) : Pair(r);</c>): one fresh local per element, and the if/else chain a switch statement lowers
/// to, each arm computing its tuple's elements and storing them in those locals. The choice then stands for the locals,
/// which the tuple lowering (MethodLowering.Tuples.cs) takes like a tuple local's elements. Because the locals are fresh,
/// every element of the chosen arm is computed before any target of the enclosing assignment is written, as C# does
/// (<c>(a, b) = c switch { _ =&gt; (b, a) }</c> swaps), and each element is the same operations on the same values as the
/// user's, so the value stays bit for bit. An arm that throws throws; no arm matching throws SwitchExpressionException.
/// </summary>
internal sealed partial class MethodLowering
{
    /// <summary><c>subject switch { pattern =&gt; (a, b), … }</c> of tuple type: its elements, or null when reported.</summary>
    private List<Expr>? LowerTupleSwitch(ISwitchExpressionOperation sw)
    {
        if (TupleChoiceTemps(sw) is not (string[] temps, string[] types)) return null;
        var (subject, parts) = PatternSubject(sw.Value, _sink);
        ITypeSymbol subjectType = sw.Value.Type!;
        var arms = new List<(List<Stmt> Pre, Expr Test, List<Stmt> Body)>();
        foreach (ISwitchExpressionArmOperation arm in sw.Arms)
        {
            var (pre, test) = ArmTest(arm, subject, subjectType, parts);
            if (TupleArm(arm.Value, temps, types) is not List<Stmt> body) return null;
            arms.Add((pre, test, body));
        }
        _sink.AddRange(ArmChain(arms));
        return temps.Select((t, i) => (Expr)new Ref(types[i], t)).ToList();
    }

    /// <summary><c>c ? (a, b) : (b, a)</c> of tuple type: only the branch taken is evaluated.</summary>
    private List<Expr>? LowerTupleConditional(IConditionalOperation cond)
    {
        if (TupleChoiceTemps(cond) is not (string[] temps, string[] types)) return null;
        Expr c = LowerCondition(cond.Condition);
        if (TupleArm(cond.WhenTrue, temps, types) is not List<Stmt> then || TupleArm(cond.WhenFalse!, temps, types) is not List<Stmt> otherwise) return null;
        _sink.Add(new If(c, then.ToEquatable(), otherwise.ToEquatable()));
        return temps.Select((t, i) => (Expr)new Ref(types[i], t)).ToList();
    }

    /// <summary>The fresh locals a tuple-valued choice stores its elements in, and their types; null (reported) unless every element is a number or bool.</summary>
    private (string[] Temps, string[] Types)? TupleChoiceTemps(IOperation choice)
    {
        var elements = ((INamedTypeSymbol)choice.Type!).TupleElements;
        if (elements.Any(e => IsTuple(e.Type) || !IsScalar(e.Type)))
        {
            Unsupported(choice, $"The choice of a '{choice.Type!.ToDisplayString()}'", "choose tuples of numbers or bools (no nested tuples, arrays or structs), or assign each element in an if/else or switch statement");
            return null;
        }
        string[] types = elements.Select(e => TypeClassifier.Text(e.Type)).ToArray();
        string[] temps = types.Select(t => NewTemp("chosen", t)).ToArray();
        return (temps, types);
    }

    /// <summary>
    /// One arm of a tuple-valued choice: its statements, then its elements stored in <paramref name="temps"/>; a throw
    /// expression is the throw alone. Null when the arm's tuple was reported.
    /// </summary>
    private List<Stmt>? TupleArm(IOperation value, string[] temps, string[] types)
    {
        var body = new List<Stmt>();
        if (Unwrap(value) is IThrowOperation thrown)
        {
            body.Add(ThrowStatement(thrown));
            return body;
        }
        List<Expr>? values;
        using (Sink(body)) values = LowerTuple(value);
        if (values is null) return null;
        if (values.Count != temps.Length)
        {
            Unsupported(value, $"The arm '{Short(value)}'", "give every arm a tuple of the choice's elements");
            return null;
        }
        // The locals are fresh, so no element reads one: each can be stored as soon as it is computed.
        for (int i = 0; i < values.Count; i++)
        {
            body.Add(new Assign(new Ref(types[i], temps[i]), E.To(types[i], HoistCalls(values[i], body))));
        }
        return body;
    }

    /// <summary><c>(c ? p : q).X</c>, <c>(m switch { … }).Item2</c>: the choice lowered whole (every arm's statements run as C# runs them), and the one element read.</summary>
    private Expr? TupleChoiceElement(IFieldReferenceOperation field)
    {
        // Not a ref ?: (`(c ? ref p : ref q).X = v` writes the local chosen, not a copy).
        if (field.Instance is null || Unwrap(field.Instance) is not (ISwitchExpressionOperation or IConditionalOperation { WhenFalse: not null, IsRef: false }) || !IsTuple(field.Instance.Type)) return null;
        var elements = ((INamedTypeSymbol)field.Instance.Type!).TupleElements;
        IFieldSymbol f = field.Field.CorrespondingTupleField ?? field.Field;
        int index = elements.Select(e => e.CorrespondingTupleField ?? e).ToList().FindIndex(e => SymbolEqualityComparer.Default.Equals(e, f));
        if (index < 0) return null;
        List<Expr>? values = LowerTuple(field.Instance);
        return values?[index] ?? new Lit(TypeClassifier.Text(field.Type!), 0);
    }
}
