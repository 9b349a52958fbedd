namespace SourceAD.Tensors;

// BatchNorm1d is BatchNorm2d on a view: x [N, C] or [N, C, L] seen as [N, C, L, 1] has the same per-channel statistics
// over N·L, so the primal and both rules reuse the batch-norm kernels of every backend.
public static partial class Ops
{
    /// <summary>
    /// PyTorch's BatchNorm1d over channels (axis 1) of x [N, C] or [N, C, L] with affine gamma, beta [C]: in training
    /// the batch's mean and biased variance over N·L, and <paramref name="runningMean"/> and <paramref name="runningVar"/>
    /// updated in place (momentum <see cref="OpDefaults.BatchNormMomentum"/> unless given, unbiased variance); in
    /// evaluation the running statistics.
    /// </summary>
    public static Tensor BatchNorm1d(Tensor x, Tensor gamma, Tensor beta, Tensor runningMean, Tensor runningVar, bool training, double momentum = OpDefaults.BatchNormMomentum, double eps = OpDefaults.BatchNormEps)
    {
        BackendOf(nameof(BatchNorm1d), x, gamma, beta, runningMean, runningVar);
        CheckBatchNorm1d(nameof(BatchNorm1d), x, gamma, beta, runningMean, runningVar);
        using Tensor x4 = AsBatchNorm2d(x);
        using Tensor y4 = BatchNorm2d(x4, gamma, beta, runningMean, runningVar, training, momentum, eps);
        return y4.Reshape(x.Shape);
    }

    /// <summary>Backward rule of <see cref="BatchNorm1d"/>: the adjoints of x, gamma and beta (running statistics are not updated).</summary>
    public static (Tensor Dx, Tensor Dgamma, Tensor Dbeta) BatchNorm1dBackward(Tensor x, Tensor gamma, Tensor runningMean, Tensor runningVar, Tensor dy, bool training, double eps = OpDefaults.BatchNormEps)
    {
        const string op = nameof(BatchNorm1dBackward);
        BackendOf(op, x, gamma, runningMean, runningVar, dy);
        CheckBatchNorm1d(op, x, gamma, gamma, runningMean, runningVar);
        RequireSameShape(op, x, dy, "the output adjoint");
        using Tensor x4 = AsBatchNorm2d(x), dy4 = AsBatchNorm2d(dy);
        (Tensor dx4, Tensor dgamma, Tensor dbeta) = BatchNorm2dBackward(x4, gamma, runningMean, runningVar, dy4, training, eps);
        using (dx4)
        {
            return (dx4.Reshape(x.Shape), dgamma, dbeta);
        }
    }

    /// <summary>Forward rule of <see cref="BatchNorm1d"/>: ty = tgamma·x̂ + tbeta + the input part (null tangents are zero).</summary>
    public static Tensor BatchNorm1dJvp(Tensor x, Tensor gamma, Tensor runningMean, Tensor runningVar, Tensor? tx, Tensor? tgamma, Tensor? tbeta, bool training, double eps = OpDefaults.BatchNormEps)
    {
        const string op = nameof(BatchNorm1dJvp);
        BackendOf(op, x, gamma, runningMean, runningVar, tx, tgamma, tbeta);
        CheckBatchNorm1d(op, x, gamma, gamma, runningMean, runningVar);
        if (tx is not null)
        {
            RequireSameShape(op, x, tx, "the tangent of x");
        }
        using Tensor x4 = AsBatchNorm2d(x);
        using Tensor? tx4 = tx is null ? null : AsBatchNorm2d(tx);
        using Tensor ty4 = BatchNorm2dJvp(x4, gamma, runningMean, runningVar, tx4, tgamma, tbeta, training, eps);
        return ty4.Reshape(x.Shape);
    }

    /// <summary>x [N, C] or [N, C, L] viewed as [N, C, L, 1].</summary>
    private static Tensor AsBatchNorm2d(Tensor x) => x.Reshape(x.Size(0), x.Size(1), x.Rank == 3 ? x.Size(2) : 1, 1);

    private static void CheckBatchNorm1d(string op, Tensor x, Tensor gamma, Tensor beta, Tensor runningMean, Tensor runningVar)
    {
        if (x.Rank is not (2 or 3))
        {
            throw new ArgumentException($"{op}: 'x' must be [N, C] or [N, C, L] but has shape {TensorShape.Format(x.Shape)}.", nameof(x));
        }
        CheckBatchNormChannels(op, x, gamma, beta, runningMean, runningVar);
    }
}
