using System.Buffers;

namespace SourceAD.Runtime;

/// <summary>
/// Pooled, zeroed scratch arrays for the adjoints of local arrays in generated pullbacks.
/// </summary>
public static class AdjointBuffer
{
    /// <summary>Rents an array of at least <paramref name="length"/> entries whose first <paramref name="length"/> are zero.</summary>
    public static T[] Rent<T>(int length)
    {
        T[] array = ArrayPool<T>.Shared.Rent(length);
        Array.Clear(array, 0, length);
        return array;
    }

    /// <summary>Returns an array obtained from <see cref="Rent{T}"/>.</summary>
    public static void Return<T>(T[] array) => ArrayPool<T>.Shared.Return(array);
}
