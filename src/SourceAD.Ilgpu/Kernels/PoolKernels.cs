using System.Numerics;
using ILGPU;

namespace SourceAD.Ilgpu.Kernels;

/// <summary>The sizes of one pooling over x [planes = N·C, H, W] to [planes, Ho, Wo].</summary>
internal readonly record struct PoolArgs(int Planes, int H, int W, int Ho, int Wo, int Kernel, int Stride, int Padding);

/// <summary>
/// Pooling kernels. Windows are scanned in row-major order as in the CPU backend. Adjoints gather per input element
/// over the windows that contain it, in (oh, ow) order, so overlapping windows add up in the CPU backend's order and
/// no atomics are needed. Tie rules are <c>(int)TieRule</c> and β; shares come from <c>TieChoice.Share</c>, the host's own formula.
/// </summary>
internal static class PoolKernels
{
    private static int FirstWindow(int position, PoolArgs d) =>
        Math.Max(0, (position + d.Padding - d.Kernel + d.Stride) / d.Stride);

    private static int LastWindow(int position, int outputs, PoolArgs d) => Math.Min(outputs - 1, (position + d.Padding) / d.Stride);

    /// <summary>The window's maximum; the first NaN wins, as in PyTorch.</summary>
    private static T WindowMax<T>(ArrayView<T> x, int xBase, PoolArgs d, int oh, int ow) where T : unmanaged, IFloatingPointIeee754<T>
    {
        int h0 = oh * d.Stride - d.Padding, w0 = ow * d.Stride - d.Padding;
        T best = T.NegativeInfinity;
        bool first = true;
        for (int h = Math.Max(0, h0); h < Math.Min(d.H, h0 + d.Kernel); h++)
        {
            for (int w = Math.Max(0, w0); w < Math.Min(d.W, w0 + d.Kernel); w++)
            {
                T v = x[xBase + h * d.W + w];
                if (T.IsNaN(v))
                {
                    return v;
                }
                if (first || v > best)
                {
                    best = v;
                    first = false;
                }
            }
        }
        return best;
    }

    private static bool IsActive<T>(T v, T max, int countSoFar) where T : unmanaged, IFloatingPointIeee754<T> =>
        v == max || (T.IsNaN(max) && T.IsNaN(v) && countSoFar == 0);

    public static void MaxPool<T>(Index1D thread, ArrayView<T> x, ArrayView<T> y, PoolArgs d, int elements, int stride) where T : unmanaged, IFloatingPointIeee754<T>
    {
        for (int index = thread; index < elements; index += stride)
        {
            int plane = index / (d.Ho * d.Wo), oh = index / d.Wo % d.Ho, ow = index % d.Wo;
            y[index] = WindowMax(x, plane * d.H * d.W, d, oh, ow);
        }
    }

