using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;
using SourceAD.Generators.IR;
using SourceAD.Generators.Model;

namespace SourceAD.Generators.Lowering;

/// <summary>
/// Positional and property patterns (<c>(error &gt; 0, rate &gt; 0) switch { (true, _) =&gt; … }</c>,
/// <c>s is { Level: &gt; 0.5 }</c>, <c>p switch { (0, var y) =&gt; … }</c>) on tuples and on structs and records. The subject
/// is taken apart once into its parts (a tuple's elements, an aggregate's leaves, each evaluated once, left to right), and
/// the pattern becomes the conjunction of its subpatterns' conditions on those parts, so the derivative flows through the
/// arm that is selected, as for patterns on numbers. Computed properties and user-written <c>Deconstruct</c> methods are
/// refused with the rewrite (they would need the getter inlined inside a condition).
/// </summary>
internal sealed partial class MethodLowering
{
    /// <summary>The subject of a switch or <c>is</c>: one scalar, or the parts of a tuple or aggregate (then the scalar is unused).</summary>
    private (Expr Subject, List<Expr>? Parts) PatternSubject(IOperation value, List<Stmt> output)
    {
        if (_nullableLocals.Count > 0 && NullableFloating(value.Type) is not null)
        {
            (Expr Has, Expr Value)? pair;
            using (Sink(output)) pair = LowerNullable(value);
            if (pair is null) return (new Lit("bool", 0), new List<Expr>());
            using (Sink(output)) return (new Lit("bool", 0), new List<Expr> { Once(HoistCalls(pair.Value.Has, output)), Once(HoistCalls(pair.Value.Value, output)) });
        }
        if (IsTuple(value.Type) || IsAggregate(value.Type))
        {
            List<Expr>? parts;
            using (Sink(output)) parts = IsTuple(value.Type) ? LowerTuple(value) : LowerAggregate(value);
            if (parts is null) return (new Lit("bool", 0), new List<Expr>());
            using (Sink(output)) return (new Lit("bool", 0), parts.Select(p => Once(HoistCalls(p, output))).ToList());
        }
        return (Once(HoistCalls(LowerExpr(value), output)), null);
    }

    private Expr RecursivePatternCondition(IRecursivePatternOperation pattern, Expr subject, ITypeSymbol subjectType, List<Expr>? parts)
    {
        ITypeSymbol input = pattern.InputType;
        if (pattern.MatchedType is ITypeSymbol matched && !SymbolEqualityComparer.Default.Equals(matched, subjectType) &&
            !SymbolEqualityComparer.Default.Equals(matched, input))
        {
            Unsupported(pattern, $"The type test in '{Short(pattern)}'", "match the subject's own type");
            return new Lit("bool", 0);
        }
        if (parts is null)
        {
            // x is { } on a number: always true; anything else needs a tuple or struct subject.
            if (pattern.DeconstructionSubpatterns.IsEmpty && pattern.PropertySubpatterns.IsEmpty && subjectType.IsValueType && subjectType.OriginalDefinition.SpecialType != SpecialType.System_Nullable_T)
            {
                if (pattern.DeclaredSymbol is ILocalSymbol local) _sink.Add(new Assign(new Ref(subject.Type, DeclareLocal(local)), subject));
                return new Lit("bool", 1);
            }
            Unsupported(pattern, $"The pattern '{Short(pattern)}'", "positional and property patterns match tuples and structs of numbers; compare the value itself");
            return new Lit("bool", 0);
        }
        Expr test = new Lit("bool", 1);
        if (pattern.DeclaredSymbol is ISymbol declared) CompositeAssign(declared, subjectType, parts, pattern);
        if (!pattern.DeconstructionSubpatterns.IsEmpty)
        {
            List<(List<Expr> Parts, ITypeSymbol Type)>? positions = Positions(pattern, subjectType, parts);
            if (positions is null) return new Lit("bool", 0);
            for (int i = 0; i < positions.Count; i++)
            {
                test = And(test, SubCondition(pattern.DeconstructionSubpatterns[i], positions[i].Parts, positions[i].Type));
            }
        }
        foreach (IPropertySubpatternOperation property in pattern.PropertySubpatterns)
        {
            var member = MemberParts(property.Member, subjectType, parts);
            if (member is null) return new Lit("bool", 0);
            test = And(test, SubCondition(property.Pattern, member.Value.Parts, member.Value.Type));
        }
        return test;
    }

    private static Expr And(Expr a, Expr b) =>
        E.IsLit(a, 1) ? b : E.IsLit(b, 1) ? a : E.IsLit(a, 0) || E.IsLit(b, 0) ? new Lit("bool", 0) : new Bin("bool", BinaryOp.ConditionalAnd, a, b);

    /// <summary>A subpattern on one part: a scalar leaf or element, or the leaves of a nested struct.</summary>
    private Expr SubCondition(IPatternOperation pattern, List<Expr> parts, ITypeSymbol type) =>
        IsTuple(type) || IsAggregate(type) ? PatternCondition(pattern, new Lit("bool", 0), type, parts) :
        parts.Count == 1 ? PatternCondition(pattern, parts[0], type) : new Lit("bool", 0); // no parts: the subject was refused

