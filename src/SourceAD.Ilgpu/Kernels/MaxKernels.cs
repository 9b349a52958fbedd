using System.Numerics;
using ILGPU;

namespace SourceAD.Ilgpu.Kernels;

/// <summary>Binary maximum's derivative and max reductions over a <see cref="Layout"/>, with tie shares (tie rules as in <see cref="PoolKernels"/>).</summary>
internal static class MaxKernels
{
    public static void MaximumDerivative<T>(
        Index1D thread, ArrayView<T> a, ArrayView<T> b, ArrayView<T> g, ArrayView<T> ga, ArrayView<T> gb, T first, T second, int strict, ArrayView<int> flag, int elements, int stride)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        for (int i = thread; i < elements; i += stride)
        {
            T x = a[i], y = b[i], gv = g[i];
            // The host's BinaryFactors (NonsmoothSemantics): the larger argument, or the NaN one, gets 1; a tie is shared.
            T wa = x > y ? T.One : x < y ? T.Zero : x == y ? first : T.IsNaN(x) ? T.One : T.Zero;
            T wb = x > y ? T.Zero : x < y ? T.One : x == y ? second : T.IsNaN(x) ? T.Zero : T.One;
            if (strict != 0 && x == y)
            {
                Atomic.Min(ref flag[0], i);
            }
            ga[i] = gv * wa;
            gb[i] = gv * wb;
        }
    }

    /// <summary>y[group] = max of the group; the first NaN wins.</summary>
    public static void MaxReduce<T>(Index1D thread, ArrayView<T> x, ArrayView<T> y, ArrayView<int> layout, int elements, int stride) where T : unmanaged, IFloatingPointIeee754<T>
    {
        for (int group = thread; group < elements; group += stride)
        {
            int start = Layout.Start(layout, group), count = Layout.Count(layout);
            T best = T.NegativeInfinity;
            for (int r = 0; r < count; r++)
            {
                T v = x[start + Layout.Offset(layout, r)];
                if (T.IsNaN(v))
                {
                    best = v;
                    break;
                }
                if (v > best)
                {
                    best = v;
                }
            }
            y[group] = best;
        }
    }

    /// <summary>One thread per group; groups own disjoint x elements, so the backward writes never collide.</summary>
    public static void MaxReduceDerivative<T, TReal>(
        Index1D thread, ArrayView<T> x, ArrayView<T> y, ArrayView<T> g, ArrayView<T> result, ArrayView<int> layout,
        int rule, double beta, int strict, int transpose, ArrayView<int> flag, int elements, int stride)
        where T : unmanaged, IFloatingPointIeee754<T>
        where TReal : struct, IReal<T>
    {
        for (int group = thread; group < elements; group += stride)
        {
            int start = Layout.Start(layout, group), size = Layout.Count(layout);
            T max = y[group];
            int count = 0;
            for (int r = 0; r < size; r++)
            {
                T v = x[start + Layout.Offset(layout, r)];
                count += v == max || (T.IsNaN(max) && T.IsNaN(v) && count == 0) ? 1 : 0;
            }
            if (strict != 0 && count > 1)
            {
                Atomic.Min(ref flag[0], group);
            }
            int position = 0;
            T sum = T.Zero;
            for (int r = 0; r < size; r++)
            {
                int i = start + Layout.Offset(layout, r);
                T v = x[i];
                bool active = position < count && (v == max || (T.IsNaN(max) && T.IsNaN(v)));
                T share = T.Zero;
                if (active)
                {
                    share = default(TReal).FromDouble(new TieChoice((TieRule)rule, beta).Share(position, count));
                    position++;
                }
                if (transpose != 0)
                {
                    result[i] = g[group] * share;
                }
                else
                {
                    sum += default(TReal).Mul(g[i], share);
                }
            }
            if (transpose == 0)
            {
                result[group] = sum;
            }
        }
    }
}
