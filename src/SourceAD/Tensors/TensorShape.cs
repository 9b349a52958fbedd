namespace SourceAD.Tensors;

/// <summary>Shape arithmetic shared by tensors, ops and backends (row-major, C order).</summary>
public static class TensorShape
{
    /// <summary>The number of elements of <paramref name="shape"/> (1 for a scalar); throws on negative or overflowing sizes.</summary>
    public static int Count(ReadOnlySpan<int> shape)
    {
        long count = 1;
        foreach (int d in shape)
        {
            if (d < 0)
            {
                throw new ArgumentException($"Shape {Format(shape)} has a negative dimension.", nameof(shape));
            }
            count *= d;
            if (count > Array.MaxLength)
            {
                throw new ArgumentException($"Shape {Format(shape)} has more than {Array.MaxLength} elements.", nameof(shape));
            }
        }
        return (int)count;
    }

    /// <summary>Row-major strides, in elements, of a contiguous tensor of <paramref name="shape"/>.</summary>
    public static int[] RowMajorStrides(ReadOnlySpan<int> shape)
    {
        var strides = new int[shape.Length];
        int stride = 1;
        for (int i = shape.Length - 1; i >= 0; i--)
        {
            strides[i] = stride;
            stride *= Math.Max(shape[i], 1);
        }
        return strides;
    }

    /// <summary>
    /// Strides, in elements, of a contiguous tensor of <paramref name="shape"/> read as one of <paramref name="target"/>
    /// under broadcasting: right-aligned, 0 on the axes it is stretched along (what every backend's broadcast kernels index by).
    /// </summary>
    public static int[] BroadcastStrides(ReadOnlySpan<int> shape, ReadOnlySpan<int> target)
    {
        int[] own = RowMajorStrides(shape);
        var strides = new int[target.Length];
        int lead = target.Length - shape.Length;
        for (int i = 0; i < target.Length; i++)
        {
            int j = i - lead;
            strides[i] = j < 0 || shape[j] == 1 ? 0 : own[j];
        }
        return strides;
    }

    /// <summary>A shape seen as three axes around <paramref name="axis"/>: (product of the sizes before it, its size, product after).</summary>
    public static (int Outer, int Channels, int Inner) Split(ReadOnlySpan<int> shape, int axis)
    {
        int outer = 1, inner = 1;
        for (int i = 0; i < axis; i++)
        {
            outer *= shape[i];
        }
        for (int i = axis + 1; i < shape.Length; i++)
        {
            inner *= shape[i];
        }
        return (outer, shape[axis], inner);
    }

    /// <summary>Formats a shape as PyTorch prints sizes: <c>[2, 3, 28, 28]</c>.</summary>
    public static string Format(ReadOnlySpan<int> shape) => "[" + string.Join(", ", shape.ToArray()) + "]";

    /// <summary>True when both shapes have the same rank and sizes.</summary>
    public static bool Equal(ReadOnlySpan<int> a, ReadOnlySpan<int> b) => a.SequenceEqual(b);

    /// <summary>
    /// The shape of broadcasting <paramref name="a"/> with <paramref name="b"/> (NumPy rules: align trailing axes; a size
    /// of 1 stretches). Throws an <see cref="ArgumentException"/> naming <paramref name="op"/> and both shapes.
    /// </summary>
    public static int[] Broadcast(string op, ReadOnlySpan<int> a, ReadOnlySpan<int> b)
    {
        var result = new int[Math.Max(a.Length, b.Length)];
        Broadcast(op, a, b, result);
        return result;
    }

    /// <summary>
    /// <see cref="Broadcast(string, ReadOnlySpan{int}, ReadOnlySpan{int})"/> into <paramref name="result"/> (the larger
    /// rank long): no allocation, for ops that run every training step.
    /// </summary>
    internal static void Broadcast(string op, ReadOnlySpan<int> a, ReadOnlySpan<int> b, Span<int> result)
    {
        int rank = Math.Max(a.Length, b.Length);
        for (int i = 0; i < rank; i++)
        {
            int da = i < rank - a.Length ? 1 : a[i - (rank - a.Length)];
            int db = i < rank - b.Length ? 1 : b[i - (rank - b.Length)];
            if (da != db && da != 1 && db != 1)
            {
                throw new ArgumentException($"{op}: shapes {Format(a)} and {Format(b)} cannot be broadcast together (axis {i}: {da} vs {db}).");
            }
            result[i] = da == 1 ? db : da;
        }
    }
}
