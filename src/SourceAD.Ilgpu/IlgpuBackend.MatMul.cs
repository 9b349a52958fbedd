using System.Numerics;
using ILGPU;
using ILGPU.Runtime;
using SourceAD.Ilgpu.Kernels;
using SourceAD.Tensors;

namespace SourceAD.Ilgpu;

public sealed partial class IlgpuBackend
{
    /// <inheritdoc/>
    public void MatMul(Tensor a, bool transposeA, Tensor b, bool transposeB, Tensor y, double beta) => Dispatch("MatMul", y.DType,
        k => MatMul(k, a, transposeA, b, transposeB, y, (float)beta),
        k => MatMul(k, a, transposeA, b, transposeB, y, beta));

    private void MatMul<T, TReal>(KernelSet<T, TReal> k, Tensor a, bool transposeA, Tensor b, bool transposeB, Tensor y, T beta)
        where T : unmanaged, IFloatingPointIeee754<T>
        where TReal : struct, IReal<T>
    {
        int m = y.Size(-2), n = y.Size(-1);
        int depth = transposeA ? a.Size(-2) : a.Size(-1);
        int batch = Math.Max(y.Rank == 3 ? y.Size(0) : 1, Math.Max(a.Rank == 3 ? a.Size(0) : 1, b.Rank == 3 ? b.Size(0) : 1));
        var args = new GemmArgs(
            m, n, depth,
            0, a.Size(-1), transposeA ? 1 : 0, a.Rank == 3 ? a.Size(1) * a.Size(2) : 0,
            0, b.Size(-1), transposeB ? 1 : 0, b.Rank == 3 ? b.Size(1) * b.Size(2) : 0,
            0, n, y.Rank == 3 ? m * n : 0,
            batch, y.Rank == 2 && batch > 1 ? 1 : 0);
        Gemm(k, View<T>(a, "MatMul"), View<T>(b, "MatMul"), View<T>(y, "MatMul"), args, beta);
    }

    /// <summary>Runs one (batched) GEMM with the tiled or the simple kernel (see <see cref="UseTiledGemm"/>).</summary>
    private void Gemm<T, TReal>(KernelSet<T, TReal> k, ArrayView<T> a, ArrayView<T> b, ArrayView<T> c, GemmArgs g, T beta)
        where T : unmanaged, IFloatingPointIeee754<T>
        where TReal : struct, IReal<T>
    {
        int outputs = g.SumBatch != 0 ? 1 : g.Batch;
        if (g.M == 0 || g.N == 0 || outputs == 0)
        {
            return;
        }
        if (!UseTiledGemm)
        {
            Launch(g.N * g.M * outputs, (i, launchCount, launchStride) => k.GemmSimple(i, a, b, c, g, beta, launchCount, launchStride));
            return;
        }
        // The CPU accelerator allows 16 threads per group, hence 4×4 tiles there.
        bool small = _accelerator.MaxNumThreadsPerGroup < 256;
        int side = small ? 4 : 16;
        var config = new KernelConfig(new Index3D((g.N + side - 1) / side, (g.M + side - 1) / side, outputs), new Index3D(side, side, 1));
        (small ? k.GemmTiled4 : k.GemmTiled16)(config, a, b, c, g, beta);
    }

    /// <inheritdoc/>
    public void AddBias(Tensor y, Tensor bias, int axis) => Dispatch("AddBias", y.DType,
        k => AddBias(k, y, bias, axis),
        k => AddBias(k, y, bias, axis));

    private void AddBias<T, TReal>(KernelSet<T, TReal> k, Tensor y, Tensor bias, int axis)
        where T : unmanaged, IFloatingPointIeee754<T>
        where TReal : struct, IReal<T>
    {
        (_, int channels, int inner) = TensorShape.Split(y.Shape, axis);
        if (inner == 0)
        {
            return;
        }
        Launch(y.Length, (i, launchCount, launchStride) => k.AddBias(i, View<T>(y, "AddBias"), View<T>(bias, "AddBias"), channels, inner, launchCount, launchStride));
    }

    /// <inheritdoc/>
    public void SumToBias(Tensor x, Tensor bias, int axis) => Dispatch("SumToBias", x.DType,
        k => SumToBias(k, x, bias, axis),
        k => SumToBias(k, x, bias, axis));

    private void SumToBias<T, TReal>(KernelSet<T, TReal> k, Tensor x, Tensor bias, int axis)
        where T : unmanaged, IFloatingPointIeee754<T>
        where TReal : struct, IReal<T>
    {
        (int outer, int channels, int inner) = TensorShape.Split(x.Shape, axis);
        Launch(channels, (i, launchCount, launchStride) => k.SumToBias(i, View<T>(x, "SumToBias"), View<T>(bias, "SumToBias"), outer, channels, inner, launchCount, launchStride));
    }

}
