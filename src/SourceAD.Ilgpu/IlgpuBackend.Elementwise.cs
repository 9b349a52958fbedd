using System.Numerics;
using ILGPU;
using ILGPU.Runtime;
using SourceAD.Ilgpu.Kernels;
using SourceAD.Tensors;
using SourceAD.Tensors.Backends;

namespace SourceAD.Ilgpu;

public sealed partial class IlgpuBackend
{
    /// <inheritdoc/>
    public void Unary(UnaryKind kind, double parameter, Tensor x, Tensor y) => Dispatch("Unary", y.DType,
        k => Launch(x.Length, (i, launchCount, launchStride) => k.Unary(i, View<float>(x, "Unary"), View<float>(y, "Unary"), UnaryCode(kind), (float)parameter, launchCount, launchStride)),
        k => Launch(x.Length, (i, launchCount, launchStride) => k.Unary(i, View<double>(x, "Unary"), View<double>(y, "Unary"), UnaryCode(kind), parameter, launchCount, launchStride)));

    private static int UnaryCode(UnaryKind kind) =>
        kind is >= UnaryKind.Relu and <= UnaryKind.AddScalar ? (int)kind : throw new ArgumentOutOfRangeException(nameof(kind), kind, "Unknown unary op.");

    /// <inheritdoc/>
    public void UnaryDerivativeProduct(UnaryKind kind, double parameter, DerivativePolicy policy, Tensor x, Tensor y, Tensor g, Tensor result) =>
        Dispatch("UnaryDerivativeProduct", result.DType,
            k => UnaryDerivativeProduct(k, kind, (float)parameter, policy, x, y, g, result),
            k => UnaryDerivativeProduct(k, kind, parameter, policy, x, y, g, result));

    private void UnaryDerivativeProduct<T, TReal>(KernelSet<T, TReal> k, UnaryKind kind, T p, DerivativePolicy policy, Tensor x, Tensor y, Tensor g, Tensor result)
        where T : unmanaged, IFloatingPointIeee754<T>
        where TReal : struct, IReal<T>
    {
        // The kink's derivative, in T exactly as the CPU backend forms it: relu'(0) = s; leaky ReLU interpolates p → 1.
        TReal real = default;
        T s = real.FromDouble(policy.ReluAtZero);
        KinkFactors<T> kink = kind switch
        {
            UnaryKind.LeakyRelu => KinkFactors<T>.Of(T.One, p, p + s * (T.One - p), policy.Strict),
            UnaryKind.Abs => KinkFactors<T>.Of(T.One, -T.One, real.FromDouble(policy.AbsAtZero), policy.Strict),
            _ => KinkFactors<T>.Of(T.One, T.Zero, s, policy.Strict),
        };
        int code = UnaryCode(kind);
        ArrayView<int> flag = ResetFlag();
        Launch(x.Length, (i, launchCount, launchStride) => k.DerivativeProduct(i, View<T>(x, "UnaryDerivativeProduct"), View<T>(y, "UnaryDerivativeProduct"),
            View<T>(g, "UnaryDerivativeProduct"), View<T>(result, "UnaryDerivativeProduct"), code, p, kink.Below, kink.AtKink, kink.AtNaN,
            kink.ThrowsAtKink ? 1 : 0, flag, launchCount, launchStride));
        if (kink.ThrowsAtKink && kind is UnaryKind.Relu or UnaryKind.LeakyRelu or UnaryKind.Abs && ReadFlag() is int at and >= 0)
        {
            string name = kind == UnaryKind.Abs ? "Abs" : kind.ToString();
            throw new NonsmoothPointException($"{name}: input element {at} is exactly 0 under a strict derivative policy.");
        }
    }

    /// <inheritdoc/>
    public void Binary(BinaryKind kind, Tensor a, Tensor b, Tensor y)
    {
        int code = kind is >= BinaryKind.Add and <= BinaryKind.Maximum ? (int)kind : throw new ArgumentOutOfRangeException(nameof(kind), kind, "Unknown binary op.");
        Dispatch("Binary", y.DType, k => Binary(k, code, a, b, y), k => Binary(k, code, a, b, y));
    }

