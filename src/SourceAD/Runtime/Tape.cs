using System.Buffers;
using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;

namespace SourceAD.Runtime;

/// <summary>
/// A typed LIFO stack used by generated pullbacks to carry values from the forward sweep to the reverse sweep:
/// overwritten values, branch outcomes and loop trip counts (only those the reverse sweep needs).
/// </summary>
/// <remarks>
/// Storage is rented from <see cref="ArrayPool{T}.Shared"/>, so after warm-up a pullback allocates nothing.
/// Each call owns its tapes (they are locals of the generated method); nothing is static and mutable, so
/// concurrent calls are safe. Generated code always disposes the tape in a <c>finally</c> block.
/// This is a mutable struct by design: keep it in a local and never copy it.
/// </remarks>
public struct Tape<T> : IDisposable
{
    private const int InitialCapacity = 64;
    private T[]? _items;
    private int _count;

    /// <summary>The number of values currently recorded.</summary>
    public readonly int Count => _count;

    /// <summary>Records <paramref name="value"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Push(T value)
    {
        T[]? items = _items;
        if (items is not null && (uint)_count < (uint)items.Length)
        {
            items[_count++] = value;
            return;
        }
        PushSlow(value);
    }

    /// <summary>Removes and returns the value recorded last.</summary>
    /// <exception cref="InvalidOperationException">The tape is empty: a generator defect, never user error.</exception>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public T Pop()
    {
        if (_count == 0)
        {
            ThrowEmpty();
        }
        return _items![--_count];
    }

    /// <summary>
    /// Records every value of <paramref name="values"/> in one block: what a loop that overwrites a range of an array
    /// would otherwise push entry by entry. <see cref="PopRange"/> with a span of the same length gives them back.
    /// </summary>
    public void PushRange(ReadOnlySpan<T> values)
    {
        int needed = _count + values.Length;
        if (_items is null || needed > _items.Length)
        {
            Grow(needed);
        }
        values.CopyTo(_items.AsSpan(_count));
        _count = needed;
    }

    /// <summary>
    /// Makes room for <paramref name="capacity"/> values in all, so that pushes up to that count never grow the storage
    /// (growing copies what is recorded so far). A pullback whose tape size the generator can evaluate on entry calls it
    /// with a lower bound of what it pushes. A count past the largest array is left to the pushes themselves.
    /// </summary>
    public void Reserve(long capacity)
    {
        if (capacity <= Array.MaxLength && (_items is null || capacity > _items.Length))
        {
            Grow((int)capacity);
        }
    }

    /// <summary>Removes the last <c>into.Length</c> values recorded and writes them into <paramref name="into"/>, in the order <see cref="PushRange"/> read them.</summary>
    /// <exception cref="InvalidOperationException">The tape holds fewer values: a generator defect, never user error.</exception>
    public void PopRange(Span<T> into)
    {
        if (into.Length > _count)
        {
            ThrowEmpty();
        }
        _count -= into.Length;
        _items.AsSpan(_count, into.Length).CopyTo(into);
    }

    /// <summary>Returns the storage to the pool.</summary>
    public void Dispose()
    {
        if (_items is not null)
        {
            ArrayPool<T>.Shared.Return(_items, RuntimeHelpers.IsReferenceOrContainsReferences<T>());
            _items = null;
        }
        _count = 0;
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private void PushSlow(T value)
    {
        Grow(_count + 1);
        _items![_count++] = value;
    }

    /// <summary>Moves the values to storage of at least <paramref name="needed"/> entries (doubling, so pushes stay amortized O(1)).</summary>
    [MemberNotNull(nameof(_items))]
    private void Grow(int needed)
    {
        T[]? old = _items;
        int size = old is null ? InitialCapacity : old.Length * 2;
        T[] grown = ArrayPool<T>.Shared.Rent(Math.Max(size, needed));
        if (old is not null)
        {
            Array.Copy(old, grown, _count);
            ArrayPool<T>.Shared.Return(old, RuntimeHelpers.IsReferenceOrContainsReferences<T>());
        }
        _items = grown;
    }

    private static void ThrowEmpty() =>
        throw new InvalidOperationException("SourceAD tape underflow: the reverse sweep popped more values than the forward sweep pushed. This is a generator defect; please report the method.");
}
