using TorchSharp;
using Tensor = SourceAD.Tensors.Tensor;

namespace SourceAD.TorchSharp;

// Batch normalization over axis 1 of [N, C, H, W] (statistics in double, as the CPU backend computes them).
public sealed partial class TorchBackend
{
    private static readonly long[] BatchNormAxes = [0, 2, 3];

    /// <inheritdoc/>
    public void BatchNormStatistics(Tensor x, Tensor mean, Tensor invStd, double eps, Tensor? runningMean, Tensor? runningVar, double momentum)
    {
        using var op = Begin();
        torch.Tensor tx = In(x).to_type(torch.ScalarType.Float64);
        torch.Tensor mu = tx.mean(BatchNormAxes), variance = tx.var(BatchNormAxes, unbiased: false);
        Store(mean, mu.to_type(ComputeType(mean.DType)));
        Store(invStd, (variance + eps).rsqrt().to_type(ComputeType(invStd.DType)));
        if (runningMean is not null && runningVar is not null)
        {
            long count = x.Length / Math.Max(1, x.Size(1));
            Write(runningMean, In(runningMean).to_type(torch.ScalarType.Float64) * (1 - momentum) + mu * momentum);
            Write(runningVar, In(runningVar).to_type(torch.ScalarType.Float64) * (1 - momentum) + variance * (count / (double)Math.Max(1, count - 1)) * momentum);
        }
    }

    /// <inheritdoc/>
    public void BatchNormApply(Tensor x, Tensor mean, Tensor invStd, Tensor gamma, Tensor beta, Tensor y)
    {
        using var op = Begin();
        Store(y, (In(x) - PerChannel(mean, x)) * PerChannel(invStd, x) * PerChannel(gamma, x) + PerChannel(beta, x));
    }

    /// <inheritdoc/>
    public void BatchNormInputDerivative(Tensor x, Tensor mean, Tensor invStd, Tensor gamma, Tensor g, Tensor result, bool batchStatistics)
    {
        using var op = Begin();
        torch.Tensor tg = In(g), scale = PerChannel(gamma, x) * PerChannel(invStd, x);
        if (!batchStatistics)
        {
            Store(result, scale * tg);
            return;
        }
        torch.Tensor xhat = (In(x) - PerChannel(mean, x)) * PerChannel(invStd, x);
        Store(result, scale * (tg - tg.mean(BatchNormAxes, keepdim: true) - xhat * (xhat * tg).mean(BatchNormAxes, keepdim: true)));
    }

    /// <inheritdoc/>
    public void BatchNormParameterGradients(Tensor x, Tensor mean, Tensor invStd, Tensor g, Tensor dgamma, Tensor dbeta)
    {
        using var op = Begin();
        torch.Tensor xhat = (In(x) - PerChannel(mean, x)) * PerChannel(invStd, x), tg = In(g);
        Store(dgamma, (xhat * tg).sum(BatchNormAxes, type: torch.ScalarType.Float64).to_type(ComputeType(dgamma.DType)));
        Store(dbeta, tg.sum(BatchNormAxes, type: torch.ScalarType.Float64).to_type(ComputeType(dbeta.DType)));
    }

    /// <summary>A per-channel vector lined up with axis 1 of <paramref name="like"/>.</summary>
    private torch.Tensor PerChannel(Tensor t, Tensor like) => PerAxis(t, like.Rank, 1);
}
