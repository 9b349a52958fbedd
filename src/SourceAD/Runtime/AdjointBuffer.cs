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

    /// <summary>Returns an array obtained from <see cref="Rent{T}"/>.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static void Return<T>(T[] array) => ArrayPool<T>.Shared.Return(array);
}
