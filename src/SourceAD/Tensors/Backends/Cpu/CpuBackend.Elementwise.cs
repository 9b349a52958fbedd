using System.Numerics;
using System.Numerics.Tensors;
using System.Runtime.InteropServices;

namespace SourceAD.Tensors.Backends.Cpu;

public sealed partial class CpuBackend
{
    /// <summary>Elements per work item of elementwise kernels (a constant, so the split never depends on threads).</summary>
    private const int ElementwiseChunk = 1 << 14;

    /// <inheritdoc/>
    public void Unary(UnaryKind kind, double parameter, Tensor x, Tensor y)
    {
        switch (y.DType)
        {
            case DType.Float32: Unary<float>(kind, parameter, x, y); break;
            case DType.Float64: Unary<double>(kind, parameter, x, y); break;
            default: UnaryViaFloat32(kind, parameter, x, y); break;
        }
    }

    // Separate so that the float16 path's closure is not allocated on every float32/float64 call.
    private void UnaryViaFloat32(UnaryKind kind, double parameter, Tensor x, Tensor y) =>
        ViaFloat32([x], [y], false, (i, o) => Unary(kind, parameter, i[0]!, o[0]));

    private static void Unary<T>(UnaryKind kind, double parameter, Tensor x, Tensor y) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var body = new UnaryChunks<T>(kind, T.CreateTruncating(parameter), Data<T>(x), Data<T>(y), x.Length);
        CpuParallel.For(Chunks(x.Length), MaxThreads, body);
    }

    /// <summary>dst = x ≤ 0 ? +0 : x, whole vectors then the tail.</summary>
    private static void Relu<T>(ReadOnlySpan<T> src, Span<T> dst) where T : unmanaged, IFloatingPointIeee754<T>
    {
        int i = 0;
        for (; i + Vector<T>.Count <= src.Length; i += Vector<T>.Count)
        {
            var v = new Vector<T>(src[i..]);
            Vector.ConditionalSelect(Vector.LessThanOrEqual(v, Vector<T>.Zero), Vector<T>.Zero, v).CopyTo(dst[i..]);
        }
        for (; i < src.Length; i++)
        {
            dst[i] = src[i] <= T.Zero ? T.Zero : src[i];
        }
    }

    /// <summary>The number of <see cref="ElementwiseChunk"/>-sized work items covering <paramref name="length"/> elements.</summary>
    private static int Chunks(int length) => (length + ElementwiseChunk - 1) / ElementwiseChunk;

    private readonly struct UnaryChunks<T>(UnaryKind kind, T p, T[] xd, T[] yd, int total) : IParallelBody
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        public void Invoke(int chunk)
        {
            int start = chunk * ElementwiseChunk, length = Math.Min(ElementwiseChunk, total - start);
            ReadOnlySpan<T> src = xd.AsSpan(start, length);
            Span<T> dst = yd.AsSpan(start, length);
            switch (kind)
            {
                case UnaryKind.Relu:
                    // max(x, +0): x ≤ 0 ? +0 : x, so relu(−0) = +0 and NaN stays NaN as in PyTorch (TensorPrimitives.Max
                    // gives the same bits but measured 5–10× slower here).
                    Relu(src, dst);
                    break;
                case UnaryKind.LeakyRelu:
                    for (int i = 0; i < src.Length; i++)
                    {
                        T v = src[i];
                        dst[i] = v > T.Zero ? v : v * p;
                    }
                    break;
                case UnaryKind.Tanh:
                    TensorPrimitives.Tanh(src, dst);
                    break;
                case UnaryKind.Sigmoid:
                    TensorPrimitives.Sigmoid(src, dst);
                    break;
                case UnaryKind.Scale:
                    TensorPrimitives.Multiply(src, p, dst);
                    break;
                case UnaryKind.Abs:
                    TensorPrimitives.Abs(src, dst);
                    break;
                case UnaryKind.GeluErf when typeof(T) == typeof(float):
                    // The series of ElementwiseMath.Erf made GELU half of a GPT step; float32 has a vector kernel.
                    GeluFloat32.Value(MemoryMarshal.Cast<T, float>(src), MemoryMarshal.Cast<T, float>(dst));
                    break;
                case >= UnaryKind.Exp and <= UnaryKind.AddScalar:
                    // One scalar formula for every backend (ElementwiseMath), not TensorPrimitives' vector approximations.
                    for (int i = 0; i < src.Length; i++)
                    {
                        dst[i] = ElementwiseMath.Value(kind, src[i], p);
                    }
                    break;
                default:
                    throw new ArgumentOutOfRangeException(nameof(kind), kind, "Unknown unary op.");
            }
        }
    }

    /// <inheritdoc/>
    public void UnaryDerivativeProduct(UnaryKind kind, double parameter, DerivativePolicy policy, Tensor x, Tensor y, Tensor g, Tensor result)
    {
        switch (result.DType)
        {
            case DType.Float32: UnaryDerivativeProduct<float>(kind, parameter, policy, x, y, g, result); break;
            case DType.Float64: UnaryDerivativeProduct<double>(kind, parameter, policy, x, y, g, result); break;
            default: UnaryDerivativeProductViaFloat32(kind, parameter, policy, x, y, g, result); break;
        }
    }

    // Separate so that the float16 path's closure is not allocated on every float32/float64 call.
    private void UnaryDerivativeProductViaFloat32(UnaryKind kind, double parameter, DerivativePolicy policy, Tensor x, Tensor y, Tensor g, Tensor result) =>
        ViaFloat32([x, y, g], [result], false, (i, o) => UnaryDerivativeProduct(kind, parameter, policy, i[0]!, i[1]!, i[2]!, o[0]));

    private static void UnaryDerivativeProduct<T>(UnaryKind kind, double parameter, DerivativePolicy policy, Tensor x, Tensor y, Tensor g, Tensor result)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        T p = T.CreateTruncating(parameter);
        // The derivative at the kink: relu'(0) = s; for leaky ReLU the same s moves from the left slope (s = 0, PyTorch) to 1.
        T s = T.CreateTruncating(policy.ReluAtZero);
        KinkFactors<T> kink = kind switch
        {
            UnaryKind.LeakyRelu => KinkFactors<T>.Of(T.One, p, p + s * (T.One - p), policy.Strict),
            UnaryKind.Abs => KinkFactors<T>.Of(T.One, -T.One, T.CreateTruncating(policy.AbsAtZero), policy.Strict),
            _ => KinkFactors<T>.Of(T.One, T.Zero, s, policy.Strict),
        };
        var body = new DerivativeChunks<T>(kind, p, kink, Data<T>(x), Data<T>(y), Data<T>(g), Data<T>(result), x.Length);
        CpuParallel.For(Chunks(x.Length), MaxThreads, body);
    }

    private readonly struct DerivativeChunks<T>(UnaryKind kind, T p, KinkFactors<T> kink, T[] xd, T[] yd, T[] gd, T[] rd, int total)
        : IParallelBody
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        public void Invoke(int chunk)
        {
            int start = chunk * ElementwiseChunk, length = Math.Min(ElementwiseChunk, total - start);
            ReadOnlySpan<T> xs = xd.AsSpan(start, length), ys = yd.AsSpan(start, length), gs = gd.AsSpan(start, length);
            Span<T> rs = rd.AsSpan(start, length);
            switch (kind)
            {
                case UnaryKind.Relu:
                case UnaryKind.LeakyRelu:
                case UnaryKind.Abs:
                    int i0 = 0;
                    if (!kink.ThrowsAtKink && Vector.IsHardwareAccelerated)
                    {
                        // The same product per element as below: g · kink.At(x).
                        var above = new Vector<T>(kink.Above);
                        var below = new Vector<T>(kink.Below);
                        var atKink = new Vector<T>(kink.AtKink);
                        var atNaN = new Vector<T>(kink.AtNaN);
                        for (; i0 <= xs.Length - Vector<T>.Count; i0 += Vector<T>.Count)
                        {
                            var v = new Vector<T>(xs[i0..]);
                            Vector<T> factor = Vector.ConditionalSelect(Vector.GreaterThan(v, Vector<T>.Zero), above,
                                Vector.ConditionalSelect(Vector.LessThan(v, Vector<T>.Zero), below,
                                    Vector.ConditionalSelect(Vector.Equals(v, Vector<T>.Zero), atKink, atNaN)));
                            (new Vector<T>(gs[i0..]) * factor).CopyTo(rs[i0..]);
                        }
                    }
                    for (int i = i0; i < xs.Length; i++)
                    {
                        T v = xs[i];
                        if (v == T.Zero && kink.ThrowsAtKink)
                        {
                            string name = kind == UnaryKind.Abs ? "Abs" : kind.ToString();
                            throw new NonsmoothPointException($"{name}: input element {start + i} is exactly 0 under a strict derivative policy.");
                        }
                        rs[i] = gs[i] * kink.At(v);
                    }
                    break;
                case UnaryKind.Tanh:
                    for (int i = 0; i < xs.Length; i++)
                    {
                        rs[i] = gs[i] * (T.One - ys[i] * ys[i]);
                    }
                    break;
                case UnaryKind.Sigmoid:
                    for (int i = 0; i < xs.Length; i++)
                    {
                        rs[i] = gs[i] * (ys[i] * (T.One - ys[i]));
                    }
                    break;
                case UnaryKind.Scale:
                    TensorPrimitives.Multiply(gs, p, rs);
                    break;
                case UnaryKind.GeluErf when typeof(T) == typeof(float):
                    GeluFloat32.DerivativeProduct(MemoryMarshal.Cast<T, float>(xs), MemoryMarshal.Cast<T, float>(gs), MemoryMarshal.Cast<T, float>(rs));
                    break;
                case >= UnaryKind.Exp and <= UnaryKind.AddScalar:
                    for (int i = 0; i < xs.Length; i++)
                    {
                        rs[i] = gs[i] * ElementwiseMath.Derivative(kind, xs[i], ys[i], p);
                    }
                    break;
                default:
                    throw new ArgumentOutOfRangeException(nameof(kind), kind, "Unknown unary op.");
            }
        }
    }

    /// <inheritdoc/>
    public void Binary(BinaryKind kind, Tensor a, Tensor b, Tensor y)
    {
        switch (y.DType)
        {
            case DType.Float32: Binary<float>(kind, a, b, y); break;
            case DType.Float64: Binary<double>(kind, a, b, y); break;
            default: BinaryViaFloat32(kind, a, b, y); break;
        }
    }

    // Separate so that the float16 path's closure is not allocated on every float32/float64 call.
    private void BinaryViaFloat32(BinaryKind kind, Tensor a, Tensor b, Tensor y) =>
        ViaFloat32([a, b], [y], false, (i, o) => Binary(kind, i[0]!, i[1]!, o[0]));

    private static void Binary<T>(BinaryKind kind, Tensor a, Tensor b, Tensor y) where T : unmanaged, IFloatingPointIeee754<T>
    {
        T[] ad = Data<T>(a), bd = Data<T>(b), yd = Data<T>(y);
        if (a.Length == y.Length && b.Length == y.Length)
        {
            CpuParallel.For(Chunks(y.Length), MaxThreads, new BinaryChunks<T>(kind, ad, bd, yd, y.Length));
            return;
        }
        BinaryBroadcast(kind, a, b, y, ad, bd, yd);
    }

    // Separate so that its closure (allocated on entry to the method that declares the captured locals) costs only
    // the broadcasting case.
    private static void BinaryBroadcast<T>(BinaryKind kind, Tensor a, Tensor b, Tensor y, T[] ad, T[] bd, T[] yd)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        // General broadcasting: walk y's rows (last axis); each operand either runs along the row or repeats one value.
        int rank = y.Rank;
        int[] aStrides = TensorShape.BroadcastStrides(a.Shape, y.Shape), bStrides = TensorShape.BroadcastStrides(b.Shape, y.Shape);
        int cols = rank == 0 ? 1 : y.Shape[rank - 1];
        int rows = cols == 0 ? 0 : y.Length / cols;
        int[] shape = y.ShapeArray;
        CpuParallel.ForChunks(rows, Math.Max(1, ElementwiseChunk / Math.Max(cols, 1)), MaxThreads, (start, length) =>
        {
            Span<T> rowA = cols <= 1024 ? stackalloc T[cols] : new T[cols];
            Span<T> rowB = cols <= 1024 ? stackalloc T[cols] : new T[cols];
            for (int r = start; r < start + length; r++)
            {
                int offA = 0, offB = 0, rem = r;
                for (int axis = rank - 2; axis >= 0; axis--)
                {
                    int idx = rem % shape[axis];
                    rem /= shape[axis];
                    offA += idx * aStrides[axis];
                    offB += idx * bStrides[axis];
                }
                ReadOnlySpan<T> sa = Row(ad, offA, rank == 0 ? 0 : aStrides[rank - 1], cols, rowA);
                ReadOnlySpan<T> sb = Row(bd, offB, rank == 0 ? 0 : bStrides[rank - 1], cols, rowB);
                Apply(kind, sa, sb, yd.AsSpan(r * cols, cols));
            }
        });
    }

    private readonly struct BinaryChunks<T>(BinaryKind kind, T[] ad, T[] bd, T[] yd, int total) : IParallelBody
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        public void Invoke(int chunk)
        {
            int start = chunk * ElementwiseChunk, length = Math.Min(ElementwiseChunk, total - start);
            Apply(kind, ad.AsSpan(start, length), bd.AsSpan(start, length), yd.AsSpan(start, length));
        }
    }

    private static ReadOnlySpan<T> Row<T>(T[] data, int offset, int stride, int cols, Span<T> scratch)
    {
        if (stride == 1)
        {
            return data.AsSpan(offset, cols);
        }
        scratch.Fill(data[offset]);
        return scratch;
    }

    private static void Apply<T>(BinaryKind kind, ReadOnlySpan<T> a, ReadOnlySpan<T> b, Span<T> y) where T : unmanaged, IFloatingPointIeee754<T>
    {
        switch (kind)
        {
            case BinaryKind.Add: TensorPrimitives.Add(a, b, y); break;
            case BinaryKind.Sub: TensorPrimitives.Subtract(a, b, y); break;
            case BinaryKind.Mul: TensorPrimitives.Multiply(a, b, y); break;
            case BinaryKind.Div: TensorPrimitives.Divide(a, b, y); break;
            case BinaryKind.Maximum: TensorPrimitives.Max(a, b, y); break;
            default: throw new ArgumentOutOfRangeException(nameof(kind), kind, "Unknown binary op.");
        }
    }

    /// <inheritdoc/>
    public void SumTo(Tensor x, Tensor y)
    {
        switch (x.DType)
        {
            case DType.Float32: SumTo<float>(x, y); break;
            case DType.Float64: SumTo<double>(x, y); break;
            default: SumToViaFloat32(x, y); break;
        }
    }

    // Separate so that the float16 path's closure is not allocated on every float32/float64 call.
    private void SumToViaFloat32(Tensor x, Tensor y) =>
        ViaFloat32([x], [y], false, (i, o) => SumTo(i[0]!, o[0]));

    private static void SumTo<T>(Tensor x, Tensor y) where T : unmanaged, IFloatingPointIeee754<T>
    {
        T[] xd = Data<T>(x), yd = Data<T>(y);
        if (ContiguousReduction(x.Shape, y.Shape, out int outer, out int reduced, out int inner))
        {
            CpuParallel.For(y.Length, MaxThreads, new SumToContiguous<T>(xd, yd, reduced, inner));
            return;
        }
        SumToGathered(x, y, xd, yd);
    }

    // Separate so that its closure (allocated on entry to the method that declares the captured locals) costs only
    // the general case.
    private static void SumToGathered<T>(Tensor x, Tensor y, T[] xd, T[] yd) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var layout = new ReductionLayout(x.Shape, y.Shape);
        // Gather per output element: each y element sums its group in ascending x order, in double, on one thread.
        // Output elements are independent work items, so any thread count gives the same bits.
        CpuParallel.For(y.Length, MaxThreads, group =>
        {
            int start = layout.Start(group);
            double sum = 0;
            foreach (int offset in layout.Offsets)
            {
                sum += double.CreateTruncating(xd[start + offset]);
            }
            yd[group] = T.CreateTruncating(sum);
        });
    }

    /// <summary>
    /// Whether x's reduced axes (those where y, right-aligned, has size 1 and x does not) form one block of adjacent axes:
    /// x is then [outer, reduced, inner] and y [outer, inner] (a bias gradient sums leading axes, a spatial mean the
    /// trailing ones), so a group is <paramref name="reduced"/> elements <paramref name="inner"/> apart, with no offset
    /// table to build.
    /// </summary>
    private static bool ContiguousReduction(ReadOnlySpan<int> xShape, ReadOnlySpan<int> yShape, out int outer, out int reduced, out int inner)
    {
        (outer, reduced, inner) = (1, 1, 1);
        int rank = xShape.Length, pad = rank - yShape.Length;
        if (pad < 0)
        {
            return false;
        }
        int stage = 0; // 0: before the reduced block, 1: inside it, 2: after it
        for (int i = 0; i < rank; i++)
        {
            int xd = xShape[i], yd = i < pad ? 1 : yShape[i - pad];
            bool isReduced = yd == 1 && xd != 1;
            if (!isReduced && yd != xd)
            {
                return false;
            }
            if (xd == 1)
            {
                continue; // a size-1 axis of both shapes sits anywhere
            }
            if (isReduced)
            {
                if (stage == 2)
                {
                    return false;
                }
                stage = 1;
                reduced *= xd;
            }
            else if (stage == 0)
            {
                outer *= xd;
            }
            else
            {
                stage = 2;
                inner *= xd;
            }
        }
        return true;
    }

    /// <summary>y[o, i] = Σ_r x[o, r, i], r ascending, in double (the order of <see cref="ReductionLayout"/>'s offsets).</summary>
    private readonly struct SumToContiguous<T>(T[] xd, T[] yd, int reduced, int inner) : IParallelBody
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        public void Invoke(int group)
        {
            int o = group / inner, i = group - o * inner;
            int start = o * reduced * inner + i;
            double sum = 0;
            for (int r = 0; r < reduced; r++)
            {
                sum += double.CreateTruncating(xd[start + r * inner]);
            }
            yd[group] = T.CreateTruncating(sum);
        }
    }

    /// <summary>
    /// How x's elements fall into the groups a reduction to y's shape (right-aligned; size 1 on reduced axes) sums or
    /// maxes over: group g (y's row-major index) holds x elements Start(g) + Offsets[r], r ascending = row-major order.
    /// </summary>
    private sealed class ReductionLayout
    {
        private readonly int[] _keptAxes, _xShape, _xStrides;

        public ReductionLayout(ReadOnlySpan<int> xShape, ReadOnlySpan<int> yShape)
        {
            _xShape = xShape.ToArray();
            _xStrides = TensorShape.RowMajorStrides(xShape);
            int[] yStrides = TensorShape.BroadcastStrides(yShape, xShape);
            int rank = _xShape.Length;
            int[] reduced = Enumerable.Range(0, rank).Where(i => yStrides[i] == 0 && _xShape[i] != 1).ToArray();
            _keptAxes = Enumerable.Range(0, rank).Where(i => !reduced.Contains(i)).ToArray();
            int count = reduced.Aggregate(1, (p, i) => p * _xShape[i]);
            Offsets = new int[count];
            for (int r = 0; r < count; r++)
            {
                int offset = 0, rr = r;
                for (int k = reduced.Length - 1; k >= 0; k--)
                {
                    int axis = reduced[k];
                    offset += rr % _xShape[axis] * _xStrides[axis];
                    rr /= _xShape[axis];
                }
                Offsets[r] = offset;
            }
        }

        /// <summary>Offsets of a group's elements from its start, ascending.</summary>
        public int[] Offsets { get; }

        /// <summary>The x offset of group <paramref name="group"/>'s first element.</summary>
        public int Start(int group)
        {
            int start = 0, rem = group;
            for (int k = _keptAxes.Length - 1; k >= 0; k--)
            {
                int axis = _keptAxes[k];
                start += rem % _xShape[axis] * _xStrides[axis];
                rem /= _xShape[axis];
            }
            return start;
        }
    }

    /// <inheritdoc/>
    public void BroadcastTo(Tensor x, Tensor y)
    {
        switch (y.DType)
        {
            case DType.Float32: BroadcastTo<float>(x, y); break;
            case DType.Float64: BroadcastTo<double>(x, y); break;
            default: BroadcastToViaFloat32(x, y); break;
        }
    }

    // Separate so that the float16 path's closure is not allocated on every float32/float64 call.
    private void BroadcastToViaFloat32(Tensor x, Tensor y) =>
        ViaFloat32([x], [y], false, (i, o) => BroadcastTo(i[0]!, o[0]));

    private static void BroadcastTo<T>(Tensor x, Tensor y) where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (ContiguousReduction(y.Shape, x.Shape, out _, out int repeats, out int inner))
        {
            // y is [outer, repeats, inner] and x [outer, inner]: block copies (no stride tables; a mean's backward).
            CpuParallel.For(x.Length / Math.Max(inner, 1), MaxThreads, new BroadcastBlocks<T>(Data<T>(x), Data<T>(y), repeats, inner));
            return;
        }
        using Tensor zero = Tensor.Zeros([], y.DType).AsScratch();
        Binary<T>(BinaryKind.Add, x, zero, y);
    }

    /// <summary>y[o, r, i] = x[o, i] for every r: one work item per o.</summary>
    private readonly struct BroadcastBlocks<T>(T[] xd, T[] yd, int repeats, int inner) : IParallelBody
        where T : unmanaged
    {
        public void Invoke(int o)
        {
            ReadOnlySpan<T> src = xd.AsSpan(o * inner, inner);
            for (int r = 0; r < repeats; r++)
            {
                Span<T> dst = yd.AsSpan((o * repeats + r) * inner, inner);
                if (inner == 1)
                {
                    dst[0] = src[0];
                }
                else
                {
                    src.CopyTo(dst);
                }
            }
        }
    }
}
