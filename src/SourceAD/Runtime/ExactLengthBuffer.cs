namespace SourceAD.Runtime;

/// <summary>
/// Pooled, zeroed arrays of an exact length, for generated code that must pass a scratch array where the user's method
/// takes an array (whose <c>Length</c> it may read), so <see cref="AdjointBuffer"/>'s longer arrays will not do: the dual
/// copies of the inputs in <c>{Method}HessianVectorProduct</c> and the value/tangent splits in <c>{Method}Dual</c>.
/// </summary>
/// <remarks>
/// Each thread keeps its own few free arrays per element type ([ThreadStatic]), so concurrent calls never share one and
/// nothing needs a lock. A caller that repeats the same shapes (an HVP per Newton step, the dense Hessian's columns)
/// allocates nothing after its first call; other lengths fall back to <c>new T[length]</c>. An array not returned (an
/// exception between rent and return) is simply collected.
/// </remarks>
public static class ExactLengthBuffer
{
    /// <summary>Rents an array of exactly <paramref name="length"/> entries, all zero.</summary>
    public static T[] Rent<T>(int length) => Free<T>.Rent(length);

    /// <summary>Returns an array obtained from <see cref="Rent{T}"/>; the caller must not use it afterwards.</summary>
    public static void Return<T>(T[] array) => Free<T>.Return(array);

    private static class Free<T>
    {
        // Enough for one HVP's inputs, adjoints and constants plus a nested dual call's splits; beyond that, new arrays.
        private const int Slots = 32;
        [ThreadStatic] private static T[]?[]? _slots;

        public static T[] Rent(int length)
        {
            T[]?[]? slots = _slots;
            if (slots is not null)
            {
                for (int i = 0; i < slots.Length; i++)
                {
                    T[]? a = slots[i];
                    if (a is not null && a.Length == length)
                    {
                        slots[i] = null;
                        Array.Clear(a);
                        return a;
                    }
                }
            }
            return new T[length];
        }

        public static void Return(T[] array)
        {
            if (array.Length == 0) return;
            T[]?[] slots = _slots ??= new T[]?[Slots];
            for (int i = 0; i < slots.Length; i++)
            {
                if (slots[i] is null)
                {
                    slots[i] = array;
                    return;
                }
            }
        }
    }
}
