using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;
using SourceAD.Generators.Helpers;
using SourceAD.Generators.IR;

namespace SourceAD.Generators.Lowering;

/// <summary>
/// switch statements, switch expressions and <c>is</c> patterns, lowered to if/else chains and ?: over plain
/// comparisons. The subject is evaluated once. Patterns: constants (NaN by <c>IsNaN</c>), relational (<c>&lt; -1</c>),
/// <c>and</c>/<c>or</c>/<c>not</c>, discards, and <c>var x</c> or same-type declarations (a copy of the subject);
/// <c>when</c> guards are evaluated only when their pattern matched, as in C#.
/// </summary>
internal sealed partial class MethodLowering
{
    /// <summary>Exit labels of the switch statements being lowered: a <c>break</c> to one ends its section.</summary>
    private readonly HashSet<ILabelSymbol> _switchExits = new(SymbolEqualityComparer.Default);

    private void LowerSwitch(ISwitchOperation sw, List<Stmt> output)
    {
        var (subject, parts) = PatternSubject(sw.Value, output);
        ITypeSymbol subjectType = sw.Value.Type!;
        _switchExits.Add(sw.ExitLabel);

        // Sections in order, the default section last (C# tries it only when no other label matches).
        var sections = sw.Cases.Where(c => !c.Clauses.Any(cl => cl is IDefaultCaseClauseOperation)).ToList();
        ISwitchCaseOperation? fallback = sw.Cases.FirstOrDefault(c => c.Clauses.Any(cl => cl is IDefaultCaseClauseOperation));
        var chain = new List<Stmt>();
        if (fallback is not null) chain.AddRange(SectionBody(fallback, sw, new List<ISwitchCaseOperation>()));
        for (int i = sections.Count - 1; i >= 0; i--)
        {
            var pre = new List<Stmt>();
            Expr? test = null;
            using (Sink(pre))
            {
                foreach (ICaseClauseOperation clause in sections[i].Clauses)
                {
                    Expr c = ClauseCondition(clause, subject, subjectType, parts);
                    test = test is null ? c : OrElse(test, c);
                }
            }
            var stmt = new If(test ?? new Lit("bool", 0), SectionBody(sections[i], sw, new List<ISwitchCaseOperation>()).ToEquatable(), chain.ToEquatable());
            chain = pre;
            chain.Add(stmt);
        }
        output.AddRange(chain);
        _switchExits.Remove(sw.ExitLabel);
    }

    /// <summary>
    /// A section's statements without its closing <c>break</c>. A closing <c>goto case c;</c> or <c>goto default;</c>
    /// runs the target section next and leaves the switch as that section does, so the target's body follows here
    /// (lowered again: each copy is its own statements). <paramref name="running"/> holds the sections whose closing
    /// goto led here: a goto back to one of them is a loop, refused with the rewrite. A goto elsewhere in a section
    /// stays refused as any goto is.
    /// </summary>
    private List<Stmt> SectionBody(ISwitchCaseOperation section, ISwitchOperation sw, List<ISwitchCaseOperation> running)
    {
        var body = new List<Stmt>();
        var ops = section.Body.ToList();
        // case "+": { double r = Pop(), l = Pop(); Push(l + r); break; }: braces that scope the section's locals, the
        // break or goto that ends the block ending the section. Locals are lowered by symbol, so the block's statements
        // are the section's.
        while (ops.Count > 0 && ops[ops.Count - 1] is IBlockOperation { Operations.Length: > 0 } block &&
               block.Operations[block.Operations.Length - 1] is IBranchOperation { BranchKind: BranchKind.Break or BranchKind.GoTo } end &&
               (end.BranchKind == BranchKind.GoTo || SymbolEqualityComparer.Default.Equals(end.Target, sw.ExitLabel)))
        {
            ops.RemoveAt(ops.Count - 1);
            ops.AddRange(block.Operations);
        }
        if (ops.Count > 0 && ops[ops.Count - 1] is IBranchOperation { BranchKind: BranchKind.Break } br && SymbolEqualityComparer.Default.Equals(br.Target, sw.ExitLabel))
        {
            ops.RemoveAt(ops.Count - 1);
        }
        ISwitchCaseOperation? next = null;
        IOperation? jump = ops.Count > 0 ? ops[ops.Count - 1] : null;
        if (jump is IBranchOperation { BranchKind: BranchKind.GoTo } gotoCase &&
            sw.Cases.FirstOrDefault(c => c.Clauses.Any(cl => SymbolEqualityComparer.Default.Equals(cl.Label, gotoCase.Target))) is ISwitchCaseOperation target)
        {
            ops.RemoveAt(ops.Count - 1);
            next = target;
        }
        foreach (IOperation op in ops) LowerStatement(op, body);
        if (next is null) return body;
        if (next == section || running.Contains(next))
        {
            Unsupported(jump!, $"The '{Short(jump!)}' back to a section already run", "write the repetition as a loop around the switch");
            return body;
        }
        running.Add(section);
        body.AddRange(SectionBody(next, sw, running));
        running.Remove(section);
        return body;
    }

