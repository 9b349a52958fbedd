namespace SourceAD.Tensors;

// Size-1 axes in and out: views on every backend (no kernel), as Reshape.
public static partial class Ops
{
    /// <summary>A view of x with a size-1 axis inserted at <paramref name="axis"/> (−rank−1 ≤ axis ≤ rank; negative counts from the end), as torch.unsqueeze.</summary>
    public static Tensor Unsqueeze(Tensor x, int axis)
    {
        int rank = x.Rank, at = axis < 0 ? axis + rank + 1 : axis;
        if (at < 0 || at > rank)
        {
            throw new ArgumentException($"Unsqueeze: axis {axis} is out of range for a tensor of shape {TensorShape.Format(x.Shape)}.");
        }
        Span<int> shape = stackalloc int[rank + 1];
        for (int i = 0, j = 0; i <= rank; i++) shape[i] = i == at ? 1 : x.Size(j++);
        return x.Reshape((ReadOnlySpan<int>)shape);
    }

    /// <summary>Backward rule of <see cref="Unsqueeze"/>: dy viewed with x's shape.</summary>
    public static Tensor UnsqueezeBackward(Tensor x, Tensor dy) => ViewAs(nameof(UnsqueezeBackward), x, dy);

    /// <summary>Forward rule of <see cref="Unsqueeze"/>.</summary>
    public static Tensor UnsqueezeJvp(Tensor tx, int axis) => Unsqueeze(tx, axis);

    /// <summary>
    /// A view of x without axis <paramref name="axis"/> when its size is 1 (negative counts from the end); otherwise a
    /// view of the same shape, as torch.squeeze(x, dim).
    /// </summary>
    public static Tensor Squeeze(Tensor x, int axis)
    {
        int rank = x.Rank, at = axis < 0 ? axis + rank : axis;
        if (at < 0 || at >= rank)
        {
            throw new ArgumentException($"Squeeze: axis {axis} is out of range for a tensor of shape {TensorShape.Format(x.Shape)}.");
        }
        if (x.Size(at) != 1)
        {
            return x.Reshape(x.ShapeArray);
        }
        Span<int> shape = stackalloc int[rank - 1];
        for (int i = 0, j = 0; i < rank; i++) if (i != at) shape[j++] = x.Size(i);
        return x.Reshape((ReadOnlySpan<int>)shape);
    }

    /// <summary>Backward rule of <see cref="Squeeze"/>: dy viewed with x's shape.</summary>
    public static Tensor SqueezeBackward(Tensor x, Tensor dy) => ViewAs(nameof(SqueezeBackward), x, dy);

    /// <summary>Forward rule of <see cref="Squeeze"/>.</summary>
    public static Tensor SqueezeJvp(Tensor tx, int axis) => Squeeze(tx, axis);
}
