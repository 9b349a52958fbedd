using System.Numerics;

namespace SourceAD.Tensors.Backends.Cpu;

// Convolution as im2col + one GEMM. cols has shape [C·Kh·Kw, N·P] (P = Ho·Wo; column n·P + p), so the forward pass,
// both adjoints and the weight gradient's sum over the batch are each a single deterministic GEMM.
public sealed partial class CpuBackend
{
    /// <inheritdoc/>
    public void Conv2d(Tensor x, Tensor w, Tensor? bias, Tensor y, Conv2dGeometry geometry)
    {
        switch (y.DType)
        {
            case DType.Float32: Conv2d<float>(x, w, bias, y, geometry); break;
            case DType.Float64: Conv2d<double>(x, w, bias, y, geometry); break;
            default: ViaFloat32([x, w, bias], [y], false, (i, o) => Conv2d(i[0]!, i[1]!, i[2], o[0], geometry)); break;
        }
    }

    private static void Conv2d<T>(Tensor x, Tensor w, Tensor? bias, Tensor y, Conv2dGeometry g) where T : unmanaged, IFloatingPointIeee754<T>
    {
        ConvDims d = ConvDims.Of(x, w, g);
        using Tensor cols = Tensor.Empty([d.Patch, d.N * d.P], x.DType);
        Im2Col<T>(x, cols, d, g);
        using Tensor yt = Tensor.Empty([d.O, d.N * d.P], x.DType);
        CpuGemm.Gemm(d.O, d.N * d.P, d.Patch, Data<T>(w), 0, d.Patch, false, Data<T>(cols), 0, d.N * d.P, false,
            Data<T>(yt), 0, d.N * d.P, T.Zero, MaxThreads);
        T[] ytd = Data<T>(yt), yd = Data<T>(y);
        T[]? bd = bias is null ? null : Data<T>(bias);
        CpuParallel.For(d.N * d.O, MaxThreads, no =>
        {
            int n = no / d.O, o = no % d.O;
            ReadOnlySpan<T> src = ytd.AsSpan(o * d.N * d.P + n * d.P, d.P);
            Span<T> dst = yd.AsSpan(no * d.P, d.P);
            src.CopyTo(dst);
            if (bd is not null)
            {
                T b = bd[o];
                for (int p = 0; p < dst.Length; p++)
                {
                    dst[p] += b;
                }
            }
        });
    }

    /// <inheritdoc/>
    public void Conv2dBackwardInput(Tensor dy, Tensor w, Tensor dx, Conv2dGeometry geometry)
    {
        switch (dx.DType)
        {
            case DType.Float32: Conv2dBackwardInput<float>(dy, w, dx, geometry); break;
            case DType.Float64: Conv2dBackwardInput<double>(dy, w, dx, geometry); break;
            default: ViaFloat32([dy, w], [dx], false, (i, o) => Conv2dBackwardInput(i[0]!, i[1]!, o[0], geometry)); break;
        }
    }

    private static void Conv2dBackwardInput<T>(Tensor dy, Tensor w, Tensor dx, Conv2dGeometry g) where T : unmanaged, IFloatingPointIeee754<T>
    {
        ConvDims d = ConvDims.Of(dx, w, g);
        using Tensor dyt = OutputChannelsFirst<T>(dy, d);
        using Tensor dcols = Tensor.Empty([d.Patch, d.N * d.P], dx.DType);
        // dcols = Wᵀ · dY
        CpuGemm.Gemm(d.Patch, d.N * d.P, d.O, Data<T>(w), 0, d.Patch, true, Data<T>(dyt), 0, d.N * d.P, false,
            Data<T>(dcols), 0, d.N * d.P, T.Zero, MaxThreads);
        Col2Im<T>(dcols, dx, d, g);
    }

    /// <inheritdoc/>
    public void Conv2dBackwardWeight(Tensor x, Tensor dy, Tensor dw, Conv2dGeometry geometry)
    {
        switch (dw.DType)
        {
            case DType.Float32: Conv2dBackwardWeight<float>(x, dy, dw, geometry); break;
            case DType.Float64: Conv2dBackwardWeight<double>(x, dy, dw, geometry); break;
            default: ViaFloat32([x, dy], [dw], false, (i, o) => Conv2dBackwardWeight(i[0]!, i[1]!, o[0], geometry)); break;
        }
    }

    private static void Conv2dBackwardWeight<T>(Tensor x, Tensor dy, Tensor dw, Conv2dGeometry g) where T : unmanaged, IFloatingPointIeee754<T>
    {
        ConvDims d = ConvDims.Of(x, dw, g);
        using Tensor cols = Tensor.Empty([d.Patch, d.N * d.P], x.DType);
        Im2Col<T>(x, cols, d, g);
        using Tensor dyt = OutputChannelsFirst<T>(dy, d);
        // dW = dY · colsᵀ: the sum over the batch is the GEMM's K loop, in a fixed order.
        CpuGemm.Gemm(d.O, d.Patch, d.N * d.P, Data<T>(dyt), 0, d.N * d.P, false, Data<T>(cols), 0, d.N * d.P, true,
            Data<T>(dw), 0, d.Patch, T.Zero, MaxThreads);
    }

