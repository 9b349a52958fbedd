using System.Buffers;
using System.Numerics;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace SourceAD.Tensors.Backends.Cpu;

// Layer norm over the last axis in one pass per row (forward) and one per row (backward), instead of the eight or so
// composed kernel passes of Ops.LayerNorm's portable path, which made it ~11 ms of the GPT step. Every sum runs in
// double over one row (lanes added in a fixed order), so a row's values depend on the row alone; the weight and bias
// gradients are summed per fixed block of rows, then the blocks in order, so they never depend on the thread count.
public sealed partial class CpuBackend
{
    /// <summary>Rows per work item of the backward pass; fixed (not derived from the thread count) so its sums are too.</summary>
    private const int LayerNormBlockRows = 16;

    /// <inheritdoc/>
    public bool HasFusedLayerNorm(DType dtype) => dtype is DType.Float32 or DType.Float64;

    /// <inheritdoc/>
    public void LayerNorm(Tensor x, Tensor weight, Tensor bias, Tensor y, double eps)
    {
        int d = x.Size(-1), rows = x.Length / d;
        if (x.DType == DType.Float32)
        {
            CpuParallel.For(rows, MaxThreads, new LayerNormRows<float>(Data<float>(x), Data<float>(weight), Data<float>(bias), Data<float>(y), d, eps));
        }
        else
        {
            CpuParallel.For(rows, MaxThreads, new LayerNormRows<double>(Data<double>(x), Data<double>(weight), Data<double>(bias), Data<double>(y), d, eps));
        }
    }

    /// <inheritdoc/>
    public void LayerNormBackward(Tensor x, Tensor weight, Tensor dy, Tensor dx, Tensor dweight, Tensor dbias, double eps)
    {
        int d = x.Size(-1), rows = x.Length / d;
        int blocks = (rows + LayerNormBlockRows - 1) / LayerNormBlockRows;
        double[] partial = ArrayPool<double>.Shared.Rent(2 * blocks * d);
        try
        {
            if (x.DType == DType.Float32)
            {
                CpuParallel.For(blocks, MaxThreads, new LayerNormBackwardBlocks<float>(Data<float>(x), Data<float>(weight), Data<float>(dy), Data<float>(dx), partial, rows, d, eps));
                SumLayerNormBlocks(partial, blocks, d, Data<float>(dweight), Data<float>(dbias));
            }
            else
            {
                CpuParallel.For(blocks, MaxThreads, new LayerNormBackwardBlocks<double>(Data<double>(x), Data<double>(weight), Data<double>(dy), Data<double>(dx), partial, rows, d, eps));
                SumLayerNormBlocks(partial, blocks, d, Data<double>(dweight), Data<double>(dbias));
            }
        }
        finally
        {
            ArrayPool<double>.Shared.Return(partial);
        }
    }

    /// <summary>The blocks' partial dweight and dbias (block b at [2bd, 2bd + d) and [2bd + d, 2bd + 2d)), added in block order.</summary>
    private static void SumLayerNormBlocks<T>(double[] partial, int blocks, int d, T[] dweight, T[] dbias) where T : unmanaged, IFloatingPointIeee754<T>
    {
        for (int c = 0; c < d; c++)
        {
            double w = 0, b = 0;
            for (int k = 0; k < blocks; k++)
            {
                w += partial[2 * k * d + c];
                b += partial[2 * k * d + d + c];
            }
            dweight[c] = T.CreateTruncating(w);
            dbias[c] = T.CreateTruncating(b);
        }
    }

    /// <summary>A row's mean and 1/√(biased var + eps), in double (the same numbers in the forward and the backward pass).</summary>
    private static (double Mean, double InvStd) LayerNormStatistics<T>(ReadOnlySpan<T> row, double eps) where T : unmanaged, IFloatingPointIeee754<T>
    {
        double mean = BatchNormSums.Sum(row) / row.Length;
        double variance = BatchNormSums.SquaredDeviations(row, mean) / row.Length;
        return (mean, 1.0 / Math.Sqrt(variance + eps));
    }

