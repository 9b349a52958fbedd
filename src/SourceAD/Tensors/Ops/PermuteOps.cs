namespace SourceAD.Tensors;

// Axis permutations: copies (tensors are contiguous), so each is one backend kernel; the rules permute back.
public static partial class Ops
{
    /// <summary>
    /// x with its axes reordered: axis i of the result is axis <paramref name="axes"/>[i] of x (negative counts from the
    /// end), a copy as torch's x.permute(axes).contiguous().
    /// </summary>
    public static Tensor Permute(Tensor x, params int[] axes) => PermuteCore(x, NormalizePermutation(nameof(Permute), x, axes));

    /// <summary>Backward rule of <see cref="Permute"/>: dy permuted back by the inverse permutation.</summary>
    public static Tensor PermuteBackward(Tensor dy, params int[] axes)
    {
        int[] forward = NormalizePermutation(nameof(PermuteBackward), dy, axes);
        var inverse = new int[forward.Length];
        for (int i = 0; i < forward.Length; i++) inverse[forward[i]] = i;
        return PermuteCore(dy, inverse);
    }

    /// <summary>Forward rule of <see cref="Permute"/> (linear): tx permuted the same way.</summary>
    public static Tensor PermuteJvp(Tensor tx, params int[] axes) => Permute(tx, axes);

    /// <summary>x with axes <paramref name="axis0"/> and <paramref name="axis1"/> swapped (negative counts from the end), a copy as torch's x.transpose(axis0, axis1).contiguous().</summary>
    public static Tensor Transpose(Tensor x, int axis0, int axis1) => PermuteCore(x, Swap(nameof(Transpose), x, axis0, axis1));

    /// <summary>Backward rule of <see cref="Transpose"/> (a swap is its own inverse): dy with the same axes swapped.</summary>
    public static Tensor TransposeBackward(Tensor dy, int axis0, int axis1) => PermuteCore(dy, Swap(nameof(TransposeBackward), dy, axis0, axis1));

    /// <summary>Forward rule of <see cref="Transpose"/> (linear): tx with the same axes swapped.</summary>
    public static Tensor TransposeJvp(Tensor tx, int axis0, int axis1) => Transpose(tx, axis0, axis1);

    private static int[] Swap(string op, Tensor x, int axis0, int axis1)
    {
        int a = Tensor.NormalizeAxis(axis0, x.Rank, op), b = Tensor.NormalizeAxis(axis1, x.Rank, op);
        int[] axes = Enumerable.Range(0, x.Rank).ToArray();
        (axes[a], axes[b]) = (axes[b], axes[a]);
        return axes;
    }

    /// <summary>The permutation with negative axes counted from the end, after checking it names every axis of x once.</summary>
    private static int[] NormalizePermutation(string op, Tensor x, int[] axes)
    {
        ArgumentNullException.ThrowIfNull(axes);
        if (axes.Length != x.Rank)
        {
            throw new ArgumentException($"{op}: a tensor of shape {TensorShape.Format(x.Shape)} needs {x.Rank} axes, got [{string.Join(", ", axes)}].", nameof(axes));
        }
        var result = new int[axes.Length];
        var seen = new bool[axes.Length];
        for (int i = 0; i < axes.Length; i++)
        {
            int a = Tensor.NormalizeAxis(axes[i], x.Rank, op);
            if (seen[a])
            {
                throw new ArgumentException($"{op}: axes [{string.Join(", ", axes)}] name axis {a} twice; a permutation names each axis of {TensorShape.Format(x.Shape)} once.", nameof(axes));
            }
            seen[a] = true;
            result[i] = a;
        }
        return result;
    }

    private static Tensor PermuteCore(Tensor x, int[] axes)
    {
        var shape = new int[axes.Length];
        for (int i = 0; i < axes.Length; i++) shape[i] = x.Size(axes[i]);
        Tensor y = Tensor.Empty(shape, x.DType, x.Device);
        x.Backend.Permute(x, axes, y);
        return y;
    }
}
