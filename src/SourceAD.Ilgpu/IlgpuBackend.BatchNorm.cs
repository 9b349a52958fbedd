using System.Numerics;
using ILGPU;
using ILGPU.Runtime;
using SourceAD.Ilgpu.Kernels;
using SourceAD.Tensors;

namespace SourceAD.Ilgpu;

// Batch norm: per-channel sums run one thread per channel (in double, the CPU backend's order); elementwise parts run flat.
public sealed partial class IlgpuBackend
{
    /// <inheritdoc/>
    public void BatchNormStatistics(Tensor x, Tensor mean, Tensor invStd, double eps, Tensor? runningMean, Tensor? runningVar, double momentum) =>
        Dispatch("BatchNormStatistics", x.DType,
            k => BatchNormStatistics(k, x, mean, invStd, eps, runningMean, runningVar, momentum),
            k => BatchNormStatistics(k, x, mean, invStd, eps, runningMean, runningVar, momentum));

    private void BatchNormStatistics<T, TReal>(KernelSet<T, TReal> k, Tensor x, Tensor mean, Tensor invStd, double eps, Tensor? runningMean, Tensor? runningVar, double momentum)
        where T : unmanaged, IFloatingPointIeee754<T>
        where TReal : struct, IReal<T>
    {
        (int n, int c, int inner) = TensorShape.Split(x.Shape, 1);
        const string op = "BatchNormStatistics";
        ArrayView<T> meanView = View<T>(mean, op);
        bool running = runningMean is not null && runningVar is not null;
        Launch(c, (i, launchCount, launchStride) => k.BnStatistics(i, View<T>(x, op), meanView, View<T>(invStd, op),
            View(runningMean, op, meanView), View(runningVar, op, meanView), n, c, inner, eps, momentum, running ? 1 : 0, launchCount, launchStride));
    }

    /// <inheritdoc/>
    public void BatchNormApply(Tensor x, Tensor mean, Tensor invStd, Tensor gamma, Tensor beta, Tensor y)
    {
        const string op = "BatchNormApply";
        (_, int c, int inner) = TensorShape.Split(x.Shape, 1);
        Dispatch(op, y.DType,
            k => Launch(y.Length, (i, launchCount, launchStride) => k.BnApply(i, View<float>(x, op), View<float>(mean, op), View<float>(invStd, op), View<float>(gamma, op),
                View<float>(beta, op), View<float>(y, op), c, Math.Max(inner, 1), launchCount, launchStride)),
            k => Launch(y.Length, (i, launchCount, launchStride) => k.BnApply(i, View<double>(x, op), View<double>(mean, op), View<double>(invStd, op), View<double>(gamma, op),
                View<double>(beta, op), View<double>(y, op), c, Math.Max(inner, 1), launchCount, launchStride)));
    }

    /// <inheritdoc/>
    public void BatchNormInputDerivative(Tensor x, Tensor mean, Tensor invStd, Tensor gamma, Tensor g, Tensor result, bool batchStatistics) =>
        Dispatch("BatchNormInputDerivative", result.DType,
            k => BatchNormInputDerivative(k, x, mean, invStd, gamma, g, result, batchStatistics),
            k => BatchNormInputDerivative(k, x, mean, invStd, gamma, g, result, batchStatistics));

    private void BatchNormInputDerivative<T, TReal>(KernelSet<T, TReal> k, Tensor x, Tensor mean, Tensor invStd, Tensor gamma, Tensor g, Tensor result, bool batchStatistics)
        where T : unmanaged, IFloatingPointIeee754<T>
        where TReal : struct, IReal<T>
    {
        const string op = "BatchNormInputDerivative";
        (int n, int c, int inner) = TensorShape.Split(x.Shape, 1);
        MemoryBuffer1D<double, Stride1D.Dense> sums = Pool.Rent<double>(Math.Max(2 * c, 1));
        try
        {
            if (batchStatistics)
            {
                Launch(c, (i, launchCount, launchStride) => k.BnChannelSums(i, View<T>(x, op), View<T>(mean, op), View<T>(invStd, op), View<T>(g, op), sums.View, n, c, inner, launchCount, launchStride));
            }
            Launch(result.Length, (i, launchCount, launchStride) => k.BnInputDerivative(i, View<T>(x, op), View<T>(mean, op), View<T>(invStd, op), View<T>(gamma, op),
                View<T>(g, op), View<T>(result, op), sums.View, c, Math.Max(inner, 1), (long)n * inner, batchStatistics ? 1 : 0, launchCount, launchStride));
        }
        finally
        {
            Pool.Return(sums);
        }
    }

    /// <inheritdoc/>
    public void BatchNormParameterGradients(Tensor x, Tensor mean, Tensor invStd, Tensor g, Tensor dgamma, Tensor dbeta) =>
        Dispatch("BatchNormParameterGradients", g.DType,
            k => BatchNormParameterGradients(k, x, mean, invStd, g, dgamma, dbeta),
            k => BatchNormParameterGradients(k, x, mean, invStd, g, dgamma, dbeta));

    private void BatchNormParameterGradients<T, TReal>(KernelSet<T, TReal> k, Tensor x, Tensor mean, Tensor invStd, Tensor g, Tensor dgamma, Tensor dbeta)
        where T : unmanaged, IFloatingPointIeee754<T>
        where TReal : struct, IReal<T>
    {
        const string op = "BatchNormParameterGradients";
        (int n, int c, int inner) = TensorShape.Split(x.Shape, 1);
        MemoryBuffer1D<double, Stride1D.Dense> sums = Pool.Rent<double>(Math.Max(2 * c, 1));
        try
        {
            Launch(c, (i, launchCount, launchStride) => k.BnChannelSums(i, View<T>(x, op), View<T>(mean, op), View<T>(invStd, op), View<T>(g, op), sums.View, n, c, inner, launchCount, launchStride));
            Launch(c, (i, launchCount, launchStride) => k.BnParameterGradients(i, sums.View, View<T>(dgamma, op), View<T>(dbeta, op), c, launchCount, launchStride));
        }
        finally
        {
            Pool.Return(sums);
        }
    }
}
