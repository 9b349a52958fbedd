using System.Numerics;
using ILGPU;

namespace SourceAD.Ilgpu.Kernels;

/// <summary>Batch norm over channels (axis 1 of [N, C, inner]): one thread per channel for the sums, in double and (n, inner) order.</summary>
internal static class BatchNormKernels
{
    /// <summary>hasRunning: update running statistics (r ← (1 − momentum)·r + momentum·batch value, unbiased variance).</summary>
    public static void Statistics<T, TReal>(
        Index1D thread, ArrayView<T> x, ArrayView<T> mean, ArrayView<T> invStd, ArrayView<T> runningMean, ArrayView<T> runningVar,
        int n, int c, int inner, double eps, double momentum, int hasRunning, int elements, int stride)
        where T : unmanaged, IFloatingPointIeee754<T>
        where TReal : struct, IReal<T>
    {
        for (int ch = thread; ch < elements; ch += stride)
        {
            TReal real = default;
            long count = (long)n * inner;
            double sum = 0;
            for (int i = 0; i < n; i++)
            {
                int offset = (i * c + ch) * inner;
                for (int k = 0; k < inner; k++)
                {
                    sum += real.ToDouble(x[offset + k]);
                }
            }
            double mu = sum / count, squares = 0;
            for (int i = 0; i < n; i++)
            {
                int offset = (i * c + ch) * inner;
                for (int k = 0; k < inner; k++)
                {
                    double dv = real.ToDouble(x[offset + k]) - mu;
                    squares += dv * dv;
                }
            }
            double variance = squares / count;
            mean[ch] = real.FromDouble(mu);
            invStd[ch] = real.FromDouble(1.0 / Math.Sqrt(variance + eps));
            if (hasRunning != 0)
            {
                double unbiased = count > 1 ? squares / (count - 1) : variance;
                runningMean[ch] = real.FromDouble((1 - momentum) * real.ToDouble(runningMean[ch]) + momentum * mu);
                runningVar[ch] = real.FromDouble((1 - momentum) * real.ToDouble(runningVar[ch]) + momentum * unbiased);
            }
        }
    }

    /// <summary>y = x·scale + shift with scale = gamma·invStd and shift = beta − mean·scale, in T as the CPU backend.</summary>
    public static void Apply<T>(Index1D thread, ArrayView<T> x, ArrayView<T> mean, ArrayView<T> invStd, ArrayView<T> gamma, ArrayView<T> beta, ArrayView<T> y, int c, int inner, int elements, int stride)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        for (int i = thread; i < elements; i += stride)
        {
            int ch = i / inner % c;
            T scale = gamma[ch] * invStd[ch], shift = beta[ch] - mean[ch] * scale;
            y[i] = x[i] * scale + shift;
        }
    }

    /// <summary>sums[ch] = Σ g, sums[c + ch] = Σ x̂∘g over the channel.</summary>
    public static void ChannelSums<T, TReal>(Index1D thread, ArrayView<T> x, ArrayView<T> mean, ArrayView<T> invStd, ArrayView<T> g, ArrayView<double> sums, int n, int c, int inner, int elements, int stride)
        where T : unmanaged, IFloatingPointIeee754<T>
        where TReal : struct, IReal<T>
    {
        for (int ch = thread; ch < elements; ch += stride)
        {
            TReal real = default;
            double mu = real.ToDouble(mean[ch]), inv = real.ToDouble(invStd[ch]);
            double sumG = 0, sumXhatG = 0;
            for (int i = 0; i < n; i++)
            {
                int offset = (i * c + ch) * inner;
                for (int k = 0; k < inner; k++)
                {
                    double gv = real.ToDouble(g[offset + k]);
                    sumG += gv;
                    sumXhatG += (real.ToDouble(x[offset + k]) - mu) * inv * gv;
                }
            }
            sums[ch] = sumG;
            sums[c + ch] = sumXhatG;
        }
    }

    public static void InputDerivative<T, TReal>(
        Index1D thread, ArrayView<T> x, ArrayView<T> mean, ArrayView<T> invStd, ArrayView<T> gamma, ArrayView<T> g, ArrayView<T> result,
        ArrayView<double> sums, int c, int inner, long count, int batchStatistics, int elements, int stride)
        where T : unmanaged, IFloatingPointIeee754<T>
        where TReal : struct, IReal<T>
    {
        for (int i = thread; i < elements; i += stride)
        {
            TReal real = default;
            int ch = i / inner % c;
            double mu = real.ToDouble(mean[ch]), inv = real.ToDouble(invStd[ch]);
            double scale = real.ToDouble(gamma[ch]) * inv;
            double gv = real.ToDouble(g[i]);
            double xhat = (real.ToDouble(x[i]) - mu) * inv;
            result[i] = real.FromDouble(batchStatistics != 0 ? scale * (gv - sums[ch] / count - xhat * (sums[c + ch] / count)) : scale * gv);
        }
    }

    public static void ParameterGradients<T, TReal>(Index1D thread, ArrayView<double> sums, ArrayView<T> dgamma, ArrayView<T> dbeta, int c, int elements, int stride)
        where T : unmanaged, IFloatingPointIeee754<T>
        where TReal : struct, IReal<T>
    {
        for (int ch = thread; ch < elements; ch += stride)
        {
            dgamma[ch] = default(TReal).FromDouble(sums[c + ch]);
            dbeta[ch] = default(TReal).FromDouble(sums[ch]);
        }
    }
}
