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
        d.P > (weightGradient || g.Stride != 1 ? SmallMapPixels : SmallMapPixelsWide) || d.P == 0
            ? 1
            : Math.Min(d.N, (BatchedColumns + d.P - 1) / d.P);

    private static int Groups(int n, int size) => (n + size - 1) / size;

    /// <summary>A group's columns: im2col of samples first.. into [Patch, count·P] (this thread's scratch C).</summary>
    private static T[] GroupColumns<T>(T[] xd, int first, int count, ConvDims d, Conv2dGeometry g) where T : unmanaged, IFloatingPointIeee754<T>
    {
        int ld = count * d.P;
        T[] cols = CpuScratch<T>.C(d.Patch * ld);
        for (int s = 0; s < count; s++)
        {
            Im2ColSample(xd, first + s, cols, d, g, ld, s * d.P);
        }
        return cols;
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
            for (int s = 0; s < count; s++)
            {
                Col2ImSample(dcols, dxd, first + s, d, g, ld, s * d.P);
            }
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
