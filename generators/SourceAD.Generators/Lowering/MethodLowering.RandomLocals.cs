using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;
using SourceAD.Generators.Helpers;
using SourceAD.Generators.IR;

namespace SourceAD.Generators.Lowering;

/// <summary>
/// A seeded <c>System.Random</c> created in the method, as Monte Carlo code with common random numbers writes it
/// (<c>var rng = new Random(42); … double u = rng.NextDouble();</c>): pathwise derivatives differentiate each path
/// with its draws held fixed. Every generated member creates the generator again from the same seed and draws in the
/// method's order, so it sees the draws the method sees and its Value is the method's, bit for bit.
/// <para>
/// Each draw is a passive value spilled into a fresh temporary by its own statement, where the method makes it: the
/// call text then appears only in forward code, which runs once per evaluation, and the reverse sweep reads the
/// temporary (recorded where it is overwritten), never calling the generator again, which would draw other numbers.
/// </para>
/// Refused with the rewrite: an unseeded <c>new Random()</c> and <c>Random.Shared</c> (their draws differ between the
/// method and its derivatives), passing the generator on, reassigning it, and other calls on it.
/// </summary>
internal sealed partial class MethodLowering
{
    private const string RandomType = "System.Random";

    private readonly Dictionary<ILocalSymbol, string> _randoms = new(SymbolEqualityComparer.Default);

    private static readonly System.Collections.Immutable.ImmutableHashSet<string> Draws = System.Collections.Immutable.ImmutableHashSet.Create("NextDouble", "NextSingle", "Next", "NextInt64");

    /// <summary>The generated name of the Random local <paramref name="op"/> names; null for anything else.</summary>
    private string? RandomLocalOf(IOperation? op) =>
        _randoms.Count > 0 && op is not null && Unwrap(op) is ILocalReferenceOperation l && _randoms.TryGetValue(l.Local, out string? name) ? name : null;

    /// <summary><c>var rng = new Random(seed);</c>; false for other locals.</summary>
    private bool TryDeclareRandomLocal(IVariableDeclaratorOperation d, IOperation? init, List<Stmt> output)
    {
        if (!IsRandom(d.Symbol.Type)) return false;
        string name = Name(d.Symbol, d.Symbol.Name);
        _randoms[d.Symbol] = name;
        if (init is null || Unwrap(init) is not IObjectCreationOperation { Arguments.Length: 1, Initializer: null } create ||
            !IsRandom(create.Type))
        {
            Unsupported(init ?? (IOperation)d, $"The Random local '{d.Symbol.Name}' without a seed", $"create it seeded where it is declared (var {d.Symbol.Name} = new Random(42);), so the derivatives draw what the method draws");
            return true;
        }
        using (Sink(output))
        {
            Expr seed = HoistCalls(LowerExpr(create.Arguments[0].Value), output);
            if (!_locals.Any(l => l.Name == name)) _locals.Add(new Model.Local(name, "global::System.Random", false, "global::System.Random"));
            output.Add(new Assign(new Ref("global::System.Random", name), new PassiveCall("global::System.Random", "new global::System.Random", EquatableArray.Of(seed))));
        }
        return true;
    }

    /// <summary>
    /// A draw (<c>rng.NextDouble()</c>, <c>rng.Next(n)</c>, …) spilled into a fresh temporary where the method makes it;
    /// other calls on the generator are refused. Null when <paramref name="op"/> is no call on a Random local.
    /// </summary>
    private Expr? LowerRandomUse(IOperation op, string type)
    {
        switch (op)
        {
            case IInvocationOperation call when RandomLocalOf(call.Instance) is string rng:
            {
                if (!Draws.Contains(call.TargetMethod.Name) || call.Arguments.Any(a => a.Value.Type?.SpecialType is not (SpecialType.System_Int32 or SpecialType.System_Int64)))
                {
                    return Refuse(op, type, $"Calling '{call.TargetMethod.Name}' on the Random local '{Short(call.Instance!)}'", "draw numbers with NextDouble, NextSingle, Next or NextInt64, and compute the rest from them");
                }
                List<Expr> args = call.Arguments.Select(a => HoistCalls(LowerExpr(a.Value), _sink)).ToList();
                string result = TypeClassifier.Text(call.Type!);
                var draw = new Ref(result, NewTemp("draw", result));
                _sink.Add(new Assign(draw, new PassiveCall(result, $"{rng}.{call.TargetMethod.Name}", args.ToEquatable())));
                return E.To(type, draw);
            }
            case IInvocationOperation call when !IsEnumerable(call.TargetMethod) && call.Arguments.FirstOrDefault(a => RandomLocalOf(a.Value) is not null) is IArgumentOperation arg:
                return Refuse(op, type, $"Passing the Random local '{Short(arg.Value)}' to '{call.TargetMethod.Name}'", "draw the numbers here and pass them to the helper");
            case ILocalReferenceOperation local when _randoms.ContainsKey(local.Local):
                return Refuse(op, type, $"Using the Random local '{local.Local.Name}' other than by drawing from it", $"draw with {local.Local.Name}.NextDouble() or {local.Local.Name}.Next(n)");
            case IInvocationOperation { Instance: { } shared } call when IsRandomShared(shared) && Draws.Contains(call.TargetMethod.Name):
            case IPropertyReferenceOperation shared2 when IsRandomShared(shared2):
                return Refuse(op, type, "Random.Shared", "create a seeded generator in the method (var rng = new Random(42);): Random.Shared draws other numbers each time the derivatives run");
            default:
                return null;
        }
    }

    private static bool IsRandomShared(IOperation op) =>
        op is IPropertyReferenceOperation { Property: { Name: "Shared", IsStatic: true } p } && IsRandom(p.ContainingType);

    /// <summary>System.Random, whatever its nullable annotation (<c>var rng = new Random(1)</c> is a <c>Random?</c>).</summary>
    private static bool IsRandom(ITypeSymbol? type) => type?.OriginalDefinition.ToDisplayString() == RandomType;

    /// <summary><c>rng.NextDouble();</c> as a statement (a draw thrown away, which still advances the generator), and <c>rng = …</c>, refused.</summary>
    private bool LowerRandomStatement(IOperation op, List<Stmt> output)
    {
        if (op is IAssignmentOperation { Target: ILocalReferenceOperation target } && _randoms.ContainsKey(target.Local))
        {
            Unsupported(op, $"Reassigning the Random local '{target.Local.Name}'", "declare one seeded generator and draw from it");
            return true;
        }
        // Random.Shared's other calls (Shuffle) keep the refusal of calls that may change an array.
        if (op is not IInvocationOperation call || RandomLocalOf(call.Instance) is null && (call.Instance is null || !IsRandomShared(call.Instance) || !Draws.Contains(call.TargetMethod.Name))) return false;
        using (Sink(output)) LowerRandomUse(op, "void");
        return true;
    }
}
