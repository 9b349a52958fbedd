using SourceAD.Tensors.Backends;

namespace SourceAD.Tensors;

public static partial class Ops
{
    /// <summary>
    /// PyTorch's conv2d: x [N, C, H, W] ⋆ w [O, C / groups, Kh, Kw] + b [O] (optional) with square stride, zero padding,
    /// dilation and groups: [N, O, Ho, Wo], Ho = ⌊(H + 2·padding − (Kh − 1)·dilation − 1) / stride⌋ + 1. With
    /// groups = C = O it is a depthwise convolution.
    /// </summary>
    public static Tensor Conv2d(Tensor x, Tensor w, Tensor? b = null, int stride = 1, int padding = 0, int dilation = 1, int groups = 1)
    {
        const string op = nameof(Conv2d);
        var backend = BackendOf(op, x, w, b);
        Conv2dGeometry g = CheckConv(op, x, w, b, stride, padding, dilation, groups);
        if (dilation != 1 || groups != 1)
        {
            return Conv2dGeneral(x, w, b, stride, padding, dilation, groups);
        }
        Shape4 outShape = ConvOutputShape(x, w, g);
        Tensor y = Tensor.Empty(outShape, x.DType, x.Device);
        backend.Conv2d(x, w, b, y, g);
        return y;
    }

    /// <summary>Backward rule of <see cref="Conv2d"/>: the adjoints of x, w and (when <paramref name="hasBias"/>) b.</summary>
    public static (Tensor Dx, Tensor Dw, Tensor? Db) Conv2dBackward(Tensor x, Tensor w, bool hasBias, Tensor dy, int stride = 1, int padding = 0, int dilation = 1, int groups = 1)
    {
        Tensor dx = Conv2dBackwardInput(x, w, dy, stride, padding, dilation, groups);
        (Tensor dw, Tensor? db) = Conv2dBackwardWeights(x, w, hasBias, dy, stride, padding, dilation, groups);
        return (dx, dw, db);
    }

    /// <summary>The input part of <see cref="Conv2dBackward"/>: dx = the transposed convolution of dy with w.</summary>
    public static Tensor Conv2dBackwardInput(Tensor x, Tensor w, Tensor dy, int stride = 1, int padding = 0, int dilation = 1, int groups = 1)
    {
        const string op = nameof(Conv2dBackwardInput);
        var backend = BackendOf(op, x, w, dy);
        Conv2dGeometry g = CheckConv(op, x, w, null, stride, padding, dilation, groups);
        Shape4 outShape = ConvOutputShape(x, w, g, dilation);
        RequireShape(op, outShape, dy, "the output adjoint");
        if (dilation != 1 || groups != 1)
        {
            return Conv2dGeneralBackward(x, w, false, dy, stride, padding, dilation, groups, input: true, weights: false).Dx!;
        }
        Tensor dx = EmptyLike(x);
        backend.Conv2dBackwardInput(dy, w, dx, g);
        return dx;
    }

    /// <summary>
    /// The parameter part of <see cref="Conv2dBackward"/>: dw (summed over the batch) and db = Σ dy per output channel.
    /// A first layer needs only this part.
    /// </summary>
    public static (Tensor Dw, Tensor? Db) Conv2dBackwardWeights(Tensor x, Tensor w, bool hasBias, Tensor dy, int stride = 1, int padding = 0, int dilation = 1, int groups = 1)
    {
        const string op = nameof(Conv2dBackwardWeights);
        var backend = BackendOf(op, x, w, dy);
        Conv2dGeometry g = CheckConv(op, x, w, null, stride, padding, dilation, groups);
        Shape4 outShape = ConvOutputShape(x, w, g, dilation);
        RequireShape(op, outShape, dy, "the output adjoint");
        if (dilation != 1 || groups != 1)
        {
            (_, Tensor? dwGeneral, Tensor? dbGeneral) = Conv2dGeneralBackward(x, w, hasBias, dy, stride, padding, dilation, groups, input: false, weights: true);
            return (dwGeneral!, dbGeneral);
        }
        Tensor dw = EmptyLike(w);
        backend.Conv2dBackwardWeight(x, dy, dw, g);
        Tensor? db = null;
        if (hasBias)
        {
            db = Tensor.Empty([w.Size(0)], x.DType, x.Device);
            backend.SumToBias(dy, db, 1);
        }
        return (dw, db);
    }

