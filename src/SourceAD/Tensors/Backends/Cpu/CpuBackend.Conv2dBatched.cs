using System.Numerics;

namespace SourceAD.Tensors.Backends.Cpu;

// Convolution on small maps (Ho·Wo ≤ SmallMapPixels, e.g. a ResNet's 8×8 and 4×4 stages): one sample's GEMM would
// be [O, C·Kh·Kw] × [C·Kh·Kw, Ho·Wo] with only 16 or 64 columns, too narrow for the micro-kernel's strips, so a work
// item takes a group of samples and lays their columns side by side: cols [C·Kh·Kw, G·Ho·Wo], sample s at columns
// s·Ho·Wo onward. The group size depends on the shape only (never on threads), so results stay deterministic.
public sealed partial class CpuBackend
{
    /// <summary>The largest output map (Ho·Wo) that takes the batched path.</summary>
    private const int SmallMapPixels = 64;

    /// <summary>
    /// The largest map for which a stride-1 forward or input adjoint takes the batched path: up to 8×8 their wide-row
    /// paths (no im2col copy) measured as fast, while the weight gradient and strided convolutions gain from batching.
    /// </summary>
    private const int SmallMapPixelsWide = 16;

    /// <summary>About how many GEMM columns a batched group gathers.</summary>
    private const int BatchedColumns = 256;

    /// <summary>Samples per GEMM: 1 (the per-sample paths) unless the map is small and the batch has several samples.</summary>
    private static int SamplesPerGemm(ConvDims d, Conv2dGeometry g, bool weightGradient) =>
        d.P > (weightGradient || g.Stride != 1 ? SmallMapPixels : SmallMapPixelsWide) || d.P == 0 || d.Kh * d.Kw * d.P > MaxPixelMap
            ? 1
            : Math.Min(d.N, (BatchedColumns + d.P - 1) / d.P);

    /// <summary>The largest <see cref="PixelMap"/> (Kh·Kw·P ints, on the stack): kernels up to 8×8 on 8×8 maps.</summary>
    private const int MaxPixelMap = 4096;

    private static int Groups(int n, int size) => (n + size - 1) / size;

    /// <summary>
    /// Where output pixel p of kernel offset (i, j) reads its input plane: entry (i·Kw + j)·P + p is h·W + w, or −1 in
    /// the padding. On maps this small, im2col as short row copies costs as much as the GEMM; a gather through this
    /// table does not.
    /// </summary>
    private static void PixelMap(Span<int> map, ConvDims d, Conv2dGeometry g)
    {
        for (int i = 0; i < d.Kh; i++)
        {
            for (int j = 0; j < d.Kw; j++)
            {
                Span<int> m = map.Slice((i * d.Kw + j) * d.P, d.P);
                for (int oh = 0; oh < d.Ho; oh++)
                {
                    int h = oh * g.Stride - g.Padding + i;
                    for (int ow = 0; ow < d.Wo; ow++)
                    {
                        int w = ow * g.Stride - g.Padding + j;
                        m[oh * d.Wo + ow] = (uint)h < (uint)d.H && (uint)w < (uint)d.W ? h * d.W + w : -1;
                    }
                }
            }
        }
    }

    /// <summary>A group's columns: im2col of samples first.. into [Patch, count·P] (this thread's scratch C).</summary>
    private static T[] GroupColumns<T>(T[] xd, int first, int count, ConvDims d, Conv2dGeometry g) where T : unmanaged, IFloatingPointIeee754<T>
    {
        int ld = count * d.P, taps = d.Kh * d.Kw, plane = d.H * d.W;
        T[] cols = CpuScratch<T>.C(d.Patch * ld);
        Span<int> map = stackalloc int[taps * d.P];
        PixelMap(map, d, g);
        for (int s = 0; s < count; s++)
        {
            for (int c = 0; c < d.C; c++)
            {
                ReadOnlySpan<T> x = xd.AsSpan(((first + s) * d.C + c) * plane, plane);
                for (int t = 0; t < taps; t++)
                {
                    Span<T> dst = cols.AsSpan((c * taps + t) * ld + s * d.P, d.P);
                    ReadOnlySpan<int> m = map.Slice(t * d.P, d.P);
                    for (int p = 0; p < dst.Length; p++)
                    {
                        int at = m[p];
                        dst[p] = at >= 0 ? x[at] : T.Zero;
                    }
                }
            }
        }
        return cols;
    }

