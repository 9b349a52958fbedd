using System.Buffers;
using System.Runtime.CompilerServices;

namespace SourceAD.Runtime;

/// <summary>
/// Snapshot slots of one element type for a checkpointed loop (<see cref="BinomialSchedule"/>): slot k holds the
/// loop-carried state of that type (scalars, then arrays' entries) in <c>[k·width, (k + 1)·width)</c> of one rented
/// buffer. Slot 0 (the entry state) is taken by the forward sweep; the others are reserved when the reverse sweep knows
/// how many the schedule uses. Mutable struct: keep it in a local, dispose it in a <c>finally</c>.
/// </summary>
public struct Snapshots<T> : IDisposable
{
    private T[]? _items;
    private int _width;

    /// <summary>Rents slot 0 for a state of <paramref name="width"/> values.</summary>
    public void Begin(int width)
    {
        Dispose();
        _width = width;
        _items = ArrayPool<T>.Shared.Rent(Math.Max(1, width));
    }

    /// <summary>Makes room for <paramref name="slots"/> slots, keeping slot 0.</summary>
    public void Reserve(int slots)
    {
        long needed = (long)slots * _width;
        if (_items is null || needed <= _items.Length) return;
        T[] grown = ArrayPool<T>.Shared.Rent(checked((int)needed));
        Array.Copy(_items, grown, _width);
        ArrayPool<T>.Shared.Return(_items, RuntimeHelpers.IsReferenceOrContainsReferences<T>());
        _items = grown;
    }

    /// <summary>Slot <paramref name="slot"/>.</summary>
    public Span<T> Slot(int slot) => new(_items, slot * _width, _width);

    /// <summary>Returns the storage to the pool.</summary>
    public void Dispose()
    {
        if (_items is not null) ArrayPool<T>.Shared.Return(_items, RuntimeHelpers.IsReferenceOrContainsReferences<T>());
        _items = null;
    }
}