    /// <summary>Forward rule of <see cref="Conv2d"/> (bilinear): ty = conv(tx, w) + conv(x, tw) + tb.</summary>
    public static Tensor Conv2dJvp(Tensor x, Tensor w, Tensor? tx, Tensor? tw, Tensor? tb, int stride = 1, int padding = 0, int dilation = 1, int groups = 1)
    {
        const string op = nameof(Conv2dJvp);
        var backend = BackendOf(op, x, w, tx, tw, tb);
        Conv2dGeometry g = CheckConv(op, x, w, tb, stride, padding, dilation, groups);
        if (dilation != 1 || groups != 1)
        {
            if (tx is not null) RequireSameShape(op, x, tx, "the tangent of x");
            if (tw is not null) RequireSameShape(op, w, tw, "the tangent of w");
            return Conv2dGeneralJvp(x, w, tx, tw, tb, stride, padding, dilation, groups);
        }
        Shape4 shape = ConvOutputShape(x, w, g);
        Tensor ty = Tensor.Zeros(shape, x.DType, x.Device);
        if (tx is not null)
        {
            RequireSameShape(op, x, tx, "the tangent of x");
            using Tensor part = Tensor.Empty(shape, x.DType, x.Device).AsScratch();
            backend.Conv2d(tx, w, null, part, g);
            AddInto(ty, part);
        }
        if (tw is not null)
        {
            RequireSameShape(op, w, tw, "the tangent of w");
            using Tensor part = Tensor.Empty(shape, x.DType, x.Device).AsScratch();
            backend.Conv2d(x, tw, null, part, g);
            AddInto(ty, part);
        }
        if (tb is not null)
        {
            backend.AddBias(ty, tb, 1);
        }
        return ty;
    }

    /// <summary>[N, O, Ho, Wo] for a kernel spread by <paramref name="dilation"/> to (K − 1)·dilation + 1.</summary>
    private static Shape4 ConvOutputShape(Tensor x, Tensor w, Conv2dGeometry g, int dilation = 1) =>
        new(x.Size(0), w.Size(0), g.OutputSize(x.Size(2), (w.Size(2) - 1) * dilation + 1), g.OutputSize(x.Size(3), (w.Size(3) - 1) * dilation + 1));

    private static Conv2dGeometry CheckConv(string op, Tensor x, Tensor w, Tensor? b, int stride, int padding, int dilation = 1, int groups = 1)
    {
        RequireRank(op, nameof(x), x, 4);
        RequireRank(op, nameof(w), w, 4);
        if (stride < 1 || padding < 0 || dilation < 1 || groups < 1)
        {
            throw new ArgumentException($"{op}: stride, dilation and groups must be ≥ 1 and padding ≥ 0 (got stride {stride}, padding {padding}, dilation {dilation}, groups {groups}) for input shape {TensorShape.Format(x.Shape)}.");
        }
        if (x.Size(1) != w.Size(1) * groups || w.Size(0) % groups != 0)
        {
            throw new ArgumentException(groups == 1
                ? $"{op}: input shape {TensorShape.Format(x.Shape)} and weight shape {TensorShape.Format(w.Shape)} have different channel counts ({x.Size(1)} vs {w.Size(1)})."
                : $"{op}: input shape {TensorShape.Format(x.Shape)} and weight shape {TensorShape.Format(w.Shape)} do not fit {groups} groups (input channels must be {groups} × {w.Size(1)}, output channels a multiple of {groups}).");
        }
        var g = new Conv2dGeometry(stride, padding);
        Shape4 output = ConvOutputShape(x, w, g, dilation);
        if (output[2] < 1 || output[3] < 1)
        {
            throw new ArgumentException($"{op}: kernel of weight shape {TensorShape.Format(w.Shape)} is larger than the padded input of shape {TensorShape.Format(x.Shape)}.");
        }
        if (b is not null && (b.Rank != 1 || b.Size(0) != w.Size(0)))
        {
            throw new ArgumentException($"{op}: bias shape {TensorShape.Format(b.Shape)} does not match weight shape {TensorShape.Format(w.Shape)} (expected [{w.Size(0)}]).");
        }
        return g;
    }

    /// <summary>A rank-4 shape held by value (no array per op).</summary>
    [System.Runtime.CompilerServices.InlineArray(4)]
    private struct Shape4
    {
        private int _first;

        public Shape4(int a, int b, int c, int d)
        {
            this[0] = a;
            this[1] = b;
            this[2] = c;
            this[3] = d;
        }
    }

    private static void RequireShape(string op, ReadOnlySpan<int> expected, Tensor actual, string what)
    {
        if (!TensorShape.Equal(expected, actual.Shape))
        {
            throw new ArgumentException($"{op}: {what} has shape {TensorShape.Format(actual.Shape)} but {TensorShape.Format(expected)} is required.");
        }
    }
}
