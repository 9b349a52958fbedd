using System.Numerics;

namespace SourceAD.Tensors.Backends.Cpu;

public sealed partial class CpuBackend
{
    /// <inheritdoc/>
    public void MatMul(Tensor a, bool transposeA, Tensor b, bool transposeB, Tensor y, double beta)
    {
        switch (y.DType)
        {
            case DType.Float32: MatMul<float>(a, transposeA, b, transposeB, y, (float)beta); break;
            case DType.Float64: MatMul<double>(a, transposeA, b, transposeB, y, beta); break;
            default: MatMulViaFloat32(a, transposeA, b, transposeB, y, beta); break;
        }
    }

    // Separate so that the float16 path's closure is not allocated on every float32/float64 call.
    private void MatMulViaFloat32(Tensor a, bool transposeA, Tensor b, bool transposeB, Tensor y, double beta) =>
        ViaFloat32([a, b], [y], beta != 0, (i, o) => MatMul(i[0]!, transposeA, i[1]!, transposeB, o[0], beta));

    private static void MatMul<T>(Tensor a, bool transposeA, Tensor b, bool transposeB, Tensor y, T beta)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int m = y.Size(-2), n = y.Size(-1);
        int k = transposeA ? a.Size(-2) : a.Size(-1);
        int batch = Math.Max(y.Rank == 3 ? y.Size(0) : 1, Math.Max(a.Rank == 3 ? a.Size(0) : 1, b.Rank == 3 ? b.Size(0) : 1));
        int strideA = a.Rank == 3 ? a.Size(1) * a.Size(2) : 0;
        int strideB = b.Rank == 3 ? b.Size(1) * b.Size(2) : 0;
        int strideY = y.Rank == 3 ? m * n : 0;
        T[] ad = Data<T>(a), bd = Data<T>(b), yd = Data<T>(y);
        // Batches run in order, each GEMM parallel inside; a 2-D y sums the batch's products (first with beta, then 1).
        for (int i = 0; i < batch; i++)
        {
            T scale = strideY == 0 && i > 0 ? T.One : beta;
            CpuGemm.Gemm(m, n, k,
                ad, i * strideA, a.Size(-1), transposeA,
                bd, i * strideB, b.Size(-1), transposeB,
                yd, i * strideY, n, scale, MaxThreads);
        }
    }

    /// <inheritdoc/>
    public void AddBias(Tensor y, Tensor bias, int axis)
    {
        switch (y.DType)
        {
            case DType.Float32: AddBias<float>(y, bias, axis); break;
            case DType.Float64: AddBias<double>(y, bias, axis); break;
            default: AddBiasViaFloat32(y, bias, axis); break;
        }
    }

    // Separate so that the float16 path's closure is not allocated on every float32/float64 call.
    private void AddBiasViaFloat32(Tensor y, Tensor bias, int axis) =>
        ViaFloat32([bias], [y], true, (i, o) => AddBias(o[0], i[0]!, axis));

    private static void AddBias<T>(Tensor y, Tensor bias, int axis) where T : unmanaged, IFloatingPointIeee754<T>
    {
        (int outer, int channels, int inner) = TensorShape.Split(y.Shape, axis);
        CpuParallel.For(outer, MaxThreads, new AddBiasRows<T>(Data<T>(y), Data<T>(bias), channels, inner));
    }

    /// <summary>One outer index: y[o, c, :] += bias[c] for every channel (a bias row when inner = 1).</summary>
    private readonly struct AddBiasRows<T>(T[] yd, T[] bd, int channels, int inner) : IParallelBody
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        public void Invoke(int o)
        {
            if (inner == 1)
            {
                Span<T> row = yd.AsSpan(o * channels, channels);
                System.Numerics.Tensors.TensorPrimitives.Add(row, bd.AsSpan(0, channels), row);
                return;
            }
            for (int c = 0; c < channels; c++)
            {
                Span<T> block = yd.AsSpan((o * channels + c) * inner, inner);
                System.Numerics.Tensors.TensorPrimitives.Add(block, bd[c], block);
            }
        }
    }

    /// <inheritdoc/>
    public void SumToBias(Tensor x, Tensor bias, int axis)
    {
        switch (x.DType)
        {
            case DType.Float32: SumToBias<float>(x, bias, axis); break;
            case DType.Float64: SumToBias<double>(x, bias, axis); break;
            default: SumToBiasViaFloat32(x, bias, axis); break;
        }
    }

    // Separate so that the float16 path's closure is not allocated on every float32/float64 call.
    private void SumToBiasViaFloat32(Tensor x, Tensor bias, int axis) =>
        ViaFloat32([x], [bias], false, (i, o) => SumToBias(i[0]!, o[0], axis));

    private static void SumToBias<T>(Tensor x, Tensor bias, int axis) where T : unmanaged, IFloatingPointIeee754<T>
    {
        (int outer, int channels, int inner) = TensorShape.Split(x.Shape, axis);
        // One channel per work item, summed in a fixed order in double: deterministic and accurate.
        CpuParallel.For(channels, MaxThreads, new SumToBiasChannels<T>(Data<T>(x), Data<T>(bias), outer, channels, inner));
    }

    private readonly struct SumToBiasChannels<T>(T[] xd, T[] bd, int outer, int channels, int inner) : IParallelBody
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        public void Invoke(int c)
        {
            double sum = 0;
            for (int o = 0; o < outer; o++)
            {
                ReadOnlySpan<T> row = xd.AsSpan((o * channels + c) * inner, inner);
                for (int i = 0; i < row.Length; i++)
                {
                    sum += double.CreateTruncating(row[i]);
                }
            }
            bd[c] = T.CreateTruncating(sum);
        }
    }

}
