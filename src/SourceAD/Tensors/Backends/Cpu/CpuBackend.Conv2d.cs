using System.Numerics;

namespace SourceAD.Tensors.Backends.Cpu;

// Convolution as im2col + GEMM, one sample per work item: a sample's columns [C·Kh·Kw, P] (P = Ho·Wo) live in the
// thread's scratch (cache-sized, never the whole batch's), the forward GEMM writes y[n] in place, the input adjoint is
// one GEMM + col2im per sample, and the weight gradient sums samples in fixed groups, then the groups in order.
public sealed partial class CpuBackend
{
    /// <inheritdoc/>
    public void Conv2d(Tensor x, Tensor w, Tensor? bias, Tensor y, Conv2dGeometry geometry)
    {
        switch (y.DType)
        {
            case DType.Float32: Conv2d<float>(x, w, bias, y, geometry); break;
            case DType.Float64: Conv2d<double>(x, w, bias, y, geometry); break;
            default: Conv2dViaFloat32(x, w, bias, y, geometry); break;
        }
    }

    // Separate so that the float16 path's closure is not allocated on every float32/float64 call.
    private void Conv2dViaFloat32(Tensor x, Tensor w, Tensor? bias, Tensor y, Conv2dGeometry geometry) =>
        ViaFloat32([x, w, bias], [y], false, (i, o) => Conv2d(i[0]!, i[1]!, i[2], o[0], geometry));

    private static void Conv2d<T>(Tensor x, Tensor w, Tensor? bias, Tensor y, Conv2dGeometry g) where T : unmanaged, IFloatingPointIeee754<T>
    {
        ConvDims d = ConvDims.Of(x, w, g);
        int samples = SamplesPerGemm(d, g, weightGradient: false);
        if (samples > 1)
        {
            CpuParallel.For(Groups(d.N, samples), MaxThreads, new BatchedConvForward<T>(Data<T>(x), Data<T>(w), bias is null ? null : Data<T>(bias), Data<T>(y), d, g, samples));
            return;
        }
        CpuParallel.For(d.N, MaxThreads, new ConvForward<T>(Data<T>(x), Data<T>(w), bias is null ? null : Data<T>(bias), Data<T>(y), d, g));
    }

