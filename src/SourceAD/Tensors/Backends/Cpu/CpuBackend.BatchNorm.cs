using System.Numerics;

namespace SourceAD.Tensors.Backends.Cpu;

// Batch norm over channels (axis 1): one channel per work item (struct bodies: nothing allocates per call); every sum
// runs in double over each (n, c) plane in vector lanes, lanes added in a fixed order, then the planes in n order
// (BatchNormSums), so the result never depends on the thread count.
public sealed partial class CpuBackend
{
    /// <inheritdoc/>
    public void BatchNormStatistics(Tensor x, Tensor mean, Tensor invStd, double eps, Tensor? runningMean, Tensor? runningVar, double momentum)
    {
        switch (x.DType)
        {
            case DType.Float32: BatchNormStatistics<float>(x, mean, invStd, eps, runningMean, runningVar, momentum); break;
            case DType.Float64: BatchNormStatistics<double>(x, mean, invStd, eps, runningMean, runningVar, momentum); break;
            default: BatchNormStatisticsViaFloat32(x, mean, invStd, eps, runningMean, runningVar, momentum); break;
        }
    }

    // Separate so that the float16 path's closure (it captures eps and momentum) is not allocated on every call.
    private void BatchNormStatisticsViaFloat32(Tensor x, Tensor mean, Tensor invStd, double eps, Tensor? runningMean, Tensor? runningVar, double momentum)
    {
        Tensor[] outputs = runningMean is null ? [mean, invStd] : [mean, invStd, runningMean, runningVar!];
        ViaFloat32([x], outputs, true, (i, o) => BatchNormStatistics(i[0]!, o[0], o[1], eps, o.Length > 2 ? o[2] : null, o.Length > 2 ? o[3] : null, momentum));
    }