    /// <summary>
    /// dx[first + s] = col2im of the group's columns s·P.. through the pixel map: kernel offsets, then pixels, in the
    /// order of <see cref="Col2ImSample{T}(T[], T[], int, ConvDims, Conv2dGeometry)"/>, so the sums are the same.
    /// </summary>
    private static void GroupCol2Im<T>(T[] dcols, T[] dxd, int first, int count, ConvDims d, Conv2dGeometry g) where T : unmanaged, IFloatingPointIeee754<T>
    {
        int ld = count * d.P, taps = d.Kh * d.Kw, plane = d.H * d.W;
        Span<int> map = stackalloc int[taps * d.P];
        PixelMap(map, d, g);
        for (int s = 0; s < count; s++)
        {
            for (int c = 0; c < d.C; c++)
            {
                Span<T> x = dxd.AsSpan(((first + s) * d.C + c) * plane, plane);
                x.Clear();
                for (int t = 0; t < taps; t++)
                {
                    ReadOnlySpan<T> src = dcols.AsSpan((c * taps + t) * ld + s * d.P, d.P);
                    ReadOnlySpan<int> m = map.Slice(t * d.P, d.P);
                    for (int p = 0; p < src.Length; p++)
                    {
                        int at = m[p];
                        if (at >= 0)
                        {
                            x[at] += src[p];
                        }
                    }
                }
            }
        }
    }

    /// <summary>A group's output adjoints dY[first..] as [O, count·P] (this thread's scratch E).</summary>
    private static T[] GroupAdjoints<T>(T[] dyd, int first, int count, ConvDims d) where T : unmanaged
    {
        int ld = count * d.P;
        T[] dyg = CpuScratch<T>.E(d.O * ld);
        for (int s = 0; s < count; s++)
        {
            for (int o = 0; o < d.O; o++)
            {
                dyd.AsSpan(((first + s) * d.O + o) * d.P, d.P).CopyTo(dyg.AsSpan(o * ld + s * d.P, d.P));
            }
        }
        return dyg;
    }

    /// <summary>One group: Y[:, group] = W · cols, scattered to y[n] [O, P], plus the bias.</summary>
    private readonly struct BatchedConvForward<T>(T[] xd, T[] wd, T[]? bd, T[] yd, ConvDims d, Conv2dGeometry g, int samples) : IParallelBody
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        public void Invoke(int group)
        {
            int first = group * samples, count = Math.Min(samples, d.N - first), ld = count * d.P;
            T[] cols = GroupColumns(xd, first, count, d, g);
            T[] yt = CpuScratch<T>.E(d.O * ld);
            CpuGemm.Gemm(d.O, ld, d.Patch, wd, 0, d.Patch, false, cols, 0, ld, false, yt, 0, ld, T.Zero, threads: 1);
            for (int s = 0; s < count; s++)
            {
                for (int o = 0; o < d.O; o++)
                {
                    ReadOnlySpan<T> src = yt.AsSpan(o * ld + s * d.P, d.P);
                    Span<T> dst = yd.AsSpan(((first + s) * d.O + o) * d.P, d.P);
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
        }
    }

    /// <summary>One group: dcols = Wᵀ · dY[:, group], then col2im sample by sample.</summary>
    private readonly struct BatchedConvBackwardInput<T>(T[] dyd, T[] wd, T[] dxd, ConvDims d, Conv2dGeometry g, int samples) : IParallelBody
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        public void Invoke(int group)
        {
            int first = group * samples, count = Math.Min(samples, d.N - first), ld = count * d.P;
            T[] dyg = GroupAdjoints(dyd, first, count, d);
            T[] dcols = CpuScratch<T>.C(d.Patch * ld);
            CpuGemm.Gemm(d.Patch, ld, d.O, wd, 0, d.Patch, true, dyg, 0, ld, false, dcols, 0, ld, T.Zero, threads: 1);
            GroupCol2Im(dcols, dxd, first, count, d, g);
        }
    }

    /// <summary>One group's partial weight gradient: dY[:, group] · colsᵀ, one GEMM with K = count·P.</summary>
    private readonly struct BatchedConvWeightGroup<T>(T[] xd, T[] dyd, T[] partial, ConvDims d, Conv2dGeometry g, int samples) : IParallelBody
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        public void Invoke(int group)
        {
            int first = group * samples, count = Math.Min(samples, d.N - first), ld = count * d.P;
            T[] cols = GroupColumns(xd, first, count, d, g);
            T[] dyg = GroupAdjoints(dyd, first, count, d);
            CpuGemm.Gemm(d.O, d.Patch, ld, dyg, 0, ld, false, cols, 0, ld, true, partial, group * d.O * d.Patch, d.Patch, T.Zero, threads: 1);
        }
    }
}
