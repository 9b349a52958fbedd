using System.Collections.Generic;
using System.Runtime.CompilerServices;

namespace SourceAD.Generators.IR;

/// <summary>Identity comparison for IR nodes, whose records otherwise compare by value (two equal statements at different places are different sites).</summary>
internal sealed class ReferenceComparer : IEqualityComparer<object>, IEqualityComparer<Stmt>
{
    public static readonly ReferenceComparer Instance = new();

    public new bool Equals(object? x, object? y) => ReferenceEquals(x, y);

    public int GetHashCode(object obj) => RuntimeHelpers.GetHashCode(obj);

    public bool Equals(Stmt? x, Stmt? y) => ReferenceEquals(x, y);

    public int GetHashCode(Stmt obj) => RuntimeHelpers.GetHashCode(obj);
}
