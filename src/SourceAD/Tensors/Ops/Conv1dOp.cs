namespace SourceAD.Tensors;

// Conv1d is Conv2d on views: x [N, C, L] as [N, C, 1, L] and w [O, C, K] as [O, C, 1, K]. Conv2d pads both axes alike,
// so the padding is written here (a zero-filled copy, its slice cut back out of dx) and Conv2d runs unpadded; its
// kernels on every backend do the arithmetic.
public static partial class Ops
{
    /// <summary>
    /// PyTorch's conv1d: x [N, C, L] ⋆ w [O, C, K] + b [O] (optional) with a stride and zero padding: [N, O, Lo],
    /// Lo = ⌊(L + 2·padding − K) / stride⌋ + 1.
    /// </summary>
    public static Tensor Conv1d(Tensor x, Tensor w, Tensor? b = null, int stride = 1, int padding = 0)
    {
        const string op = nameof(Conv1d);
        BackendOf(op, x, w, b);
        CheckConv1d(op, x, w, b, stride, padding);
        using Tensor xp = Padded1d(x, padding), w4 = AsConv2dWeight(w);
        using Tensor y4 = Conv2d(xp, w4, b, stride, 0);
        return y4.Reshape(y4.Size(0), y4.Size(1), y4.Size(3));
    }

    /// <summary>Backward rule of <see cref="Conv1d"/>: the adjoints of x, w and (when <paramref name="hasBias"/>) b.</summary>
    public static (Tensor Dx, Tensor Dw, Tensor? Db) Conv1dBackward(Tensor x, Tensor w, bool hasBias, Tensor dy, int stride = 1, int padding = 0)
    {
        const string op = nameof(Conv1dBackward);
        BackendOf(op, x, w, dy);
        CheckConv1d(op, x, w, null, stride, padding);
        RequireShape(op, Conv1dOutputShape(x, w, stride, padding), dy, "the output adjoint");
        using Tensor xp = Padded1d(x, padding), w4 = AsConv2dWeight(w), dy4 = dy.Reshape(dy.Size(0), dy.Size(1), 1, dy.Size(2));
        (Tensor dxp, Tensor dw4, Tensor? db) = Conv2dBackward(xp, w4, hasBias, dy4, stride, 0);
        using (dxp)
        using (dw4)
        {
            return (Unpadded1d(dxp, x, padding), dw4.Reshape(w.Shape), db);
        }
    }

    /// <summary>Forward rule of <see cref="Conv1d"/> (bilinear): ty = conv(tx, w) + conv(x, tw) + tb.</summary>
    public static Tensor Conv1dJvp(Tensor x, Tensor w, Tensor? tx, Tensor? tw, Tensor? tb, int stride = 1, int padding = 0)
    {
        const string op = nameof(Conv1dJvp);
        BackendOf(op, x, w, tx, tw, tb);
        CheckConv1d(op, x, w, tb, stride, padding);
        if (tx is not null) RequireSameShape(op, x, tx, "the tangent of x");
        if (tw is not null) RequireSameShape(op, w, tw, "the tangent of w");
        using Tensor xp = Padded1d(x, padding), w4 = AsConv2dWeight(w);
        using Tensor? txp = tx is null ? null : Padded1d(tx, padding), tw4 = tw is null ? null : AsConv2dWeight(tw);
        using Tensor ty4 = Conv2dJvp(xp, w4, txp, tw4, tb, stride, 0);
        return ty4.Reshape(ty4.Size(0), ty4.Size(1), ty4.Size(3));
    }

    private static int[] Conv1dOutputShape(Tensor x, Tensor w, int stride, int padding) =>
        [x.Size(0), w.Size(0), (x.Size(2) + 2 * padding - w.Size(2)) / stride + 1];

    private static Tensor AsConv2dWeight(Tensor w) => w.Reshape(w.Size(0), w.Size(1), 1, w.Size(2));

    /// <summary>x [N, C, L] as [N, C, 1, L + 2·padding], zeros on both ends (a view when there is no padding).</summary>
    private static Tensor Padded1d(Tensor x, int padding)
    {
        if (padding == 0)
        {
            return x.Reshape(x.Size(0), x.Size(1), 1, x.Size(2));
        }
        Tensor padded = Tensor.Zeros([x.Size(0), x.Size(1), 1, x.Size(2) + 2 * padding], x.DType, x.Device);
        using Tensor x4 = x.Reshape(x.Size(0), x.Size(1), 1, x.Size(2));
        x.Backend.WriteSlice(x4, 3, padding, padded);
        return padded;
    }

    /// <summary>The adjoint of <see cref="Padded1d"/>: the middle of dxp [N, C, 1, L + 2·padding], shaped as x.</summary>
    private static Tensor Unpadded1d(Tensor dxp, Tensor x, int padding)
    {
        if (padding == 0)
        {
            return dxp.Reshape(x.Shape);
        }
        Tensor dx = EmptyLike(x);
        using Tensor dx4 = dx.Reshape(x.Size(0), x.Size(1), 1, x.Size(2));
        x.Backend.Narrow(dxp, 3, padding, dx4);
        return dx;
    }

    private static void CheckConv1d(string op, Tensor x, Tensor w, Tensor? b, int stride, int padding)
    {
        RequireRank(op, nameof(x), x, 3);
        RequireRank(op, nameof(w), w, 3);
        if (stride < 1 || padding < 0)
        {
            throw new ArgumentException($"{op}: stride must be ≥ 1 and padding ≥ 0 (got stride {stride}, padding {padding}) for input shape {TensorShape.Format(x.Shape)}.");
        }
        if (x.Size(1) != w.Size(1))
        {
            throw new ArgumentException($"{op}: input shape {TensorShape.Format(x.Shape)} and weight shape {TensorShape.Format(w.Shape)} have different channel counts ({x.Size(1)} vs {w.Size(1)}).");
        }
        if (x.Size(2) + 2 * padding < w.Size(2))
        {
            throw new ArgumentException($"{op}: kernel of weight shape {TensorShape.Format(w.Shape)} is larger than the padded input of shape {TensorShape.Format(x.Shape)}.");
        }
        if (b is not null && (b.Rank != 1 || b.Size(0) != w.Size(0)))
        {
            throw new ArgumentException($"{op}: bias shape {TensorShape.Format(b.Shape)} does not match weight shape {TensorShape.Format(w.Shape)} (expected [{w.Size(0)}]).");
        }
    }
}
