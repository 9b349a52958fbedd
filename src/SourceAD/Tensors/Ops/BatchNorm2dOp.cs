using SourceAD.Tensors.Backends;

namespace SourceAD.Tensors;

public static partial class Ops
{
    /// <summary>
    /// PyTorch's batch_norm over channels of x [N, C, H, W] with affine gamma, beta [C]. In training it normalizes with
    /// the batch's mean and biased variance and updates <paramref name="runningMean"/> and <paramref name="runningVar"/>
    /// in place (momentum <see cref="OpDefaults.BatchNormMomentum"/> unless given, unbiased variance, as torch); in evaluation it uses the running statistics.
    /// </summary>
    public static Tensor BatchNorm2d(Tensor x, Tensor gamma, Tensor beta, Tensor runningMean, Tensor runningVar, bool training, double momentum = OpDefaults.BatchNormMomentum, double eps = OpDefaults.BatchNormEps)
    {
        const string op = nameof(BatchNorm2d);
        var backend = BackendOf(op, x, gamma, beta, runningMean, runningVar);
        CheckBatchNorm(op, x, gamma, beta, runningMean, runningVar);
        using Tensor mean = Tensor.Empty([x.Size(1)], x.DType, x.Device).AsScratch(), invStd = Tensor.Empty([x.Size(1)], x.DType, x.Device).AsScratch();
        Statistics(backend, x, mean, invStd, runningMean, runningVar, training, eps, momentum, update: true);
        Tensor y = EmptyLike(x);
        backend.BatchNormApply(x, mean, invStd, gamma, beta, y);
        return y;
    }

    /// <summary>Backward rule of <see cref="BatchNorm2d"/>: the adjoints of x, gamma and beta (running statistics are not updated).</summary>
    public static (Tensor Dx, Tensor Dgamma, Tensor Dbeta) BatchNorm2dBackward(Tensor x, Tensor gamma, Tensor runningMean, Tensor runningVar, Tensor dy, bool training, double eps = OpDefaults.BatchNormEps)
    {
        const string op = nameof(BatchNorm2dBackward);
        var backend = BackendOf(op, x, gamma, runningMean, runningVar, dy);
        CheckBatchNorm(op, x, gamma, gamma, runningMean, runningVar);
        RequireSameShape(op, x, dy, "the output adjoint");
        using Tensor mean = Tensor.Empty([x.Size(1)], x.DType, x.Device).AsScratch(), invStd = Tensor.Empty([x.Size(1)], x.DType, x.Device).AsScratch();
        Statistics(backend, x, mean, invStd, runningMean, runningVar, training, eps, 0, update: false);
        Tensor dx = EmptyLike(x), dgamma = EmptyLike(gamma), dbeta = EmptyLike(gamma);
        backend.BatchNormInputDerivative(x, mean, invStd, gamma, dy, dx, training);
        backend.BatchNormParameterGradients(x, mean, invStd, dy, dgamma, dbeta);
        return (dx, dgamma, dbeta);
    }

    /// <summary>Forward rule of <see cref="BatchNorm2d"/>: ty = tgamma·x̂ + tbeta + the input part (null tangents are zero).</summary>
    public static Tensor BatchNorm2dJvp(Tensor x, Tensor gamma, Tensor runningMean, Tensor runningVar, Tensor? tx, Tensor? tgamma, Tensor? tbeta, bool training, double eps = OpDefaults.BatchNormEps)
    {
        const string op = nameof(BatchNorm2dJvp);
        var backend = BackendOf(op, x, gamma, runningMean, runningVar, tx, tgamma, tbeta);
        CheckBatchNorm(op, x, gamma, gamma, runningMean, runningVar);
        using Tensor mean = Tensor.Empty([x.Size(1)], x.DType, x.Device).AsScratch(), invStd = Tensor.Empty([x.Size(1)], x.DType, x.Device).AsScratch();
        Statistics(backend, x, mean, invStd, runningMean, runningVar, training, eps, 0, update: false);
        Tensor ty = ZerosLike(x);
        if (tx is not null)
        {
            RequireSameShape(op, x, tx, "the tangent of x");
            backend.BatchNormInputDerivative(x, mean, invStd, gamma, tx, ty, training);
        }
        if (tgamma is not null || tbeta is not null)
        {
            using Tensor zeros = ZerosLike(gamma).AsScratch();
            using Tensor part = EmptyLike(x).AsScratch();
            backend.BatchNormApply(x, mean, invStd, tgamma ?? zeros, tbeta ?? zeros, part);
            AddInto(ty, part);
        }
        return ty;
    }

    private static void Statistics(ITensorBackend backend, Tensor x, Tensor mean, Tensor invStd, Tensor runningMean, Tensor runningVar, bool training, double eps, double momentum, bool update)
    {
        if (training)
        {
            backend.BatchNormStatistics(x, mean, invStd, eps, update ? runningMean : null, update ? runningVar : null, momentum);
            return;
        }
        // Fixed statistics: invStd = 1/√(runningVar + eps), a [C] vector computed on the host (cheap; no kernel needed).
        backend.Convert(runningMean, mean);
        double[] variance = runningVar.ToDoubleArray();
        var inv = new double[variance.Length];
        for (int i = 0; i < inv.Length; i++)
        {
            inv[i] = 1.0 / Math.Sqrt(variance[i] + eps);
        }
        invStd.CopyFrom<double>(inv);
    }

    private static void CheckBatchNorm(string op, Tensor x, Tensor gamma, Tensor beta, Tensor runningMean, Tensor runningVar)
    {
        RequireRank(op, nameof(x), x, 4);
        CheckBatchNormChannels(op, x, gamma, beta, runningMean, runningVar);
    }

    /// <summary>gamma, beta and the running statistics are [C] vectors for x's C channels (axis 1).</summary>
    private static void CheckBatchNormChannels(string op, Tensor x, Tensor gamma, Tensor beta, Tensor runningMean, Tensor runningVar)
    {
        foreach ((Tensor t, string name) in new[] { (gamma, "gamma"), (beta, "beta"), (runningMean, "runningMean"), (runningVar, "runningVar") })
        {
            if (t.Rank != 1 || t.Size(0) != x.Size(1))
            {
                throw new ArgumentException($"{op}: input shape {TensorShape.Format(x.Shape)} has {x.Size(1)} channels but '{name}' has shape {TensorShape.Format(t.Shape)}.");
            }
        }
    }
}