    /// <summary>Same-shape operands run flat; otherwise each y element finds its a and b elements by broadcast strides.</summary>
    private void Binary<T, TReal>(KernelSet<T, TReal> k, int code, Tensor a, Tensor b, Tensor y)
        where T : unmanaged, IFloatingPointIeee754<T>
        where TReal : struct, IReal<T>
    {
        ArrayView<T> av = View<T>(a, "Binary"), bv = View<T>(b, "Binary"), yv = View<T>(y, "Binary");
        if (a.Length == y.Length && b.Length == y.Length)
        {
            Launch(y.Length, (i, launchCount, launchStride) => k.Binary(i, av, bv, yv, code, launchCount, launchStride));
            return;
        }
        int rank = y.Rank;
        var meta = new int[1 + 3 * rank];
        meta[0] = rank;
        y.Shape.CopyTo(meta.AsSpan(1));
        TensorShape.BroadcastStrides(a.Shape, y.Shape).CopyTo(meta.AsSpan(1 + rank));
        TensorShape.BroadcastStrides(b.Shape, y.Shape).CopyTo(meta.AsSpan(1 + 2 * rank));
        MemoryBuffer1D<int, Stride1D.Dense> buffer = UploadInts(meta);
        try
        {
            Launch(y.Length, (i, launchCount, launchStride) => k.BinaryBroadcast(i, av, bv, yv, code, buffer.View, launchCount, launchStride));
        }
        finally
        {
            Pool.Return(buffer);
        }
    }

    /// <inheritdoc/>
    public void SumTo(Tensor x, Tensor y) => Dispatch("SumTo", x.DType,
        k => WithLayout(x, y, layout => Launch(y.Length, (i, launchCount, launchStride) => k.SumTo(i, View<float>(x, "SumTo"), View<float>(y, "SumTo"), layout, launchCount, launchStride))),
        k => WithLayout(x, y, layout => Launch(y.Length, (i, launchCount, launchStride) => k.SumTo(i, View<double>(x, "SumTo"), View<double>(y, "SumTo"), layout, launchCount, launchStride))));

    /// <inheritdoc/>
    public void BroadcastTo(Tensor x, Tensor y) => Dispatch("BroadcastTo", y.DType,
        k => Binary(k, 5, x, x, y),
        k => Binary(k, 5, x, x, y));

    /// <summary>
    /// Uploads the reduction layout of x onto y's shape (the CPU backend's ReductionLayout: reduced axes are those where
    /// y, right-aligned, has size 1 and x does not) for the duration of <paramref name="run"/>.
    /// </summary>
    private void WithLayout(Tensor x, Tensor y, Action<ArrayView<int>> run)
    {
        ReadOnlySpan<int> xShape = x.Shape;
        int rank = xShape.Length;
        int[] xStrides = TensorShape.RowMajorStrides(xShape);
        int[] yStrides = TensorShape.BroadcastStrides(y.Shape, xShape);
        var kept = new List<int>();
        var reduced = new List<int>();
        for (int i = 0; i < rank; i++)
        {
            (yStrides[i] == 0 && xShape[i] != 1 ? reduced : kept).Add(i);
        }
        var meta = new List<int> { kept.Count, reduced.Count };
        foreach (List<int> axes in new[] { kept, reduced })
        {
            foreach (int axis in axes)
            {
                meta.Add(xShape[axis]);
            }
            foreach (int axis in axes)
            {
                meta.Add(xStrides[axis]);
            }
        }
        MemoryBuffer1D<int, Stride1D.Dense> buffer = UploadInts(meta.ToArray());
        try
        {
            run(buffer.View);
        }
        finally
        {
            Pool.Return(buffer);
        }
    }
}
