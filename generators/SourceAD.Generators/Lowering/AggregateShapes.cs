using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;
using SourceAD.Generators.Helpers;
using SourceAD.Generators.Model;

namespace SourceAD.Generators.Lowering;

/// <summary>
/// Which types are differentiable aggregates, and their shape: structs, record structs and records declared in source
/// whose instance state holds at least one floating scalar (directly or in a nested aggregate), and the built-in
/// <c>System.Numerics</c> <c>Vector2</c>, <c>Vector3</c>, <c>Vector4</c> (float) and <c>Complex</c> (double).
/// </summary>
internal static class AggregateShapes
{
    /// <summary>The built-in System.Numerics aggregates: members and the constructor that takes them in order.</summary>
    private static readonly ImmutableDictionary<string, (string Type, ImmutableArray<string> Members)> Numerics =
        new Dictionary<string, (string Type, ImmutableArray<string> Members)>
        {
            ["Vector2"] = ("float", ImmutableArray.Create("X", "Y")),
            ["Vector3"] = ("float", ImmutableArray.Create("X", "Y", "Z")),
            ["Vector4"] = ("float", ImmutableArray.Create("X", "Y", "Z", "W")),
            ["Complex"] = ("double", ImmutableArray.Create("Real", "Imaginary")),
        }.ToImmutableDictionary();

    /// <summary>The System.Numerics name (Vector3, Complex, …) of a built-in aggregate; null otherwise.</summary>
    public static string? NumericsName(ITypeSymbol? type) =>
        type is INamedTypeSymbol { TypeKind: TypeKind.Struct, IsGenericType: false } n && n.ContainingNamespace?.ToDisplayString() == "System.Numerics" &&
        Numerics.ContainsKey(n.Name) ? n.Name : null;

    /// <summary>
    /// The shape of <paramref name="type"/> when it is an aggregate; null otherwise. <paramref name="problem"/> is set
    /// (and null returned) for a type that holds floating state but cannot be handled, with the rewrite to make.
    /// </summary>
    public static AggregateShape? Of(ITypeSymbol? type, Compilation compilation, ISymbol within, out string? problem) =>
        Of(type, compilation, within, new HashSet<ITypeSymbol>(SymbolEqualityComparer.Default), out problem);

    /// <summary>True when <paramref name="type"/> is an aggregate (or would be one but for a problem).</summary>
    public static bool IsCandidate(ITypeSymbol? type) =>
        NumericsName(type) is not null || type is INamedTypeSymbol n && IsSourceAggregateKind(n) && HoldsFloating(n, new HashSet<ITypeSymbol>(SymbolEqualityComparer.Default));

    private static bool IsSourceAggregateKind(INamedTypeSymbol n) =>
        n.DeclaringSyntaxReferences.Length > 0 && !n.IsTupleType && !TypeClassifier.IsFloating(n) &&
        (n.TypeKind == TypeKind.Struct || n.TypeKind == TypeKind.Class && n.IsRecord);

    private static IEnumerable<IFieldSymbol> State(INamedTypeSymbol n) =>
        n.GetMembers().OfType<IFieldSymbol>().Where(f => !f.IsStatic && !f.IsConst);

    private static bool HoldsFloating(INamedTypeSymbol n, HashSet<ITypeSymbol> seen)
    {
        if (!seen.Add(n)) return false;
        return State(n).Any(f => TypeClassifier.IsFloating(f.Type) || NumericsName(f.Type) is not null ||
                                 f.Type is INamedTypeSymbol inner && IsSourceAggregateKind(inner) && HoldsFloating(inner, seen));
    }