    /// <summary>dy [N, O, P] rearranged to [O, N·P].</summary>
    private static Tensor OutputChannelsFirst<T>(Tensor dy, ConvDims d) where T : unmanaged, IFloatingPointIeee754<T>
    {
        Tensor t = Tensor.Empty([d.O, d.N * d.P], dy.DType);
        T[] src = Data<T>(dy), dst = Data<T>(t);
        CpuParallel.For(d.N * d.O, MaxThreads, no =>
        {
            int n = no / d.O, o = no % d.O;
            src.AsSpan(no * d.P, d.P).CopyTo(dst.AsSpan(o * d.N * d.P + n * d.P, d.P));
        });
        return t;
    }

    private static void Im2Col<T>(Tensor x, Tensor cols, ConvDims d, Conv2dGeometry g) where T : unmanaged, IFloatingPointIeee754<T>
    {
        T[] xd = Data<T>(x), cd = Data<T>(cols);
        int ld = d.N * d.P;
        CpuParallel.For(d.N * d.C, MaxThreads, nc =>
        {
            int n = nc / d.C, c = nc % d.C;
            int plane = nc * d.H * d.W;
            for (int i = 0; i < d.Kh; i++)
            {
                for (int j = 0; j < d.Kw; j++)
                {
                    Span<T> dst = cd.AsSpan(((c * d.Kh + i) * d.Kw + j) * ld + n * d.P, d.P);
                    for (int oh = 0; oh < d.Ho; oh++)
                    {
                        int h = oh * g.Stride - g.Padding + i;
                        Span<T> row = dst.Slice(oh * d.Wo, d.Wo);
                        if ((uint)h >= (uint)d.H)
                        {
                            row.Clear();
                            continue;
                        }
                        int src = plane + h * d.W;
                        if (g.Stride == 1)
                        {
                            // Output columns lo..hi−1 read input columns lo−padding+j onward: one block copy, zeros around it.
                            (int lo, int hi) = ValidColumns(d, g, j);
                            row[..lo].Clear();
                            if (hi > lo)
                            {
                                xd.AsSpan(src + lo - g.Padding + j, hi - lo).CopyTo(row[lo..hi]);
                            }
                            row[hi..].Clear();
                            continue;
                        }
                        for (int ow = 0; ow < d.Wo; ow++)
                        {
                            int wi = ow * g.Stride - g.Padding + j;
                            row[ow] = (uint)wi < (uint)d.W ? xd[src + wi] : T.Zero;
                        }
                    }
                }
            }
        });
    }

    private static void Col2Im<T>(Tensor cols, Tensor x, ConvDims d, Conv2dGeometry g) where T : unmanaged, IFloatingPointIeee754<T>
    {
        T[] xd = Data<T>(x), cd = Data<T>(cols);
        int ld = d.N * d.P;
        // One (sample, channel) plane per work item, accumulated in a fixed order.
        CpuParallel.For(d.N * d.C, MaxThreads, nc =>
        {
            int n = nc / d.C, c = nc % d.C;
            Span<T> plane = xd.AsSpan(nc * d.H * d.W, d.H * d.W);
            plane.Clear();
            for (int i = 0; i < d.Kh; i++)
            {
                for (int j = 0; j < d.Kw; j++)
                {
                    ReadOnlySpan<T> src = cd.AsSpan(((c * d.Kh + i) * d.Kw + j) * ld + n * d.P, d.P);
                    for (int oh = 0; oh < d.Ho; oh++)
                    {
                        int h = oh * g.Stride - g.Padding + i;
                        if ((uint)h >= (uint)d.H)
                        {
                            continue;
                        }
                        if (g.Stride == 1)
                        {
                            (int lo, int hi) = ValidColumns(d, g, j);
                            if (hi > lo)
                            {
                                Span<T> dst = plane.Slice(h * d.W + lo - g.Padding + j, hi - lo);
                                System.Numerics.Tensors.TensorPrimitives.Add(dst, src.Slice(oh * d.Wo + lo, hi - lo), dst);
                            }
                            continue;
                        }
                        for (int ow = 0; ow < d.Wo; ow++)
                        {
                            int wi = ow * g.Stride - g.Padding + j;
                            if ((uint)wi < (uint)d.W)
                            {
                                plane[h * d.W + wi] += src[oh * d.Wo + ow];
                            }
                        }
                    }
                }
            }
        });
    }

    /// <summary>For stride 1: the output columns [lo, hi) whose input column ow − padding + j lies inside the row.</summary>
    private static (int Lo, int Hi) ValidColumns(ConvDims d, Conv2dGeometry g, int j)
    {
        int lo = Math.Clamp(g.Padding - j, 0, d.Wo);
        int hi = Math.Clamp(d.W + g.Padding - j, lo, d.Wo);
        return (lo, hi);
    }

    private readonly record struct ConvDims(int N, int C, int H, int W, int O, int Kh, int Kw, int Ho, int Wo)
    {
        public int P => Ho * Wo;

        public int Patch => C * Kh * Kw;

        public static ConvDims Of(Tensor x, Tensor w, Conv2dGeometry g) => new(
            x.Size(0), x.Size(1), x.Size(2), x.Size(3), w.Size(0), w.Size(2), w.Size(3),
            g.OutputSize(x.Size(2), w.Size(2)), g.OutputSize(x.Size(3), w.Size(3)));
    }
}
