using System.Numerics;

namespace SourceAD.Tensors.Backends.Cpu;

/// <summary>
/// The pool behind CPU tensors and kernel scratch: power-of-two buckets with no size limit (ArrayPool.Shared keeps
/// only a few arrays per size per core and drops them under memory pressure, so a training step whose tensors are
/// large or many would allocate again). Arrays are kept until <see cref="Trim"/>; a bucket keeps at most
/// <see cref="PerBucket"/> arrays. Thread safe: one lock per bucket, held for a push or a pop.
/// </summary>
internal static class CpuArrayPool<T> where T : unmanaged
{
    private const int MinShift = 4;
    private const int PerBucket = 64;
    private static readonly Bucket[] Buckets = CreateBuckets();

    private static Bucket[] CreateBuckets()
    {
        var buckets = new Bucket[32];
        for (int i = 0; i < buckets.Length; i++)
        {
            buckets[i] = new Bucket();
        }
        return buckets;
    }

    /// <summary>An array of at least <paramref name="length"/> elements (contents undefined).</summary>
    public static T[] Rent(int length)
    {
        int shift = BucketOf(length);
        if (shift >= 31)
        {
            return GC.AllocateUninitializedArray<T>(length);
        }
        T[]? array = Buckets[shift].Pop();
        return array ?? GC.AllocateUninitializedArray<T>(1 << shift);
    }

    /// <summary>Gives back an array from <see cref="Rent"/>.</summary>
    public static void Return(T[] array)
    {
        int length = array.Length;
        if (length < 1 << MinShift || !BitOperations.IsPow2(length))
        {
            return;
        }
        Buckets[BitOperations.Log2((uint)length)].Push(array);
    }

    /// <summary>Drops every pooled array (they become garbage).</summary>
    public static void Trim()
    {
        foreach (Bucket b in Buckets)
        {
            b.Clear();
        }
    }

    private static int BucketOf(int length) =>
        length <= 1 << MinShift ? MinShift : BitOperations.Log2((uint)length - 1) + 1;

    private sealed class Bucket
    {
        private readonly T[]?[] _items = new T[PerBucket][];
        private int _count;

        public T[]? Pop()
        {
            lock (this)
            {
                if (_count == 0)
                {
                    return null;
                }
                T[]? item = _items[--_count];
                _items[_count] = null;
                return item;
            }
        }

        public void Push(T[] array)
        {
            lock (this)
            {
                if (_count < PerBucket)
                {
                    _items[_count++] = array;
                }
            }
        }

        public void Clear()
        {
            lock (this)
            {
                Array.Clear(_items);
                _count = 0;
            }
        }
    }
}

/// <summary>Per-thread scratch arrays that only grow (pack buffers, im2col columns): no pool traffic after warm-up.</summary>
internal static class CpuScratch<T> where T : unmanaged
{
    [ThreadStatic] private static T[]? _a;
    [ThreadStatic] private static T[]? _b;
    [ThreadStatic] private static T[]? _c;
    [ThreadStatic] private static T[]? _d;
    [ThreadStatic] private static T[]? _e;

    /// <summary>This thread's first scratch array, at least <paramref name="length"/> long.</summary>
    public static T[] A(int length) => Grow(ref _a, length);

    /// <summary>This thread's second scratch array.</summary>
    public static T[] B(int length) => Grow(ref _b, length);

    /// <summary>This thread's third scratch array.</summary>
    public static T[] C(int length) => Grow(ref _c, length);

    /// <summary>This thread's fourth scratch array.</summary>
    public static T[] D(int length) => Grow(ref _d, length);

    /// <summary>This thread's fifth scratch array.</summary>
    public static T[] E(int length) => Grow(ref _e, length);

    private static T[] Grow(ref T[]? slot, int length)
    {
        T[]? array = slot;
        if (array is null || array.Length < length)
        {
            array = GC.AllocateUninitializedArray<T>(Math.Max(length, 64));
            slot = array;
        }
        return array;
    }
}