    private static void BatchNormStatistics<T>(Tensor x, Tensor mean, Tensor invStd, double eps, Tensor? runningMean, Tensor? runningVar, double momentum)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        (int n, int c, int inner) = TensorShape.Split(x.Shape, 1);
        T[] xd = Data<T>(x), md = Data<T>(mean), sd = Data<T>(invStd);
        T[]? rm = runningMean is null ? null : Data<T>(runningMean), rv = runningVar is null ? null : Data<T>(runningVar);
        CpuParallel.For(c, MaxThreads, new BatchNormStatisticsBody<T>(xd, md, sd, rm, rv, n, c, inner, eps, momentum));
    }

    private readonly struct BatchNormStatisticsBody<T>(T[] xd, T[] md, T[] sd, T[]? rm, T[]? rv, int n, int c, int inner, double eps, double momentum)
        : IParallelBody
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        public void Invoke(int ch)
        {
            long count = (long)n * inner;
            double sum = 0;
            for (int i = 0; i < n; i++)
            {
                sum += BatchNormSums.Sum<T>(xd.AsSpan((i * c + ch) * inner, inner));
            }
            double mu = sum / count, squares = 0;
            for (int i = 0; i < n; i++)
            {
                squares += BatchNormSums.SquaredDeviations<T>(xd.AsSpan((i * c + ch) * inner, inner), mu);
            }
            double variance = squares / count;
            md[ch] = T.CreateTruncating(mu);
            sd[ch] = T.CreateTruncating(1.0 / Math.Sqrt(variance + eps));
            if (rm is not null && rv is not null)
            {
                double unbiased = count > 1 ? squares / (count - 1) : variance;
                rm[ch] = T.CreateTruncating((1 - momentum) * double.CreateTruncating(rm[ch]) + momentum * mu);
                rv[ch] = T.CreateTruncating((1 - momentum) * double.CreateTruncating(rv[ch]) + momentum * unbiased);
            }
        }
    }

    /// <inheritdoc/>
    public void BatchNormApply(Tensor x, Tensor mean, Tensor invStd, Tensor gamma, Tensor beta, Tensor y)
    {
        switch (y.DType)
        {
            case DType.Float32: BatchNormApply<float>(x, mean, invStd, gamma, beta, y); break;
            case DType.Float64: BatchNormApply<double>(x, mean, invStd, gamma, beta, y); break;
            default: BatchNormApplyViaFloat32(x, mean, invStd, gamma, beta, y); break;
        }
    }

    // Separate so that the float16 path's closure is not allocated on every float32/float64 call.
    private void BatchNormApplyViaFloat32(Tensor x, Tensor mean, Tensor invStd, Tensor gamma, Tensor beta, Tensor y) =>
        ViaFloat32([x, mean, invStd, gamma, beta], [y], false, (i, o) => BatchNormApply(i[0]!, i[1]!, i[2]!, i[3]!, i[4]!, o[0]));

    private static void BatchNormApply<T>(Tensor x, Tensor mean, Tensor invStd, Tensor gamma, Tensor beta, Tensor y)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        (int n, int c, int inner) = TensorShape.Split(x.Shape, 1);
        T[] xd = Data<T>(x), md = Data<T>(mean), sd = Data<T>(invStd), gd = Data<T>(gamma), bd = Data<T>(beta), yd = Data<T>(y);
        CpuParallel.For(n * c, MaxThreads, new BatchNormApplyBody<T>(xd, md, sd, gd, bd, yd, c, inner));
    }

    private readonly struct BatchNormApplyBody<T>(T[] xd, T[] md, T[] sd, T[] gd, T[] bd, T[] yd, int c, int inner) : IParallelBody
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        public void Invoke(int nc)
        {
            int ch = nc % c;
            T scale = gd[ch] * sd[ch], shift = bd[ch] - md[ch] * scale;
            // x·scale + shift, rounded after the product and after the sum (not fused), as the scalar loop was.
            ReadOnlySpan<T> src = xd.AsSpan(nc * inner, inner);
            Span<T> dst = yd.AsSpan(nc * inner, inner);
            Vector<T> vs = new(scale), vb = new(shift);
            int i = 0;
            for (; i + Vector<T>.Count <= inner; i += Vector<T>.Count)
            {
                (new Vector<T>(src[i..]) * vs + vb).CopyTo(dst[i..]);
            }
            for (; i < inner; i++)
            {
                dst[i] = src[i] * scale + shift;
            }
        }
    }

    /// <inheritdoc/>
    public void BatchNormInputDerivative(Tensor x, Tensor mean, Tensor invStd, Tensor gamma, Tensor g, Tensor result, bool batchStatistics)
    {
        switch (result.DType)
        {
            case DType.Float32: BatchNormInputDerivative<float>(x, mean, invStd, gamma, g, result, batchStatistics); break;
            case DType.Float64: BatchNormInputDerivative<double>(x, mean, invStd, gamma, g, result, batchStatistics); break;
            default: BatchNormInputDerivativeViaFloat32(x, mean, invStd, gamma, g, result, batchStatistics); break;
        }
    }

    // Separate so that the float16 path's closure is not allocated on every float32/float64 call.
    private void BatchNormInputDerivativeViaFloat32(Tensor x, Tensor mean, Tensor invStd, Tensor gamma, Tensor g, Tensor result, bool batchStatistics) =>
        ViaFloat32([x, mean, invStd, gamma, g], [result], false, (i, o) => BatchNormInputDerivative(i[0]!, i[1]!, i[2]!, i[3]!, i[4]!, o[0], batchStatistics));

    private static void BatchNormInputDerivative<T>(Tensor x, Tensor mean, Tensor invStd, Tensor gamma, Tensor g, Tensor result, bool batchStatistics)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        (int n, int c, int inner) = TensorShape.Split(x.Shape, 1);
        T[] xd = Data<T>(x), md = Data<T>(mean), sd = Data<T>(invStd), gm = Data<T>(gamma), gd = Data<T>(g), rd = Data<T>(result);
        CpuParallel.For(c, MaxThreads, new BatchNormInputDerivativeBody<T>(xd, md, sd, gm, gd, rd, n, c, inner, batchStatistics));
    }

    private readonly struct BatchNormInputDerivativeBody<T>(T[] xd, T[] md, T[] sd, T[] gm, T[] gd, T[] rd, int n, int c, int inner, bool batchStatistics)
        : IParallelBody
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        public void Invoke(int ch)
        {
            long count = (long)n * inner;
            double mu = double.CreateTruncating(md[ch]), inv = double.CreateTruncating(sd[ch]);
            double scale = double.CreateTruncating(gm[ch]) * inv;
            double meanG = 0, meanXhatG = 0;
            if (batchStatistics)
            {
                (double sumG, double sumXhatG) = ChannelSums(xd, gd, n, c, inner, ch, mu, inv);
                meanG = sumG / count;
                meanXhatG = sumXhatG / count;
            }
            for (int i = 0; i < n; i++)
            {
                int offset = (i * c + ch) * inner;
                BatchNormSums.InputDerivative<T>(xd.AsSpan(offset, inner), gd.AsSpan(offset, inner), rd.AsSpan(offset, inner),
                    mu, inv, scale, meanG, meanXhatG, batchStatistics);
            }
        }
    }

    /// <inheritdoc/>
    public void BatchNormParameterGradients(Tensor x, Tensor mean, Tensor invStd, Tensor g, Tensor dgamma, Tensor dbeta)
    {
        switch (g.DType)
        {
            case DType.Float32: BatchNormParameterGradients<float>(x, mean, invStd, g, dgamma, dbeta); break;
            case DType.Float64: BatchNormParameterGradients<double>(x, mean, invStd, g, dgamma, dbeta); break;
            default: BatchNormParameterGradientsViaFloat32(x, mean, invStd, g, dgamma, dbeta); break;
        }
    }

    // Separate so that the float16 path's closure is not allocated on every float32/float64 call.
    private void BatchNormParameterGradientsViaFloat32(Tensor x, Tensor mean, Tensor invStd, Tensor g, Tensor dgamma, Tensor dbeta) =>
        ViaFloat32([x, mean, invStd, g], [dgamma, dbeta], false, (i, o) => BatchNormParameterGradients(i[0]!, i[1]!, i[2]!, i[3]!, o[0], o[1]));

    private static void BatchNormParameterGradients<T>(Tensor x, Tensor mean, Tensor invStd, Tensor g, Tensor dgamma, Tensor dbeta)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        (int n, int c, int inner) = TensorShape.Split(x.Shape, 1);
        T[] xd = Data<T>(x), md = Data<T>(mean), sd = Data<T>(invStd), gd = Data<T>(g), dgd = Data<T>(dgamma), dbd = Data<T>(dbeta);
        CpuParallel.For(c, MaxThreads, new BatchNormParameterBody<T>(xd, md, sd, gd, dgd, dbd, n, c, inner));
    }

    private readonly struct BatchNormParameterBody<T>(T[] xd, T[] md, T[] sd, T[] gd, T[] dgd, T[] dbd, int n, int c, int inner) : IParallelBody
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        public void Invoke(int ch)
        {
            double mu = double.CreateTruncating(md[ch]), inv = double.CreateTruncating(sd[ch]);
            (double sumG, double sumXhatG) = ChannelSums(xd, gd, n, c, inner, ch, mu, inv);
            dgd[ch] = T.CreateTruncating(sumXhatG);
            dbd[ch] = T.CreateTruncating(sumG);
        }
    }

    /// <summary>Σ g and Σ x̂∘g over one channel, in (n, h, w) order.</summary>
    private static (double SumG, double SumXhatG) ChannelSums<T>(T[] xd, T[] gd, int n, int c, int inner, int ch, double mu, double inv)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        double sumG = 0, sumXhatG = 0;
        for (int i = 0; i < n; i++)
        {
            int offset = (i * c + ch) * inner;
            (double g, double xg) = BatchNormSums.GradientSums<T>(xd.AsSpan(offset, inner), gd.AsSpan(offset, inner), mu, inv);
            sumG += g;
            sumXhatG += xg;
        }
        return (sumG, sumXhatG);
    }
}