    /// <summary>
    /// The share of window (oh, ow) given to input position <paramref name="target"/>; <paramref name="active"/> tells
    /// whether it is in the active set at all (Native's later ties get share 0 but, as on the CPU, still add dy·0).
    /// </summary>
    private static double WindowShare<T>(ArrayView<T> x, int xBase, PoolArgs d, int oh, int ow, int target, int rule, double beta, out bool active)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        T max = WindowMax(x, xBase, d, oh, ow);
        int h0 = oh * d.Stride - d.Padding, w0 = ow * d.Stride - d.Padding;
        int count = 0, position = -1;
        for (int h = Math.Max(0, h0); h < Math.Min(d.H, h0 + d.Kernel); h++)
        {
            for (int w = Math.Max(0, w0); w < Math.Min(d.W, w0 + d.Kernel); w++)
            {
                if (IsActive(x[xBase + h * d.W + w], max, count))
                {
                    if (h * d.W + w == target)
                    {
                        position = count;
                    }
                    count++;
                }
            }
        }
        active = position >= 0;
        return active ? new TieChoice((TieRule)rule, beta).Share(position, count) : 0.0;
    }

    /// <summary>dx[i] = Σ over windows containing i, in (oh, ow) order, of dy·share.</summary>
    public static void MaxPoolBackward<T, TReal>(Index1D thread, ArrayView<T> x, ArrayView<T> dy, ArrayView<T> dx, PoolArgs d, int rule, double beta, int elements, int stride)
        where T : unmanaged, IFloatingPointIeee754<T>
        where TReal : struct, IReal<T>
    {
        for (int index = thread; index < elements; index += stride)
        {
            int plane = index / (d.H * d.W), pos = index % (d.H * d.W), h = pos / d.W, w = pos % d.W;
            int xBase = plane * d.H * d.W, yBase = plane * d.Ho * d.Wo;
            T sum = T.Zero;
            for (int oh = FirstWindow(h, d); oh <= LastWindow(h, d.Ho, d); oh++)
            {
                for (int ow = FirstWindow(w, d); ow <= LastWindow(w, d.Wo, d); ow++)
                {
                    double share = WindowShare(x, xBase, d, oh, ow, pos, rule, beta, out bool active);
                    if (active)
                    {
                        sum += default(TReal).Mul(dy[yBase + oh * d.Wo + ow], default(TReal).FromDouble(share));
                    }
                }
            }
            dx[index] = sum;
        }
    }

    /// <summary>ty[window] = Σ share·tx over the active set; strict mode records the smallest tied window in flag[0].</summary>
    public static void MaxPoolJvp<T, TReal>(Index1D thread, ArrayView<T> x, ArrayView<T> tx, ArrayView<T> ty, PoolArgs d, int rule, double beta, int strict, ArrayView<int> flag, int elements, int stride)
        where T : unmanaged, IFloatingPointIeee754<T>
        where TReal : struct, IReal<T>
    {
        for (int index = thread; index < elements; index += stride)
        {
            int plane = index / (d.Ho * d.Wo), oh = index / d.Wo % d.Ho, ow = index % d.Wo;
            int xBase = plane * d.H * d.W;
            T max = WindowMax(x, xBase, d, oh, ow);
            int count = ActiveCount(x, xBase, d, oh, ow, max);
            if (strict != 0 && count > 1)
            {
                Atomic.Min(ref flag[0], index);
            }
            int h0 = oh * d.Stride - d.Padding, w0 = ow * d.Stride - d.Padding;
            int k = 0;
            T sum = T.Zero;
            for (int h = Math.Max(0, h0); h < Math.Min(d.H, h0 + d.Kernel); h++)
            {
                for (int w = Math.Max(0, w0); w < Math.Min(d.W, w0 + d.Kernel); w++)
                {
                    if (k < count && IsActive(x[xBase + h * d.W + w], max, k))
                    {
                        sum += default(TReal).Mul(tx[xBase + h * d.W + w], default(TReal).FromDouble(new TieChoice((TieRule)rule, beta).Share(k, count)));
                        k++;
                    }
                }
            }
            ty[index] = sum;
        }
    }

    private static int ActiveCount<T>(ArrayView<T> x, int xBase, PoolArgs d, int oh, int ow, T max) where T : unmanaged, IFloatingPointIeee754<T>
    {
        int h0 = oh * d.Stride - d.Padding, w0 = ow * d.Stride - d.Padding;
        int count = 0;
        for (int h = Math.Max(0, h0); h < Math.Min(d.H, h0 + d.Kernel); h++)
        {
            for (int w = Math.Max(0, w0); w < Math.Min(d.W, w0 + d.Kernel); w++)
            {
                count += IsActive(x[xBase + h * d.W + w], max, count) ? 1 : 0;
            }
        }
        return count;
    }

    /// <summary>Strict mode: flag[0] = the smallest output index whose window has tied maxima.</summary>
    public static void MaxPoolTies<T>(Index1D thread, ArrayView<T> x, PoolArgs d, ArrayView<int> flag, int elements, int stride) where T : unmanaged, IFloatingPointIeee754<T>
    {
        for (int index = thread; index < elements; index += stride)
        {
            int plane = index / (d.Ho * d.Wo), oh = index / d.Wo % d.Ho, ow = index % d.Wo;
            int xBase = plane * d.H * d.W;
            if (ActiveCount(x, xBase, d, oh, ow, WindowMax(x, xBase, d, oh, ow)) > 1)
            {
                Atomic.Min(ref flag[0], index);
            }
        }
    }

    /// <summary>y = Σ window · (1/kernel²) in T, in window order (padding adds nothing).</summary>
    public static void AvgPool<T>(Index1D thread, ArrayView<T> x, ArrayView<T> y, PoolArgs d, T scale, int elements, int stride) where T : unmanaged, IFloatingPointIeee754<T>
    {
        for (int index = thread; index < elements; index += stride)
        {
            int plane = index / (d.Ho * d.Wo), oh = index / d.Wo % d.Ho, ow = index % d.Wo;
            int xBase = plane * d.H * d.W, h0 = oh * d.Stride - d.Padding, w0 = ow * d.Stride - d.Padding;
            T sum = T.Zero;
            for (int h = Math.Max(0, h0); h < Math.Min(d.H, h0 + d.Kernel); h++)
            {
                for (int w = Math.Max(0, w0); w < Math.Min(d.W, w0 + d.Kernel); w++)
                {
                    sum += x[xBase + h * d.W + w];
                }
            }
            y[index] = sum * scale;
        }
    }

    /// <summary>dx[i] = Σ over windows containing i, in (oh, ow) order, of dy·scale.</summary>
    public static void AvgPoolBackward<T>(Index1D thread, ArrayView<T> dy, ArrayView<T> dx, PoolArgs d, T scale, int elements, int stride) where T : unmanaged, IFloatingPointIeee754<T>
    {
        for (int index = thread; index < elements; index += stride)
        {
            int plane = index / (d.H * d.W), pos = index % (d.H * d.W), h = pos / d.W, w = pos % d.W;
            int yBase = plane * d.Ho * d.Wo;
            T sum = T.Zero;
            for (int oh = FirstWindow(h, d); oh <= LastWindow(h, d.Ho, d); oh++)
            {
                for (int ow = FirstWindow(w, d); ow <= LastWindow(w, d.Wo, d); ow++)
                {
                    sum += dy[yBase + oh * d.Wo + ow] * scale;
                }
            }
            dx[index] = sum;
        }
    }
}
