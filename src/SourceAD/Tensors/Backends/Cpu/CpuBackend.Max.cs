using System.Numerics;

namespace SourceAD.Tensors.Backends.Cpu;

// Max-like ops beyond pooling: binary maximum and max reductions, with tie shares from the policy (thesis Definition 10).
public sealed partial class CpuBackend
{
    /// <inheritdoc/>
    public void MaximumDerivative(Tensor a, Tensor b, Tensor g, Tensor ga, Tensor gb, TieChoice ties, bool strict)
    {
        switch (g.DType)
        {
            case DType.Float32: MaximumDerivative<float>(a, b, g, ga, gb, ties, strict); break;
            case DType.Float64: MaximumDerivative<double>(a, b, g, ga, gb, ties, strict); break;
            default: MaximumDerivativeViaFloat32(a, b, g, ga, gb, ties, strict); break;
        }
    }

    // Separate so that the float16 path's closure is not allocated on every float32/float64 call.
    private void MaximumDerivativeViaFloat32(Tensor a, Tensor b, Tensor g, Tensor ga, Tensor gb, TieChoice ties, bool strict) =>
        ViaFloat32([a, b, g], [ga, gb], false, (i, o) => MaximumDerivative(i[0]!, i[1]!, i[2]!, o[0], o[1], ties, strict));

    private static void MaximumDerivative<T>(Tensor a, Tensor b, Tensor g, Tensor ga, Tensor gb, TieChoice ties, bool strict)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        T[] ad = Data<T>(a), bd = Data<T>(b), gd = Data<T>(g), rad = Data<T>(ga), rbd = Data<T>(gb);
        var factors = BinaryFactors<T>.Of(ties, strict);
        CpuParallel.ForChunks(g.Length, ElementwiseChunk, MaxThreads, (start, length) =>
        {
            for (int i = start; i < start + length; i++)
            {
                T x = ad[i], y = bd[i];
                if (x == y && factors.ThrowsAtTie)
                {
                    throw new NonsmoothPointException($"Maximum: element {i} is a tie under a strict derivative policy.");
                }
                rad[i] = gd[i] * factors.A(x, y);
                rbd[i] = gd[i] * factors.B(x, y);
            }
        });
    }

    /// <inheritdoc/>
    public void MaxReduce(Tensor x, Tensor y)
    {
        switch (x.DType)
        {
            case DType.Float32: MaxReduce<float>(x, y); break;
            case DType.Float64: MaxReduce<double>(x, y); break;
            default: MaxReduceViaFloat32(x, y); break;
        }
    }

    // Separate so that the float16 path's closure is not allocated on every float32/float64 call.
    private void MaxReduceViaFloat32(Tensor x, Tensor y) =>
        ViaFloat32([x], [y], false, (i, o) => MaxReduce(i[0]!, o[0]));

    private static void MaxReduce<T>(Tensor x, Tensor y) where T : unmanaged, IFloatingPointIeee754<T>
    {
        T[] xd = Data<T>(x), yd = Data<T>(y);
        var layout = new ReductionLayout(x.Shape, y.Shape);
        CpuParallel.For(y.Length, MaxThreads, group =>
        {
            int start = layout.Start(group);
            T best = T.NegativeInfinity;
            foreach (int offset in layout.Offsets)
            {
                T v = xd[start + offset];
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
            yd[group] = best;
        });
    }

    /// <inheritdoc/>
    public void MaxReduceDerivative(Tensor x, Tensor y, Tensor g, Tensor result, TieChoice ties, bool strict, bool transpose)
    {
        switch (x.DType)
        {
            case DType.Float32: MaxReduceDerivative<float>(x, y, g, result, ties, strict, transpose); break;
            case DType.Float64: MaxReduceDerivative<double>(x, y, g, result, ties, strict, transpose); break;
            default: MaxReduceDerivativeViaFloat32(x, y, g, result, ties, strict, transpose); break;
        }
    }

    // Separate so that the float16 path's closure is not allocated on every float32/float64 call.
    private void MaxReduceDerivativeViaFloat32(Tensor x, Tensor y, Tensor g, Tensor result, TieChoice ties, bool strict, bool transpose) =>
        ViaFloat32([x, y, g], [result], false, (i, o) => MaxReduceDerivative(i[0]!, i[1]!, i[2]!, o[0], ties, strict, transpose));

    private static void MaxReduceDerivative<T>(Tensor x, Tensor y, Tensor g, Tensor result, TieChoice ties, bool strict, bool transpose)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        T[] xd = Data<T>(x), yd = Data<T>(y), gd = Data<T>(g), rd = Data<T>(result);
        var layout = new ReductionLayout(x.Shape, y.Shape);
        // Groups own disjoint x elements, so each work item writes only its own part of the result.
        CpuParallel.For(y.Length, MaxThreads, group =>
        {
            int start = layout.Start(group);
            T max = yd[group];
            int count = 0;
            foreach (int offset in layout.Offsets)
            {
                T v = xd[start + offset];
                count += v == max || (T.IsNaN(max) && T.IsNaN(v) && count == 0) ? 1 : 0;
            }
            if (count > 1 && strict)
            {
                throw new NonsmoothPointException($"Max: group {group} has {count} tied maxima under a strict derivative policy.");
            }
            int position = 0;
            T sum = T.Zero;
            foreach (int offset in layout.Offsets)
            {
                int i = start + offset;
                T v = xd[i];
                bool active = position < count && (v == max || (T.IsNaN(max) && T.IsNaN(v)));
                T share = active ? T.CreateTruncating(ties.Share(position++, count)) : T.Zero;
                if (transpose)
                {
                    rd[i] = gd[group] * share;
                }
                else
                {
                    sum += gd[i] * share;
                }
            }
            if (!transpose)
            {
                rd[group] = sum;
            }
        });
    }
}