    private Expr ClauseCondition(ICaseClauseOperation clause, Expr subject, ITypeSymbol subjectType, List<Expr>? parts)
    {
        switch (clause)
        {
            case ISingleValueCaseClauseOperation single when parts is null:
                return Equal(subject, LowerExpr(single.Value));
            case ISingleValueCaseClauseOperation { Value.ConstantValue.HasValue: true } single when parts is { Count: 2 } && IsNullableValue(subjectType):
            {
                // case null: and case 1.5: on a nullable local's (has value, value) pair.
                object? constant = single.Value.ConstantValue.Value;
                if (constant is null) return Not(parts[0]);
                return And(parts[0], Equal(parts[1], new Lit(parts[1].Type, System.Convert.ToDouble(constant, System.Globalization.CultureInfo.InvariantCulture))));
            }
            case IPatternCaseClauseOperation pattern:
            {
                Expr test = PatternCondition(pattern.Pattern, subject, subjectType, parts);
                return pattern.Guard is null ? test : AndAlso(test, pattern.Guard);
            }
            default:
                Unsupported(clause, $"The case label '{Short(clause)}'", "use constant, relational, and/or/not or discard patterns");
                return new Lit("bool", 0);
        }
    }

    /// <summary><c>subject switch { … }</c>: a ?: chain, or an if/else chain into a temporary when an arm needs statements.</summary>
    /// <summary>A switch expression arm's test (its pattern, then its guard) and the statements the test needs first.</summary>
    private (List<Stmt> Pre, Expr Test) ArmTest(ISwitchExpressionArmOperation arm, Expr subject, ITypeSymbol subjectType, List<Expr>? parts)
    {
        var pre = new List<Stmt>();
        Expr test;
        using (Sink(pre))
        {
            test = PatternCondition(arm.Pattern, subject, subjectType, parts);
            if (arm.Guard is not null) test = AndAlso(test, arm.Guard);
        }
        return (pre, test);
    }

    private Expr LowerSwitchExpression(ISwitchExpressionOperation sw, string type)
    {
        var (subject, parts) = PatternSubject(sw.Value, _sink);
        ITypeSymbol subjectType = sw.Value.Type!;
        var arms = new List<(List<Stmt> Pre, Expr Test, List<Stmt> ValuePre, Expr Value)>();
        foreach (ISwitchExpressionArmOperation arm in sw.Arms)
        {
            var (pre, test) = ArmTest(arm, subject, subjectType, parts);
            var valuePre = new List<Stmt>();
            Expr value = E.To(type, HoistCalls(LowerInto(arm.Value, valuePre), valuePre));
            arms.Add((pre, test, valuePre, value));
        }
        if (arms.All(a => a.Pre.Count == 0 && a.ValuePre.Count == 0))
        {
            Expr result = new Opaque(type, NoArmMatched);
            for (int i = arms.Count - 1; i >= 0; i--)
            {
                result = E.IsLit(arms[i].Test, 1) ? arms[i].Value : new Cond(type, arms[i].Test, arms[i].Value, result);
            }
            return result;
        }
        string tmp = NewTemp("arm", type);
        _sink.AddRange(ArmChain(arms.Select(a =>
        {
            var then = new List<Stmt>(a.ValuePre);
            if (!EndsInThrow(then)) then.Add(new Assign(new Ref(type, tmp), a.Value));
            return (a.Pre, a.Test, then);
        }).ToList()));
        return new Ref(type, tmp);
    }

    /// <summary>What a switch expression does when no arm matches, as C# does.</summary>
    private const string NoArmMatched = "throw new global::System.Runtime.CompilerServices.SwitchExpressionException()";

    /// <summary>
    /// A switch expression's arms as an if/else chain: each arm's test statements, then its test choosing its body or
    /// the rest of the chain; no arm matching throws.
    /// </summary>
    private static List<Stmt> ArmChain(List<(List<Stmt> Pre, Expr Test, List<Stmt> Body)> arms)
    {
        var chain = new List<Stmt> { new ThrowStmt(NoArmMatched + ";") };
        for (int i = arms.Count - 1; i >= 0; i--)
        {
            var next = new List<Stmt>(arms[i].Pre);
            // An arm that always matches ends the chain: the arms after it are unreachable.
            if (E.IsLit(arms[i].Test, 1)) next.AddRange(arms[i].Body);
            else next.Add(new If(arms[i].Test, arms[i].Body.ToEquatable(), chain.ToEquatable()));
            chain = next;
        }
        return chain;
    }

    /// <summary><c>value is pattern</c>.</summary>
    private Expr LowerIsPattern(IIsPatternOperation isPattern)
    {
        var (subject, parts) = PatternSubject(isPattern.Value, _sink);
        return PatternCondition(isPattern.Pattern, subject, isPattern.Value.Type!, parts);
    }