    /// <summary>One sample: im2col into this thread's scratch [C·Kh·Kw, P], one GEMM straight into y[n], plus the bias.</summary>
    private readonly struct ConvForward<T>(T[] xd, T[] wd, T[]? bd, T[] yd, ConvDims d, Conv2dGeometry g) : IParallelBody
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        public void Invoke(int n)
        {
            int yOffset = n * d.O * d.P;
            if (g.Stride == 1)
            {
                // Wide rows: columns over Ho × Wp (padded width), then keep the first Wo of each row.
                var wide = new WideRows(d, g);
                T[] xp = CpuScratch<T>.D(d.C * wide.Plane);
                T[] yt = CpuScratch<T>.E(d.O * wide.L);
                wide.Pad(xd, n, xp);
                // The column rows are read in place in the padded planes (no im2col copy).
                CpuGemm.Gemm(d.O, wide.L, d.Patch, wd, 0, d.Patch, false, xp, wide.RowOffsets, false, yt, 0, wide.L, T.Zero, threads: 1);
                for (int o = 0; o < d.O; o++)
                {
                    for (int oh = 0; oh < d.Ho; oh++)
                    {
                        ReadOnlySpan<T> src = yt.AsSpan(o * wide.L + oh * wide.Wp, d.Wo);
                        Span<T> dst = yd.AsSpan(yOffset + (o * d.Ho + oh) * d.Wo, d.Wo);
                        if (bd is null)
                        {
                            src.CopyTo(dst);
                        }
                        else
                        {
                            System.Numerics.Tensors.TensorPrimitives.Add(src, bd[o], dst);
                        }
                    }
                }
                return;
            }
            T[] cols = CpuScratch<T>.C(d.Patch * d.P);
            Im2ColSample(xd, n, cols, d, g);
            CpuGemm.Gemm(d.O, d.P, d.Patch, wd, 0, d.Patch, false, cols, 0, d.P, false, yd, yOffset, d.P, T.Zero, threads: 1);
            if (bd is not null)
            {
                for (int o = 0; o < d.O; o++)
                {
                    System.Numerics.Tensors.TensorPrimitives.Add(yd.AsSpan(yOffset + o * d.P, d.P), bd[o], yd.AsSpan(yOffset + o * d.P, d.P));
                }
            }
        }
    }

    /// <inheritdoc/>
    public void Conv2dBackwardInput(Tensor dy, Tensor w, Tensor dx, Conv2dGeometry geometry)
    {
        switch (dx.DType)
        {
            case DType.Float32: Conv2dBackwardInput<float>(dy, w, dx, geometry); break;
            case DType.Float64: Conv2dBackwardInput<double>(dy, w, dx, geometry); break;
            default: Conv2dBackwardInputViaFloat32(dy, w, dx, geometry); break;
        }
    }

    // Separate so that the float16 path's closure is not allocated on every float32/float64 call.
    private void Conv2dBackwardInputViaFloat32(Tensor dy, Tensor w, Tensor dx, Conv2dGeometry geometry) =>
        ViaFloat32([dy, w], [dx], false, (i, o) => Conv2dBackwardInput(i[0]!, i[1]!, o[0], geometry));

    private static void Conv2dBackwardInput<T>(Tensor dy, Tensor w, Tensor dx, Conv2dGeometry g) where T : unmanaged, IFloatingPointIeee754<T>
    {
        ConvDims d = ConvDims.Of(dx, w, g);
        int samples = SamplesPerGemm(d, g, weightGradient: false);
        if (samples > 1)
        {
            CpuParallel.For(Groups(d.N, samples), MaxThreads, new BatchedConvBackwardInput<T>(Data<T>(dy), Data<T>(w), Data<T>(dx), d, g, samples));
            return;
        }
        CpuParallel.For(d.N, MaxThreads, new ConvBackwardInput<T>(Data<T>(dy), Data<T>(w), Data<T>(dx), d, g));
    }

    /// <summary>One sample: dcols = Wᵀ·dY[n] into this thread's scratch, then col2im into dx[n].</summary>
    private readonly struct ConvBackwardInput<T>(T[] dyd, T[] wd, T[] dxd, ConvDims d, Conv2dGeometry g) : IParallelBody
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        public void Invoke(int n)
        {
            if (g.Stride == 1)
            {
                var wide = new WideRows(d, g);
                T[] dyp = CpuScratch<T>.E(d.O * wide.L);
                T[] wdcols = CpuScratch<T>.C(d.Patch * wide.L);
                T[] dxp = CpuScratch<T>.D(d.C * wide.Plane);
                wide.WidenAdjoint(dyd, n, dyp, wide.L);
                CpuGemm.Gemm(d.Patch, wide.L, d.O, wd, 0, d.Patch, true, dyp, 0, wide.L, false, wdcols, 0, wide.L, T.Zero, threads: 1);
                wide.AddColumns(wdcols, dxp);
                wide.Unpad(dxp, dxd, n);
                return;
            }
            T[] dcols = CpuScratch<T>.C(d.Patch * d.P);
            CpuGemm.Gemm(d.Patch, d.P, d.O, wd, 0, d.Patch, true, dyd, n * d.O * d.P, d.P, false, dcols, 0, d.P, T.Zero, threads: 1);
            Col2ImSample(dcols, dxd, n, d, g);
        }
    }

    /// <inheritdoc/>
    public void Conv2dBackwardWeight(Tensor x, Tensor dy, Tensor dw, Conv2dGeometry geometry)
    {
        switch (dw.DType)
        {
            case DType.Float32: Conv2dBackwardWeight<float>(x, dy, dw, geometry); break;
            case DType.Float64: Conv2dBackwardWeight<double>(x, dy, dw, geometry); break;
            default: Conv2dBackwardWeightViaFloat32(x, dy, dw, geometry); break;
        }
    }

    // Separate so that the float16 path's closure is not allocated on every float32/float64 call.
    private void Conv2dBackwardWeightViaFloat32(Tensor x, Tensor dy, Tensor dw, Conv2dGeometry geometry) =>
        ViaFloat32([x, dy], [dw], false, (i, o) => Conv2dBackwardWeight(i[0]!, i[1]!, o[0], geometry));

    /// <summary>Samples per partial weight gradient (a constant: the summation order never depends on threads).</summary>
    private const int WeightGradientGroup = 4;

    private static void Conv2dBackwardWeight<T>(Tensor x, Tensor dy, Tensor dw, Conv2dGeometry g) where T : unmanaged, IFloatingPointIeee754<T>
    {
        ConvDims d = ConvDims.Of(x, dw, g);
        int samples = SamplesPerGemm(d, g, weightGradient: true);
        int groups = samples > 1 ? Groups(d.N, samples) : Groups(d.N, WeightGradientGroup);
        int size = d.O * d.Patch;
        T[] partial = CpuArrayPool<T>.Rent(groups * size);
        try
        {
            // dW = Σ_n dY[n]·cols[n]ᵀ: each group of samples sums its products in sample order (the GEMM's beta = 1),
            // or, for small maps, as one GEMM over the group's columns; then the groups' partials are added in group order.
            if (samples > 1)
            {
                CpuParallel.For(groups, MaxThreads, new BatchedConvWeightGroup<T>(Data<T>(x), Data<T>(dy), partial, d, g, samples));
            }
            else
            {
                CpuParallel.For(groups, MaxThreads, new ConvWeightGroup<T>(Data<T>(x), Data<T>(dy), partial, d, g));
            }
            T[] dwd = Data<T>(dw);
            partial.AsSpan(0, size).CopyTo(dwd);
            for (int group = 1; group < groups; group++)
            {
                System.Numerics.Tensors.TensorPrimitives.Add(dwd.AsSpan(0, size), partial.AsSpan(group * size, size), dwd.AsSpan(0, size));
            }
        }
        finally
        {
            CpuArrayPool<T>.Return(partial);
        }
    }

    private readonly struct ConvWeightGroup<T>(T[] xd, T[] dyd, T[] partial, ConvDims d, Conv2dGeometry g) : IParallelBody
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        public void Invoke(int group)
        {
            int first = group * WeightGradientGroup, last = Math.Min(d.N, first + WeightGradientGroup);
            if (g.Stride == 1)
            {
                var wide = new WideRows(d, g);
                T[] xp = CpuScratch<T>.D(d.C * wide.Plane);
                T[] dyp = CpuScratch<T>.E(d.O * wide.LRounded);
                for (int n = first; n < last; n++)
                {
                    wide.Pad(xd, n, xp);
                    wide.WidenAdjoint(dyd, n, dyp, wide.LRounded);
                    // dW[o, (c, i, j)] += Σ_t dY[o, t]·xp[c, i·Wp + j + t]: the column rows are read in place in the
                    // padded planes. The padding columns of dY are zero, so they add nothing.
                    CpuGemm.DotRows(d.O, d.Patch, wide.LRounded, dyp, 0, wide.LRounded, xp, wide.RowOffsets,
                        partial, group * d.O * d.Patch, d.Patch, accumulate: n != first);
                }
                return;
            }
            T[] cols = CpuScratch<T>.C(d.Patch * d.P);
            for (int n = first; n < last; n++)
            {
                Im2ColSample(xd, n, cols, d, g);
                CpuGemm.Gemm(d.O, d.Patch, d.P, dyd, n * d.O * d.P, d.P, false, cols, 0, d.P, true,
                    partial, group * d.O * d.Patch, d.Patch, n == first ? T.Zero : T.One, threads: 1);
            }
        }
    }

    /// <summary>Sample n of x [N, C, H, W] as columns [C·Kh·Kw, Ho·Wo] (row (c, i, j), column oh·Wo + ow).</summary>
    private static void Im2ColSample<T>(T[] xd, int n, T[] cd, ConvDims d, Conv2dGeometry g) where T : unmanaged, IFloatingPointIeee754<T> =>
        Im2ColSample(xd, n, cd, d, g, d.P, 0);

    /// <summary>Sample n of x as the columns [column0, column0 + Ho·Wo) of rows <paramref name="ld"/> long.</summary>
    private static void Im2ColSample<T>(T[] xd, int n, T[] cd, ConvDims d, Conv2dGeometry g, int ld, int column0)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        for (int c = 0; c < d.C; c++)
        {
            int plane = (n * d.C + c) * d.H * d.W;
            for (int i = 0; i < d.Kh; i++)
            {
                for (int j = 0; j < d.Kw; j++)
                {
                    Span<T> dst = cd.AsSpan(((c * d.Kh + i) * d.Kw + j) * ld + column0, d.P);
                    (int lo, int hi) = ValidColumns(d, g, j);
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
                            row[..lo].Clear();
                            if (hi > lo)
                            {
                                xd.AsSpan(src + lo - g.Padding + j, hi - lo).CopyTo(row[lo..hi]);
                            }
                            row[hi..].Clear();
                            continue;
                        }
                        // Output columns lo..hi−1 read every stride-th input column from lo·stride − padding + j.
                        row[..lo].Clear();
                        if (hi > lo)
                        {
                            ReadOnlySpan<T> from = xd.AsSpan(src + lo * g.Stride - g.Padding + j, (hi - lo - 1) * g.Stride + 1);
                            Span<T> to = row[lo..hi];
                            for (int t = 0; t < to.Length; t++)
                            {
                                to[t] = from[t * g.Stride];
                            }
                        }
                        row[hi..].Clear();
                    }
                }
            }
        }
    }

    /// <summary>dx[n] = the adjoint of <see cref="Im2ColSample{T}(T[], int, T[], ConvDims, Conv2dGeometry)"/> applied to cols, plane by plane in a fixed order.</summary>
    private static void Col2ImSample<T>(T[] cd, T[] xd, int n, ConvDims d, Conv2dGeometry g) where T : unmanaged, IFloatingPointIeee754<T> =>
        Col2ImSample(cd, xd, n, d, g, d.P, 0);

    /// <summary>Col2im of the columns [column0, column0 + Ho·Wo) of rows <paramref name="ld"/> long.</summary>
    private static void Col2ImSample<T>(T[] cd, T[] xd, int n, ConvDims d, Conv2dGeometry g, int ld, int column0)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        for (int c = 0; c < d.C; c++)
        {
            Span<T> plane = xd.AsSpan((n * d.C + c) * d.H * d.W, d.H * d.W);
            plane.Clear();
            for (int i = 0; i < d.Kh; i++)
            {
                for (int j = 0; j < d.Kw; j++)
                {
                    ReadOnlySpan<T> src = cd.AsSpan(((c * d.Kh + i) * d.Kw + j) * ld + column0, d.P);
                    (int lo, int hi) = ValidColumns(d, g, j);
                    for (int oh = 0; oh < d.Ho; oh++)
                    {
                        int h = oh * g.Stride - g.Padding + i;
                        if ((uint)h >= (uint)d.H)
                        {
                            continue;
                        }
                        if (g.Stride == 1)
                        {
                            if (hi > lo)
                            {
                                Span<T> dst = plane.Slice(h * d.W + lo - g.Padding + j, hi - lo);
                                System.Numerics.Tensors.TensorPrimitives.Add(dst, src.Slice(oh * d.Wo + lo, hi - lo), dst);
                            }
                            continue;
                        }
                        if (hi > lo)
                        {
                            Span<T> to = plane.Slice(h * d.W + lo * g.Stride - g.Padding + j, (hi - lo - 1) * g.Stride + 1);
                            ReadOnlySpan<T> from = src.Slice(oh * d.Wo + lo, hi - lo);
                            for (int t = 0; t < from.Length; t++)
                            {
                                to[t * g.Stride] += from[t];
                            }
                        }
                    }
                }
            }
        }
    }

    /// <summary>
    /// Stride-1 im2col over wide rows: with the sample zero-padded into planes of width Wp = W + 2·padding, output
    /// position (oh, ow) becomes column t = oh·Wp + ow of a row of length L = Ho·Wp, and the column row of kernel offset
    /// (c, i, j) is the padded plane read from i·Wp + j on: one contiguous copy instead of Ho short ones. Columns with
    /// ow ≥ Wo are computed and dropped (forward), or meet zero adjoints (backward). Each plane has Kw + 16 spare elements
    /// at its end, so the last row's read (up to LRounded long) stays inside it.
    /// </summary>
    private readonly struct WideRows
    {
        private readonly ConvDims _d;
        private readonly int _padding;

        public WideRows(ConvDims d, Conv2dGeometry g)
        {
            _d = d;
            _padding = g.Padding;
            Wp = d.W + 2 * g.Padding;
            L = d.Ho * Wp;
            LRounded = (L + 15) & ~15;
            Plane = (d.H + 2 * g.Padding) * Wp + d.Kw + 16;
        }

        public int Wp { get; }

        public int L { get; }

        /// <summary>L rounded up to a multiple of 16 (whole vectors; the adjoint is zero past L).</summary>
        public int LRounded { get; }

        public int Plane { get; }

        /// <summary>Where column row (c, i, j) starts in the padded planes.</summary>
        public ColumnRows RowOffsets => new(_d.Kh, _d.Kw, Wp, Plane);

        public readonly struct ColumnRows(int kh, int kw, int wp, int plane) : CpuGemm.IRowOffsets
        {
            public int Offset(int row)
            {
                int c = row / (kh * kw), ij = row - c * kh * kw, i = ij / kw;
                return c * plane + i * wp + (ij - i * kw);
            }
        }

        /// <summary>Sample n of x into zero-padded planes.</summary>
        public void Pad<T>(T[] xd, int n, T[] xp) where T : unmanaged
        {
            xp.AsSpan(0, _d.C * Plane).Clear();
            for (int c = 0; c < _d.C; c++)
            {
                int src = (n * _d.C + c) * _d.H * _d.W, dst = c * Plane + _padding * Wp + _padding;
                for (int h = 0; h < _d.H; h++)
                {
                    xd.AsSpan(src + h * _d.W, _d.W).CopyTo(xp.AsSpan(dst + h * Wp, _d.W));
                }
            }
        }

        /// <summary>Padded planes += the column rows [C·Kh·Kw, L] (the adjoint of reading them), kernel offsets in order.</summary>
        public void AddColumns<T>(T[] cols, T[] xp) where T : unmanaged, IFloatingPointIeee754<T>
        {
            xp.AsSpan(0, _d.C * Plane).Clear();
            int row = 0;
            for (int c = 0; c < _d.C; c++)
            {
                for (int i = 0; i < _d.Kh; i++)
                {
                    for (int j = 0; j < _d.Kw; j++, row++)
                    {
                        Span<T> dst = xp.AsSpan(c * Plane + i * Wp + j, L);
                        System.Numerics.Tensors.TensorPrimitives.Add(dst, cols.AsSpan(row * L, L), dst);
                    }
                }
            }
        }

        /// <summary>dx[n] = the inside of the padded planes.</summary>
        public void Unpad<T>(T[] xp, T[] xd, int n) where T : unmanaged
        {
            for (int c = 0; c < _d.C; c++)
            {
                int dst = (n * _d.C + c) * _d.H * _d.W, src = c * Plane + _padding * Wp + _padding;
                for (int h = 0; h < _d.H; h++)
                {
                    xp.AsSpan(src + h * Wp, _d.W).CopyTo(xd.AsSpan(dst + h * _d.W, _d.W));
                }
            }
        }

        /// <summary>dY[n] [O, Ho, Wo] as wide rows of <paramref name="stride"/> ≥ L elements, zero at ow ≥ Wo and past L.</summary>
        public void WidenAdjoint<T>(T[] dyd, int n, T[] dyp, int stride) where T : unmanaged
        {
            for (int o = 0; o < _d.O; o++)
            {
                for (int oh = 0; oh < _d.Ho; oh++)
                {
                    Span<T> dst = dyp.AsSpan(o * stride + oh * Wp, Wp);
                    dyd.AsSpan(((n * _d.O + o) * _d.Ho + oh) * _d.Wo, _d.Wo).CopyTo(dst);
                    dst[_d.Wo..].Clear();
                }
                dyp.AsSpan(o * stride + L, stride - L).Clear();
            }
        }
    }

    /// <summary>The output columns [lo, hi) whose input column ow·stride − padding + j lies inside the row.</summary>
    private static (int Lo, int Hi) ValidColumns(ConvDims d, Conv2dGeometry g, int j)
    {
        int s = g.Stride;
        // ow·s ≥ padding − j and ow·s < W + padding − j, as ceilings of the divisions (both bounds may be negative).
        int lo = Math.Clamp(CeilDiv(g.Padding - j, s), 0, d.Wo);
        int hi = Math.Clamp(CeilDiv(d.W + g.Padding - j, s), lo, d.Wo);
        return (lo, hi);
    }

    private static int CeilDiv(int a, int b) => a >= 0 ? (a + b - 1) / b : -(-a / b);

    private readonly record struct ConvDims(int N, int C, int H, int W, int O, int Kh, int Kw, int Ho, int Wo)
    {
        public int P => Ho * Wo;

        public int Patch => C * Kh * Kw;

        public static ConvDims Of(Tensor x, Tensor w, Conv2dGeometry g) => new(
            x.Size(0), x.Size(1), x.Size(2), x.Size(3), w.Size(0), w.Size(2), w.Size(3),
            g.OutputSize(x.Size(2), w.Size(2)), g.OutputSize(x.Size(3), w.Size(3)));
    }
}