    /// <summary>The parts each positional subpattern matches: a tuple's elements, or a positional record's Deconstruct members.</summary>
    private List<(List<Expr> Parts, ITypeSymbol Type)>? Positions(IRecursivePatternOperation pattern, ITypeSymbol subjectType, List<Expr> parts)
    {
        if (IsTuple(subjectType))
        {
            var elements = ((INamedTypeSymbol)subjectType).TupleElements;
            if (parts.Count == 0) return null; // the subject was refused already
            if (elements.Length != pattern.DeconstructionSubpatterns.Length || elements.Length != parts.Count)
            {
                Unsupported(pattern, $"The positional pattern '{Short(pattern)}'", "match each element of a tuple of numbers");
                return null;
            }
            return elements.Select((e, i) => (new List<Expr> { parts[i] }, e.Type)).ToList();
        }
        if (pattern.DeconstructSymbol is not IMethodSymbol deconstruct || ShapeOf(subjectType, pattern) is not AggregateShape shape ||
            deconstruct.DeclaringSyntaxReferences.Any(r => r.GetSyntax(_ct) is MethodDeclarationSyntax))
        {
            Unsupported(pattern, $"The positional pattern '{Short(pattern)}' on a '{subjectType.Name}'", "use a property pattern { X: …, Y: … } or read the members");
            return null;
        }
        var result = new List<(List<Expr>, ITypeSymbol)>();
        foreach (IParameterSymbol p in deconstruct.Parameters)
        {
            var (offset, member) = MemberOffset(shape, p.Name);
            if (member is null)
            {
                Unsupported(pattern, $"The positional pattern '{Short(pattern)}' on a '{subjectType.Name}'", "use a property pattern { X: …, Y: … } or read the members");
                return null;
            }
            int count = member.Nested is null ? 1 : member.Nested.Leaves().Count;
            result.Add((parts.Skip(offset).Take(count).ToList(), p.Type));
        }
        return result;
    }

    /// <summary>The parts of <c>{ X: … }</c> or <c>{ Inner.X: … }</c>: a leaf or a nested struct's leaves; null (reported) otherwise.</summary>
    private (List<Expr> Parts, ITypeSymbol Type)? MemberParts(IOperation member, ITypeSymbol subjectType, List<Expr> parts)
    {
        IOperation? instance = InstanceOf(member);
        (List<Expr> Parts, ITypeSymbol Type)? owner = instance switch
        {
            IInstanceReferenceOperation { ReferenceKind: InstanceReferenceKind.PatternInput } => (parts, subjectType),
            IFieldReferenceOperation or IPropertyReferenceOperation => MemberParts(instance, subjectType, parts),
            _ => null,
        };
        if (owner is null)
        {
            Unsupported(member, $"The property pattern on '{Short(member)}'", "name members of the subject: { X: > 0 }");
            return null;
        }
        var (ownerParts, ownerType) = owner.Value;
        if (IsTuple(ownerType))
        {
            var elements = ((INamedTypeSymbol)ownerType).TupleElements;
            IFieldSymbol? f = (member as IFieldReferenceOperation)?.Field;
            int index = f is null ? -1 : elements.Select(e => e.CorrespondingTupleField ?? e).ToList().FindIndex(e => SymbolEqualityComparer.Default.Equals(e, f.CorrespondingTupleField ?? f));
            if (index < 0 || index >= ownerParts.Count)
            {
                Unsupported(member, $"The property pattern on '{Short(member)}'", "match the tuple's elements");
                return null;
            }
            return (new List<Expr> { ownerParts[index] }, member.Type!);
        }
        if (!IsAggregate(ownerType))
        {
            // { Name.Length: > 3 } on a passive member: the owner is data, not parts of the subject.
            Unsupported(member, $"The property pattern on '{Short(member)}'", "match members of the struct's numeric members, or read the value into a local first");
            return null;
        }
        if (ShapeOf(ownerType, member) is not AggregateShape shape) return null;
        var (offset, m) = MemberOffset(shape, MemberName(member));
        if (m is null)
        {
            Unsupported(member, $"The property pattern on the computed property '{MemberName(member)}'", $"read it into a local first (var v = s.{MemberName(member)}; … v is > 0), or match fields and auto-properties");
            return null;
        }
        int count = m.Nested is null ? 1 : m.Nested.Leaves().Count;
        return (ownerParts.Skip(offset).Take(count).ToList(), member.Type!);
    }

    /// <summary><c>var (a, b)</c>'s whole-value <c>var t</c>, <c>Signal s</c> or <c>{ … } s</c> on a tuple or struct: a copy of the parts.</summary>
    private Expr CompositeDeclaration(IPatternOperation pattern, ITypeSymbol subjectType, List<Expr> parts)
    {
        ITypeSymbol? matched = pattern switch
        {
            IDeclarationPatternOperation d => d.MatchesNull ? subjectType : d.MatchedType,
            ITypePatternOperation t => t.MatchedType,
            _ => null,
        };
        if (matched is null || !SymbolEqualityComparer.Default.Equals(matched, subjectType))
        {
            Unsupported(pattern, $"The type test in '{Short(pattern)}'", "match the subject's own type");
            return new Lit("bool", 0);
        }
        if (pattern is IDeclarationPatternOperation { DeclaredSymbol: ISymbol declared }) CompositeAssign(declared, subjectType, parts, pattern);
        return new Lit("bool", 1);
    }

    private void CompositeAssign(ISymbol declared, ITypeSymbol type, List<Expr> parts, IOperation at)
    {
        if (declared is not ILocalSymbol local) return;
        if (IsTuple(type))
        {
            string[] names = TupleLocal(local);
            var elements = ((INamedTypeSymbol)type).TupleElements;
            for (int i = 0; i < names.Length && i < parts.Count; i++)
            {
                string t = TypeClassifier.Text(elements[i].Type);
                _sink.Add(new Assign(new Ref(t, names[i]), E.To(t, parts[i])));
            }
            return;
        }
        // No parts: the subject was refused already.
        if (LocalAggregate(local, at) is AggVar v && v.Leaves.Length == parts.Count) AssignLeaves(Refs(v), parts, _sink);
    }
}