    /// <summary>
    /// The condition under which <paramref name="pattern"/> matches <paramref name="subject"/>; declarations copy the
    /// subject. A tuple or struct subject comes as its <paramref name="parts"/> (elements or leaves), matched by positional
    /// and property patterns (MethodLowering.RecursivePatterns.cs).
    /// </summary>
    private Expr PatternCondition(IPatternOperation pattern, Expr subject, ITypeSymbol subjectType, List<Expr>? parts = null)
    {
        switch (pattern)
        {
            case IPatternOperation when parts is not null && IsNullableValue(subjectType):
                // A nullable local's (has value, value) pair (MethodLowering.NullableLocals.cs).
                return parts.Count == 2 ? NullablePatternCondition(pattern, parts[0], parts[1], subjectType) : new Lit("bool", 0);
            case IRecursivePatternOperation recursive:
                return RecursivePatternCondition(recursive, subject, subjectType, parts);
            case IBinaryPatternOperation or INegatedPatternOperation or IDiscardPatternOperation:
                break;
            case IDeclarationPatternOperation or ITypePatternOperation when parts is not null:
                return CompositeDeclaration(pattern, subjectType, parts);
            case IPatternOperation when parts is not null:
                Unsupported(pattern, $"The pattern '{Short(pattern)}' on a tuple or struct", "match its elements or members with positional (> 0, _) or property { X: > 0 } patterns");
                return new Lit("bool", 0);
        }
        switch (pattern)
        {
            case IConstantPatternOperation constant:
            {
                Expr value = LowerExpr(constant.Value);
                return Equal(subject, value);
            }
            case IRelationalPatternOperation relational when OperatorKinds.Binary(relational.OperatorKind) is BinaryOp op:
                return new Bin("bool", op, subject, E.To(subject.Type, LowerExpr(relational.Value)));
            case IBinaryPatternOperation binary:
            {
                Expr left = PatternCondition(binary.LeftPattern, subject, subjectType, parts);
                Expr right = PatternCondition(binary.RightPattern, subject, subjectType, parts);
                return binary.OperatorKind == BinaryOperatorKind.Or ? OrElse(left, right) : new Bin("bool", BinaryOp.ConditionalAnd, left, right);
            }
            case INegatedPatternOperation negated:
                return new Un("bool", UnaryOp.Not, PatternCondition(negated.Pattern, subject, subjectType, parts));
            case IDiscardPatternOperation:
                return new Lit("bool", 1);
            case IDeclarationPatternOperation declaration when declaration.MatchesNull ||
                                                                 SymbolEqualityComparer.Default.Equals(declaration.MatchedType, subjectType):
                if (declaration.DeclaredSymbol is ILocalSymbol local)
                {
                    _sink.Add(new Assign(new Ref(subject.Type, DeclareLocal(local)), subject));
                }
                return new Lit("bool", 1);
            case ITypePatternOperation type when SymbolEqualityComparer.Default.Equals(type.MatchedType, subjectType):
                return new Lit("bool", 1);
            default:
                Unsupported(pattern, $"The pattern '{Short(pattern)}'", "use constant, relational (< 0), and/or/not, discard or var patterns on numbers and enums");
                return new Lit("bool", 0);
        }
    }

    /// <summary>C#'s constant pattern: <c>==</c>, except that a NaN constant matches NaN.</summary>
    private static Expr Equal(Expr subject, Expr value)
    {
        if (value is Lit l && double.IsNaN(l.Value)) return new PassiveCall("bool", subject.Type.Name + ".IsNaN", EquatableArray.Of(subject));
        // Constants take the subject's numeric type (an enum's constants arrive as its named members).
        return new Bin("bool", BinaryOp.Equal, subject, value is Lit lit && (!subject.Type.IsQualifiedName || subject.Type.Kind == IrTypeKind.Half) ? new Lit(subject.Type, lit.Value) : value);
    }

    private static Expr OrElse(Expr a, Expr b) => E.IsLit(a, 1) || E.IsLit(b, 1) ? new Lit("bool", 1) : new Bin("bool", BinaryOp.ConditionalOr, a, b);

    /// <summary><c>test &amp;&amp; guard</c>, the guard's statements (calls, effects) running only when the test holds.</summary>
    private Expr AndAlso(Expr test, IOperation guard)
    {
        var pre = new List<Stmt>();
        Expr g = HoistCalls(LowerInto(guard, pre), pre);
        if (pre.Count == 0) return E.IsLit(test, 1) ? g : new Bin("bool", BinaryOp.ConditionalAnd, test, g);
        string tmp = NewTemp("matched", "bool");
        var t = new Ref("bool", tmp);
        _sink.Add(new Assign(t, test));
        pre.Add(new Assign(t, g));
        _sink.Add(new If(t, pre.ToEquatable(), EquatableArray<Stmt>.Empty));
        return t;
    }
}
