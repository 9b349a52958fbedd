namespace SourceAD.Tensors;

// A mask is a tensor of x's dtype (no bool tensors): positive entries fill, as a bool mask converted to 1/0.
public static partial class Ops
{
    /// <summary>
    /// x with <paramref name="value"/> where the mask is positive, as torch's x.masked_fill(mask, value): the mask
    /// broadcasts to x's shape (a causal mask [T, T] of 1 above the diagonal, value −∞, over scores [B, H, T, T]). The
    /// mask gets no derivative.
    /// </summary>
    public static Tensor MaskedFill(Tensor x, Tensor mask, double value)
    {
        const string op = nameof(MaskedFill);
        var backend = BackendOf(op, x, mask);
        CheckMask(op, x, mask);
        Tensor y = EmptyLike(x);
        backend.MaskedFill(x, mask, value, y);
        return y;
    }

    /// <summary>Backward rule of <see cref="MaskedFill"/>: dx = dy where the mask is not positive, 0 where it fills.</summary>
    public static Tensor MaskedFillBackward(Tensor dy, Tensor mask) => MaskedZero(nameof(MaskedFillBackward), dy, mask);

    /// <summary>Forward rule of <see cref="MaskedFill"/>: tx where the mask is not positive, 0 where it fills.</summary>
    public static Tensor MaskedFillJvp(Tensor tx, Tensor mask) => MaskedZero(nameof(MaskedFillJvp), tx, mask);

    private static Tensor MaskedZero(string op, Tensor g, Tensor mask)
    {
        var backend = BackendOf(op, g, mask);
        CheckMask(op, g, mask);
        Tensor result = EmptyLike(g);
        backend.MaskedFill(g, mask, 0, result);
        return result;
    }

    private static void CheckMask(string op, Tensor x, Tensor mask)
    {
        if (mask.Rank > x.Rank || !TensorShape.Equal(TensorShape.Broadcast(op, x.Shape, mask.Shape), x.Shape))
        {
            throw new ArgumentException($"{op}: a mask of shape {TensorShape.Format(mask.Shape)} does not broadcast to x's shape {TensorShape.Format(x.Shape)}.");
        }
    }
}
