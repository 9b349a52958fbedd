using System.Numerics;
using ILGPU;

namespace SourceAD.Ilgpu.Kernels;

/// <summary>The sizes of one convolution (x [N,C,H,W], w [O,C,Kh,Kw], y [N,O,Ho,Wo]).</summary>
internal readonly record struct ConvArgs(int N, int C, int H, int W, int O, int Kh, int Kw, int Ho, int Wo, int Stride, int Padding)
{
    public int P => Ho * Wo;

    public int Patch => C * Kh * Kw;
}

/// <summary>
/// im2col layout kernels around the GEMM: cols [C·Kh·Kw, N·P] (column n·P + p), as the CPU backend, so forward,
/// input adjoint and weight gradient are each one GEMM. The adjoint gathers per input element (no atomics), adding
/// contributions in the CPU backend's (kernel row, kernel column) order.
/// </summary>
internal static class ConvKernels
{
    public static void Im2Col<T>(Index1D thread, ArrayView<T> x, ArrayView<T> cols, ConvArgs d, int elements, int stride) where T : unmanaged, IFloatingPointIeee754<T>
    {
        for (int index = thread; index < elements; index += stride)
        {
            int ld = d.N * d.P;
            int row = index / ld, col = index % ld;
            int c = row / (d.Kh * d.Kw), i = row / d.Kw % d.Kh, j = row % d.Kw;
            int n = col / d.P, p = col % d.P, oh = p / d.Wo, ow = p % d.Wo;
            int h = oh * d.Stride - d.Padding + i, w = ow * d.Stride - d.Padding + j;
            cols[index] = h >= 0 && h < d.H && w >= 0 && w < d.W ? x[((n * d.C + c) * d.H + h) * d.W + w] : T.Zero;
        }
    }

    /// <summary>x[n, c, h, w] = Σ over (i, j) of dcols at the output pixel that read it.</summary>
    public static void Col2Im<T>(Index1D thread, ArrayView<T> dcols, ArrayView<T> x, ConvArgs d, int elements, int stride) where T : unmanaged, IFloatingPointIeee754<T>
    {
        for (int index = thread; index < elements; index += stride)
        {
            int ld = d.N * d.P;
            int w = index % d.W, h = index / d.W % d.H, c = index / (d.W * d.H) % d.C, n = index / (d.W * d.H * d.C);
            T sum = T.Zero;
            for (int i = 0; i < d.Kh; i++)
            {
                int hh = h + d.Padding - i;
                if (hh < 0 || hh % d.Stride != 0 || hh / d.Stride >= d.Ho)
                {
                    continue;
                }
                for (int j = 0; j < d.Kw; j++)
                {
                    int ww = w + d.Padding - j;
                    if (ww < 0 || ww % d.Stride != 0 || ww / d.Stride >= d.Wo)
                    {
                        continue;
                    }
                    sum += dcols[((c * d.Kh + i) * d.Kw + j) * ld + n * d.P + hh / d.Stride * d.Wo + ww / d.Stride];
                }
            }
            x[index] = sum;
        }
    }

    /// <summary>y[n, o, p] = yt[o, n·P + p] (+ bias[o] when hasBias).</summary>
    public static void ToBatchFirst<T>(Index1D thread, ArrayView<T> yt, ArrayView<T> bias, ArrayView<T> y, ConvArgs d, int hasBias, int elements, int stride)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        for (int index = thread; index < elements; index += stride)
        {
            int p = index % d.P, o = index / d.P % d.O, n = index / (d.P * d.O);
            T v = yt[o * d.N * d.P + n * d.P + p];
            y[index] = hasBias != 0 ? v + bias[o] : v;
        }
    }

    /// <summary>dyt[o, n·P + p] = dy[n, o, p].</summary>
    public static void ToChannelsFirst<T>(Index1D thread, ArrayView<T> dy, ArrayView<T> dyt, ConvArgs d, int elements, int stride) where T : unmanaged, IFloatingPointIeee754<T>
    {
        for (int index = thread; index < elements; index += stride)
        {
            int p = index % d.P, n = index / d.P % d.N, o = index / (d.P * d.N);
            dyt[index] = dy[(n * d.O + o) * d.P + p];
        }
    }
}