    private static AggregateShape? Of(ITypeSymbol? type, Compilation compilation, ISymbol within, HashSet<ITypeSymbol> seen, out string? problem)
    {
        problem = null;
        if (type is null) return null;
        string text = TypeClassifier.Text(type);
        if (NumericsName(type) is string numerics)
        {
            var (t, names) = Numerics[numerics];
            return new AggregateShape(text, true, AggregateBuild.Constructor,
                names.Select(m => new AggregateMember(m, t, true, null)).ToEquatable(), Enumerable.Range(0, names.Length).ToEquatable());
        }
        if (TupleShape(type) is AggregateShape tuple) return tuple;
        if (type is not INamedTypeSymbol n || !IsSourceAggregateKind(n) || !HoldsFloating(n, new HashSet<ITypeSymbol>(SymbolEqualityComparer.Default))) return null;
        if (!seen.Add(n))
        {
            problem = $"'{n.Name}' contains itself";
            return null;
        }
        if (n.IsGenericType)
        {
            problem = $"'{n.Name}' is generic; use a non-generic struct or record";
            return null;
        }
        var members = new List<AggregateMember>();
        var symbols = new List<ISymbol>();
        foreach (IFieldSymbol f in State(n))
        {
            ISymbol member = f.AssociatedSymbol is IPropertySymbol p ? p : f;
            if (!compilation.IsSymbolAccessibleWithin(member, within))
            {
                problem = $"the member '{n.Name}.{member.Name}' is not accessible to the generated code; make it public or internal";
                return null;
            }
            AggregateShape? nested = null;
            bool floating = TypeClassifier.IsFloating(f.Type);
            if (!floating && IsCandidate(f.Type))
            {
                nested = Of(f.Type, compilation, within, seen, out problem);
                if (nested is null) return null;
            }
            else if (!floating && f.Type.SpecialType == SpecialType.None && f.Type.TypeKind != TypeKind.Enum)
            {
                problem = $"its member '{n.Name}.{member.Name}' of type '{f.Type.ToDisplayString()}' is neither a number, bool, enum, string nor a struct of them; keep such data outside the struct";
                return null;
            }
            members.Add(new AggregateMember(member.Name, TypeClassifier.Text(f.Type), floating, nested));
            symbols.Add(member);
        }
        seen.Remove(n);

        // Adjoints are built from the primal value with `with` when every differentiable member can be set; else by a
        // constructor whose parameters name the members.
        bool settable = members.Select((m, i) => (m, i)).Where(x => x.m.Floating || x.m.Nested is not null).All(x => symbols[x.i] switch
        {
            IFieldSymbol f => !f.IsReadOnly,
            IPropertySymbol p => p.SetMethod is { } set && compilation.IsSymbolAccessibleWithin(set, within),
            _ => false,
        });
        if (settable) return new AggregateShape(text, n.IsValueType, AggregateBuild.With, members.ToEquatable(), EquatableArray<int>.Empty);
        foreach (IMethodSymbol ctor in n.InstanceConstructors.Where(c => c.Parameters.Length > 0 && compilation.IsSymbolAccessibleWithin(c, within)))
        {
            var order = ctor.Parameters.Select(p => members.FindIndex(m => string.Equals(m.Name, p.Name, StringComparison.OrdinalIgnoreCase) && m.TypeText == TypeClassifier.Text(p.Type))).ToList();
            if (order.Any(i => i < 0) || order.Distinct().Count() != order.Count) continue;
            if (members.Select((m, i) => (m, i)).Any(x => (x.m.Floating || x.m.Nested is not null) && !order.Contains(x.i))) continue;
            return new AggregateShape(text, n.IsValueType, AggregateBuild.Constructor, members.ToEquatable(), order.ToEquatable());
        }
        problem = $"SourceAD cannot build a '{n.Name}' for the adjoint; give its floating members setters (or init) or add a constructor with one parameter per member";
        return null;
    }

    /// <summary>
    /// A tuple of numbers (at least one floating, at most seven, no nesting), as the element of an array
    /// (<c>(double X, double Y)[] vertices</c>): an aggregate whose members are its fields <c>Item1</c>…, whatever the
    /// element names, so adjoints are built with <c>with { Item1 = … }</c>. Tuple values elsewhere are taken apart by
    /// MethodLowering.Tuples.cs, so only arrays of tuples ask for this shape.
    /// </summary>
    public static AggregateShape? TupleShape(ITypeSymbol? type)
    {
        if (type is not INamedTypeSymbol { IsTupleType: true } n || n.TupleElements.Length is < 2 or > 7) return null;
        if (!n.TupleElements.Any(e => TypeClassifier.IsFloating(e.Type))) return null;
        if (n.TupleElements.Any(e => !TypeClassifier.IsFloating(e.Type) && !(e.Type.SpecialType is >= SpecialType.System_Boolean and <= SpecialType.System_Double || e.Type.TypeKind == TypeKind.Enum))) return null;
        var members = n.TupleElements.Select(e => new AggregateMember((e.CorrespondingTupleField ?? e).Name, TypeClassifier.Text(e.Type), TypeClassifier.IsFloating(e.Type), null));
        return new AggregateShape(TypeClassifier.Text(n), true, AggregateBuild.With, members.ToEquatable(), EquatableArray<int>.Empty);
    }
}
