namespace SourceAD.Tests.Programs;

/// <summary>Spans and slices of parameters passed to helpers and read in place (GradBench GMM's <c>mu.AsSpan(k * d, d)</c>).</summary>
public static partial class SlicePrograms
{
    [Differentiable]
    public static double SquaredDistance(ReadOnlySpan<double> x, ReadOnlySpan<double> mu)
    {
        double s = 0;
        for (int i = 0; i < x.Length; i++) s += (x[i] - mu[i]) * (x[i] - mu[i]);
        return s;
    }

    /// <summary>Σ_k w_k·exp(−½‖x − μ_k‖²) with the means stored row by row in one array.</summary>
    [Differentiable]
    public static double MixtureDensity(double[] x, double[] means, double[] weights)
    {
        int d = x.Length;
        double total = 0;
        for (int k = 0; k < weights.Length; k++)
        {
            double q = SquaredDistance(x, means.AsSpan(k * d, d));
            total += weights[k] * Math.Exp(-0.5 * q);
        }
        return total;
    }

    /// <summary>Ranges and Slice on a span parameter, and a span local read in place.</summary>
    [Differentiable]
    public static double Halves(ReadOnlySpan<double> x)
    {
        int h = x.Length / 2;
        double a = SquaredDistance(x[..h], x[h..(2 * h)]);
        ReadOnlySpan<double> tail = x.Slice(1);
        double b = 0;
        for (int i = 0; i < tail.Length; i++) b += Math.Sin(tail[i]) * x[i];
        ReadOnlySpan<double> inner = tail.Slice(1, tail.Length - 2);
        return a + b + SquaredDistance(inner, x.Slice(0, inner.Length));
    }

    /// <summary>A vector helper writing into slices of the output (GradBench BA's per-observation residual blocks).</summary>
    [Differentiable]
    public static void CrossBlocks(ReadOnlySpan<double> a, ReadOnlySpan<double> b, Span<double> y)
    {
        int blocks = a.Length / 3;
        for (int k = 0; k < blocks; k++)
        {
            VectorCallPrograms.Cross(a.Slice(3 * k, 3), b.Slice(3 * k, 3), y.Slice(3 * k, 3));
        }
    }
}
