namespace SourceAD.Tensors;

// Conv2d with dilation or groups, composed of the plain Conv2d kernels of every backend:
// - dilation d: the kernel is spread into a zero-filled [O, C/G, (Kh − 1)·d + 1, (Kw − 1)·d + 1] kernel (tap (i, j) at
//   (i·d, j·d)), which gives the same sums (the added products are exact zeros); its adjoint is read back at the taps.
//   The plain kernel then does (Kh·d)²/Kh² more multiplications than needed: a cost of the composition, not of the op.
// - groups G: one plain convolution per group on the group's channel slices (a depthwise convolution is G = C), each
//   written into its output channels.
public static partial class Ops
{
    private static Tensor Conv2dGeneral(Tensor x, Tensor w, Tensor? b, int stride, int padding, int dilation, int groups)
    {
        using Tensor wd = DilatedKernel(w, dilation);
        Shape4 shape = ConvOutputShape(x, w, new(stride, padding), dilation);
        Tensor y = Tensor.Empty(shape, x.DType, x.Device);
        int cg = x.Size(1) / groups, og = w.Size(0) / groups;
        for (int g = 0; g < groups; g++)
        {
            using Tensor xg = GroupSlice(x, 1, g, cg, groups), wg = GroupSlice(wd, 0, g, og, groups);
            using Tensor? bg = b is null ? null : GroupSlice(b, 0, g, og, groups);
            using Tensor yg = Conv2d(xg, wg, bg, stride, padding);
            x.Backend.WriteSlice(yg, 1, g * og, y);
        }
        return y;
    }

    /// <summary>The adjoints group by group: dx when <paramref name="input"/>, dw (and db when <paramref name="hasBias"/>) when <paramref name="weights"/>.</summary>
    private static (Tensor? Dx, Tensor? Dw, Tensor? Db) Conv2dGeneralBackward(Tensor x, Tensor w, bool hasBias, Tensor dy, int stride, int padding,
        int dilation, int groups, bool input, bool weights)
    {
        using Tensor wd = DilatedKernel(w, dilation);
        Tensor? dx = input ? EmptyLike(x) : null;
        using Tensor? dwd = weights ? EmptyLike(wd) : null;
        Tensor? db = weights && hasBias ? Tensor.Empty([w.Size(0)], x.DType, x.Device) : null;
        int cg = x.Size(1) / groups, og = w.Size(0) / groups;
        for (int g = 0; g < groups; g++)
        {
            using Tensor xg = GroupSlice(x, 1, g, cg, groups), wg = GroupSlice(wd, 0, g, og, groups), dyg = GroupSlice(dy, 1, g, og, groups);
            if (dx is not null)
            {
                using Tensor dxg = Conv2dBackwardInput(xg, wg, dyg, stride, padding);
                x.Backend.WriteSlice(dxg, 1, g * cg, dx);
            }
            if (dwd is not null)
            {
                (Tensor dwg, Tensor? dbg) = Conv2dBackwardWeights(xg, wg, hasBias, dyg, stride, padding);
                using (dwg)
                using (dbg)
                {
                    x.Backend.WriteSlice(dwg, 0, g * og, dwd);
                    if (dbg is not null) x.Backend.WriteSlice(dbg, 0, g * og, db!);
                }
            }
        }
        return (dx, dwd is null ? null : UndilatedKernel(dwd, w, dilation), db);
    }

    /// <summary>The forward rule: the convolution is bilinear in (x, w), plus tb.</summary>
    private static Tensor Conv2dGeneralJvp(Tensor x, Tensor w, Tensor? tx, Tensor? tw, Tensor? tb, int stride, int padding, int dilation, int groups)
    {
        Shape4 shape = ConvOutputShape(x, w, new(stride, padding), dilation);
        Tensor ty = Tensor.Zeros(shape, x.DType, x.Device);
        if (tx is not null)
        {
            using Tensor part = Conv2dGeneral(tx, w, null, stride, padding, dilation, groups);
            AddInto(ty, part);
        }
        if (tw is not null)
        {
            using Tensor part = Conv2dGeneral(x, tw, null, stride, padding, dilation, groups);
            AddInto(ty, part);
        }
        if (tb is not null)
        {
            x.Backend.AddBias(ty, tb, 1);
        }
        return ty;
    }

    /// <summary>Group g's slice of <paramref name="size"/> along <paramref name="axis"/> (a view of t itself when there is one group).</summary>
    private static Tensor GroupSlice(Tensor t, int axis, int g, int size, int groups) =>
        groups == 1 ? t.Reshape(t.Shape) : Narrow(t, axis, g * size, size);

    /// <summary>w [O, Cg, Kh, Kw] spread to [O, Cg, (Kh − 1)·d + 1, (Kw − 1)·d + 1] with zeros between the taps (a view of w when d = 1).</summary>
    private static Tensor DilatedKernel(Tensor w, int d)
    {
        if (d == 1)
        {
            return w.Reshape(w.Shape);
        }
        int kh = w.Size(2), kw = w.Size(3), wide = (kw - 1) * d + 1;
        Tensor wd = Tensor.Zeros([w.Size(0), w.Size(1), (kh - 1) * d + 1, wide], w.DType, w.Device);
        using Tensor row = Tensor.Zeros([w.Size(0), w.Size(1), 1, wide], w.DType, w.Device);
        for (int i = 0; i < kh; i++)
        {
            using Tensor taps = Narrow(w, 2, i, 1);
            for (int j = 0; j < kw; j++)
            {
                using Tensor tap = Narrow(taps, 3, j, 1);
                w.Backend.WriteSlice(tap, 3, j * d, row);
            }
            w.Backend.WriteSlice(row, 2, i * d, wd);
        }
        return wd;
    }

    /// <summary>The adjoint of <see cref="DilatedKernel"/>: dwd read at the taps, shaped as w (takes dwd's reference when d = 1).</summary>
    private static Tensor UndilatedKernel(Tensor dwd, Tensor w, int d)
    {
        if (d == 1)
        {
            return dwd.Reshape(w.Shape);
        }
        Tensor dw = EmptyLike(w);
        using Tensor row = Tensor.Empty([w.Size(0), w.Size(1), 1, w.Size(3)], w.DType, w.Device);
        for (int i = 0; i < w.Size(2); i++)
        {
            using Tensor wideRow = Narrow(dwd, 2, i * d, 1);
            for (int j = 0; j < w.Size(3); j++)
            {
                using Tensor tap = Narrow(wideRow, 3, j * d, 1);
                w.Backend.WriteSlice(tap, 3, j, row);
            }
            w.Backend.WriteSlice(row, 2, i, dw);
        }
        return dw;
    }
}
