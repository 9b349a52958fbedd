using System.Collections.Generic;
using System.Linq;
using SourceAD.Generators.Helpers;

namespace SourceAD.Generators.Model;

/// <summary>How generated code builds a value of an aggregate type from its members (adjoints are returned this way).</summary>
internal enum AggregateBuild
{
    /// <summary><c>template with { X = …, Y = … }</c>: every floating member is settable or init-only.</summary>
    With,
    /// <summary><c>new T(…)</c> through a constructor whose parameters name the members (System.Numerics, readonly structs).</summary>
    Constructor,
}

/// <summary>
/// A struct, record struct, record or System.Numerics type whose instance state is floating scalars (differentiable),
/// nested aggregates, and passive scalars (int, bool, enums, strings). Symbol-free: the lowering replaces each value
/// of the type by one scalar per leaf, and the surface emitter rebuilds values from leaves with <see cref="Build"/>.
/// </summary>
/// <param name="TypeText">The fully qualified type.</param>
/// <param name="IsValueType">False for record classes (a null adjoint counts as zero).</param>
/// <param name="Build">How a value is built.</param>
/// <param name="Members">The instance state, in declaration order.</param>
/// <param name="ConstructorOrder">For <see cref="AggregateBuild.Constructor"/>: the member index of each constructor parameter.</param>
internal sealed record AggregateShape(string TypeText, bool IsValueType, AggregateBuild Build, EquatableArray<AggregateMember> Members, EquatableArray<int> ConstructorOrder)
{
    /// <summary>The leaves of the shape, depth first: their member paths (<c>Pos.X</c>), types and whether they are floating.</summary>
    public List<(string Path, string Type, bool Floating)> Leaves()
    {
        var result = new List<(string, string, bool)>();
        foreach (AggregateMember m in Members)
        {
            if (m.Nested is null) result.Add((m.Name, m.TypeText, m.Floating));
            else result.AddRange(m.Nested.Leaves().Select(l => (m.Name + "." + l.Path, l.Type, l.Floating)));
        }
        return result;
    }
}

/// <summary>One member of an aggregate: a leaf scalar (floating or passive) or a nested aggregate.</summary>
/// <param name="Name">The accessible member name (a field, or the property of an auto-property's backing field).</param>
/// <param name="TypeText">Its type.</param>
/// <param name="Floating">A floating leaf (differentiable).</param>
/// <param name="Nested">The shape of a nested aggregate member; null for a leaf.</param>
internal sealed record AggregateMember(string Name, string TypeText, bool Floating, AggregateShape? Nested);

/// <summary>
/// A parameter of the user's method as the generated surface shows it, when the method has aggregate parameters (then
/// <see cref="MethodModel.Params"/> are the flat scalars the derivative core works on). <paramref name="Shape"/> is
/// null for a parameter passed through unchanged; otherwise <paramref name="FlatNames"/> are the core parameters of its
/// leaves in <see cref="AggregateShape"/> leaf order, scalars for a value and arrays for an array of the type.
/// <paramref name="Sequence"/>: a list parameter (<c>List&lt;double&gt;</c>, …) whose core parameter is a read-only span
/// of its elements (Lowering/MethodLowering.ListParameters.cs).
/// </summary>
internal sealed record SurfaceParam(string Name, string TypeText, AggregateShape? Shape, bool IsArray, bool Differentiable, EquatableArray<string> FlatNames,
    SequenceKind Sequence = SequenceKind.None);

/// <summary>What a surface parameter is besides its aggregate shape: nothing, or a list the core reads as a span.</summary>
internal enum SequenceKind
{
    /// <summary>Passed to the core as it is (or unpacked into leaves when it has a shape).</summary>
    None,
    /// <summary>A <c>List&lt;T&gt;</c>: the core reads <c>CollectionsMarshal.AsSpan(list)</c>, the list's storage, in place.</summary>
    List,
    /// <summary>An <c>IList&lt;T&gt;</c> or <c>IReadOnlyList&lt;T&gt;</c>: the core reads a copy of its elements.</summary>
    ReadOnlyList,
}