    private readonly struct LayerNormRows<T>(T[] xd, T[] wd, T[] bd, T[] yd, int d, double eps) : IParallelBody
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        public void Invoke(int r)
        {
            ReadOnlySpan<T> x = xd.AsSpan(r * d, d), w = wd.AsSpan(0, d), b = bd.AsSpan(0, d);
            Span<T> y = yd.AsSpan(r * d, d);
            (double mean, double invStd) = LayerNormStatistics(x, eps);
            Vector256<double> m = Vector256.Create(mean), s = Vector256.Create(invStd);
            int c = 0;
            for (; c + 8 <= d; c += 8)
            {
                (Vector256<double> x0, Vector256<double> x1) = Load8(x, c);
                (Vector256<double> w0, Vector256<double> w1) = Load8(w, c);
                (Vector256<double> b0, Vector256<double> b1) = Load8(b, c);
                Store8(y, c, (x0 - m) * s * w0 + b0, (x1 - m) * s * w1 + b1);
            }
            for (; c < d; c++)
            {
                y[c] = T.CreateTruncating((double.CreateTruncating(x[c]) - mean) * invStd * double.CreateTruncating(w[c]) + double.CreateTruncating(b[c]));
            }
        }
    }

    /// <summary>
    /// One block of <see cref="LayerNormBlockRows"/> rows: each row's input gradient in two sweeps over the row (its two
    /// sums, then dx), while dy∘x̂ and dy are added, row after row, into the block's own slice of <c>partial</c>.
    /// </summary>
    private readonly struct LayerNormBackwardBlocks<T>(T[] xd, T[] wd, T[] gd, T[] dxd, double[] partial, int rows, int d, double eps) : IParallelBody
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        public void Invoke(int block)
        {
            Span<double> pw = partial.AsSpan(2 * block * d, d), pb = partial.AsSpan(2 * block * d + d, d);
            pw.Clear();
            pb.Clear();
            ReadOnlySpan<T> w = wd.AsSpan(0, d);
            int end = Math.Min(rows, (block + 1) * LayerNormBlockRows);
            for (int r = block * LayerNormBlockRows; r < end; r++)
            {
                ReadOnlySpan<T> x = xd.AsSpan(r * d, d), dy = gd.AsSpan(r * d, d);
                Span<T> dx = dxd.AsSpan(r * d, d);
                (double mean, double invStd) = LayerNormStatistics(x, eps);
                Vector256<double> m = Vector256.Create(mean), s = Vector256.Create(invStd);
                Vector256<double> sg0 = Vector256<double>.Zero, sg1 = Vector256<double>.Zero;
                Vector256<double> sxg0 = Vector256<double>.Zero, sxg1 = Vector256<double>.Zero;
                int c = 0;
                for (; c + 8 <= d; c += 8)
                {
                    (Vector256<double> x0, Vector256<double> x1) = Load8(x, c);
                    (Vector256<double> g0, Vector256<double> g1) = Load8(dy, c);
                    (Vector256<double> w0, Vector256<double> w1) = Load8(w, c);
                    Vector256<double> h0 = (x0 - m) * s, h1 = (x1 - m) * s;
                    Vector256<double> a0 = g0 * w0, a1 = g1 * w1;
                    sg0 += a0;
                    sg1 += a1;
                    sxg0 += h0 * a0;
                    sxg1 += h1 * a1;
                    Span<double> pwc = pw.Slice(c, 8), pbc = pb.Slice(c, 8);
                    (Vector256.Create((ReadOnlySpan<double>)pwc[..4]) + g0 * h0).CopyTo(pwc);
                    (Vector256.Create((ReadOnlySpan<double>)pwc[4..]) + g1 * h1).CopyTo(pwc[4..]);
                    (Vector256.Create((ReadOnlySpan<double>)pbc[..4]) + g0).CopyTo(pbc);
                    (Vector256.Create((ReadOnlySpan<double>)pbc[4..]) + g1).CopyTo(pbc[4..]);
                }
                double sumG = Vector256.Sum(sg0 + sg1), sumXG = Vector256.Sum(sxg0 + sxg1);
                for (int t = c; t < d; t++)
                {
                    double xh = (double.CreateTruncating(x[t]) - mean) * invStd, g = double.CreateTruncating(dy[t]);
                    double a = g * double.CreateTruncating(w[t]);
                    sumG += a;
                    sumXG += xh * a;
                    pw[t] += g * xh;
                    pb[t] += g;
                }
                double meanG = sumG / d, meanXG = sumXG / d;
                Vector256<double> mg = Vector256.Create(meanG), mxg = Vector256.Create(meanXG);
                c = 0;
                for (; c + 8 <= d; c += 8)
                {
                    (Vector256<double> x0, Vector256<double> x1) = Load8(x, c);
                    (Vector256<double> g0, Vector256<double> g1) = Load8(dy, c);
                    (Vector256<double> w0, Vector256<double> w1) = Load8(w, c);
                    Vector256<double> h0 = (x0 - m) * s, h1 = (x1 - m) * s;
                    Store8(dx, c, (g0 * w0 - mg - h0 * mxg) * s, (g1 * w1 - mg - h1 * mxg) * s);
                }
                for (; c < d; c++)
                {
                    double xh = (double.CreateTruncating(x[c]) - mean) * invStd;
                    double a = double.CreateTruncating(dy[c]) * double.CreateTruncating(w[c]);
                    dx[c] = T.CreateTruncating((a - meanG - xh * meanXG) * invStd);
                }
            }
        }
    }

    /// <summary>Eight elements from <paramref name="c"/> as two double vectors (float32 widened exactly).</summary>
    private static (Vector256<double> Lo, Vector256<double> Hi) Load8<T>(ReadOnlySpan<T> s, int c) where T : unmanaged
    {
        if (typeof(T) == typeof(float))
        {
            return Vector256.Widen(Vector256.Create(MemoryMarshal.Cast<T, float>(s).Slice(c, 8)));
        }
        ReadOnlySpan<double> ds = MemoryMarshal.Cast<T, double>(s);
        return (Vector256.Create(ds.Slice(c, 4)), Vector256.Create(ds.Slice(c + 4, 4)));
    }

    /// <summary>Stores eight doubles from <paramref name="c"/>, rounded once to float32 when T is float.</summary>
    private static void Store8<T>(Span<T> s, int c, Vector256<double> lo, Vector256<double> hi) where T : unmanaged
    {
        if (typeof(T) == typeof(float))
        {
            Vector256.Narrow(lo, hi).CopyTo(MemoryMarshal.Cast<T, float>(s).Slice(c, 8));
            return;
        }
        Span<double> ds = MemoryMarshal.Cast<T, double>(s);
        lo.CopyTo(ds.Slice(c, 4));
        hi.CopyTo(ds.Slice(c + 4, 4));
    }
}
