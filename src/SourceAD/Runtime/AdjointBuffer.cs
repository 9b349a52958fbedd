using System.Buffers;
using System.Runtime.CompilerServices;

namespace SourceAD.Runtime;

/// <summary>
/// Pooled, zeroed scratch arrays for the adjoints of local arrays in generated pullbacks.
/// </summary>
/// <remarks>
/// Never inlined: each is called once per array per call, and inlined (the pool's lookup, the clear) they took many of the
/// locals the JIT allows one method before it stops inlining, so a large pullback's hot loops lost their inlining.
/// </remarks>
public static class AdjointBuffer
{
    /// <summary>Rents an array of at least <paramref name="length"/> entries whose first <paramref name="length"/> are zero.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static T[] Rent<T>(int length)
    {
        T[] array = ArrayPool<T>.Shared.Rent(length);
        Array.Clear(array, 0, length);
        return array;
    }

    /// <summary>
    /// <paramref name="length"/> zeros, read-only and shared: the tangents a vector pushforward passes for an input its
    /// caller does not differentiate (n·p entries per call), without clearing a buffer each time. The array behind it
    /// grows to the longest length asked for and is kept; nothing writes it.
    /// </summary>
    public static ReadOnlySpan<T> Zeros<T>(int length) => SharedZeros<T>.Get(length);

    private static class SharedZeros<T>
    {
        private static T[] s_zeros = [];

        [MethodImpl(MethodImplOptions.NoInlining)]
        public static ReadOnlySpan<T> Get(int length)
        {
            T[] zeros = Volatile.Read(ref s_zeros);
            if (zeros.Length < length)
            {
                zeros = new T[Math.Max(length, 2 * zeros.Length)];
                Volatile.Write(ref s_zeros, zeros);
            }
            return new ReadOnlySpan<T>(zeros, 0, length);
        }
    }

    /// <summary>Returns an array obtained from <see cref="Rent{T}"/>.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static void Return<T>(T[] array) => ArrayPool<T>.Shared.Return(array);
}
