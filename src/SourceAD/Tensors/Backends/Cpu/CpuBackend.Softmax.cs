using System.Numerics;

namespace SourceAD.Tensors.Backends.Cpu;

public sealed partial class CpuBackend
{
    /// <inheritdoc/>
    public void Softmax(Tensor x, Tensor y, bool log)
    {
        switch (y.DType)
        {
            case DType.Float32: Softmax<float>(x, y, log); break;
            case DType.Float64: Softmax<double>(x, y, log); break;
            default: ViaFloat32([x], [y], false, (i, o) => Softmax(i[0]!, o[0], log)); break;
        }
    }

    private static void Softmax<T>(Tensor x, Tensor y, bool log) where T : unmanaged, IFloatingPointIeee754<T>
    {
        T[] xd = Data<T>(x), yd = Data<T>(y);
        int cols = x.Rank == 0 ? 1 : x.Shape[^1];
        int rows = cols == 0 ? 0 : x.Length / cols;
        CpuParallel.For(rows, MaxThreads, r =>
        {
            ReadOnlySpan<T> row = xd.AsSpan(r * cols, cols);
            Span<T> dst = yd.AsSpan(r * cols, cols);
            (double max, double sum) = MaxAndSumExp(row);
            if (log)
            {
                double lse = max + Math.Log(sum);
                for (int c = 0; c < cols; c++)
                {
                    dst[c] = T.CreateTruncating(double.CreateTruncating(row[c]) - lse);
                }
            }
            else
            {
                for (int c = 0; c < cols; c++)
                {
                    dst[c] = T.CreateTruncating(Math.Exp(double.CreateTruncating(row[c]) - max) / sum);
                }
            }
        });
    }

    /// <summary>The row's max and Σ exp(x − max), in double (the stable log-sum-exp pieces).</summary>
    private static (double Max, double SumExp) MaxAndSumExp<T>(ReadOnlySpan<T> row) where T : unmanaged, IFloatingPointIeee754<T>
    {
        double max = double.NegativeInfinity;
        foreach (T v in row)
        {
            max = Math.Max(max, double.CreateTruncating(v));
        }
        double sum = 0;
        foreach (T v in row)
        {
            sum += Math.Exp(double.CreateTruncating(v) - max);
        }
        return (max, sum);
    }

    /// <inheritdoc/>
    public void SoftmaxDerivative(Tensor y, Tensor g, Tensor result, bool log, bool transpose)
    {
        switch (result.DType)
        {
            case DType.Float32: SoftmaxDerivative<float>(y, g, result, log, transpose); break;
            case DType.Float64: SoftmaxDerivative<double>(y, g, result, log, transpose); break;
            default: ViaFloat32([y, g], [result], false, (i, o) => SoftmaxDerivative(i[0]!, i[1]!, o[0], log, transpose)); break;
        }
    }

    private static void SoftmaxDerivative<T>(Tensor y, Tensor g, Tensor result, bool log, bool transpose)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        T[] yd = Data<T>(y), gd = Data<T>(g), rd = Data<T>(result);
        int cols = y.Rank == 0 ? 1 : y.Shape[^1];
        int rows = cols == 0 ? 0 : y.Length / cols;
        CpuParallel.For(rows, MaxThreads, r =>
        {
            ReadOnlySpan<T> ys = yd.AsSpan(r * cols, cols), gs = gd.AsSpan(r * cols, cols);
            Span<T> rs = rd.AsSpan(r * cols, cols);
            double dot = 0;
            for (int c = 0; c < cols; c++)
            {
                // softmax: J = diag(p) − p pᵀ is symmetric, so both rules are p ∘ (g − ⟨p, g⟩).
                // log_softmax: J = I − 1 pᵀ; forward: g − ⟨p, g⟩; backward (Jᵀ): g − p·Σg.
                double p = log ? Math.Exp(double.CreateTruncating(ys[c])) : double.CreateTruncating(ys[c]);
                dot += log && transpose ? double.CreateTruncating(gs[c]) : p * double.CreateTruncating(gs[c]);
            }
            for (int c = 0; c < cols; c++)
            {
                double gv = double.CreateTruncating(gs[c]);
                double v = !log
                    ? double.CreateTruncating(ys[c]) * (gv - dot)
                    : transpose ? gv - Math.Exp(double.CreateTruncating(ys[c])) * dot : gv - dot;
                rs[c] = T.CreateTruncating(v);
            }
        });
    }

    /// <inheritdoc/>
    public void CrossEntropy(Tensor logits, ReadOnlySpan<int> labels, Tensor loss)
    {
        switch (logits.DType)
        {
            case DType.Float32: Fill(loss, CrossEntropySum<float>(logits, labels) / Math.Max(1, logits.Size(0))); break;
            case DType.Float64: Fill(loss, CrossEntropySum<double>(logits, labels) / Math.Max(1, logits.Size(0))); break;
            default:
                using (Tensor wide = logits.To(DType.Float32))
                {
                    Fill(loss, CrossEntropySum<float>(wide, labels) / Math.Max(1, logits.Size(0)));
                }
                break;
        }
    }

    private static double CrossEntropySum<T>(Tensor logits, ReadOnlySpan<int> labels) where T : unmanaged, IFloatingPointIeee754<T>
    {
        T[] xd = Data<T>(logits);
        int rows = logits.Size(0), cols = logits.Size(1);
        var perRow = new double[rows];
        int[] labelCopy = labels.ToArray();
        CpuParallel.For(rows, MaxThreads, r =>
        {
            ReadOnlySpan<T> row = xd.AsSpan(r * cols, cols);
            (double max, double sum) = MaxAndSumExp(row);
            perRow[r] = max + Math.Log(sum) - double.CreateTruncating(row[labelCopy[r]]);
        });
        double total = 0;
        foreach (double v in perRow)
        {
            total += v;
        }
        return total;
    }

    /// <inheritdoc/>
    public void CrossEntropyBackward(Tensor logits, ReadOnlySpan<int> labels, double scale, Tensor result)
    {
        switch (result.DType)
        {
            case DType.Float32: CrossEntropyBackward<float>(logits, labels, scale, result); break;
            case DType.Float64: CrossEntropyBackward<double>(logits, labels, scale, result); break;
            default:
                int[] copy = labels.ToArray();
                ViaFloat32([logits], [result], false, (i, o) => CrossEntropyBackward(i[0]!, copy, scale, o[0]));
                break;
        }
    }

    private static void CrossEntropyBackward<T>(Tensor logits, ReadOnlySpan<int> labels, double scale, Tensor result)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        T[] xd = Data<T>(logits), rd = Data<T>(result);
        int rows = logits.Size(0), cols = logits.Size(1);
        double factor = scale / Math.Max(1, rows);
        int[] labelCopy = labels.ToArray();
        CpuParallel.For(rows, MaxThreads, r =>
        {
            ReadOnlySpan<T> row = xd.AsSpan(r * cols, cols);
            Span<T> dst = rd.AsSpan(r * cols, cols);
            (double max, double sum) = MaxAndSumExp(row);
            for (int c = 0; c < cols; c++)
            {
                double p = Math.Exp(double.CreateTruncating(row[c]) - max) / sum;
                dst[c] = T.CreateTruncating(factor * (p - (c == labelCopy[r] ? 1.0 : 0.0)));
            }
        });
    }

    /// <inheritdoc/>
    public void CrossEntropyJvp(Tensor logits, ReadOnlySpan<int> labels, Tensor tangent, Tensor loss)
    {
        using Tensor gradient = Tensor.Empty(logits.Shape, logits.DType);
        CrossEntropyBackward(logits, labels, 1.0, gradient);
        using Tensor wideGradient = gradient.To(DType.Float64);
        using Tensor wideTangent = tangent.To(DType.Float64);
        ReadOnlySpan<double> gs = wideGradient.AsSpan<double>(), ts = wideTangent.AsSpan<double>();
        double dot = 0;
        for (int i = 0; i < gs.Length; i++)
        {
            dot += gs[i] * ts[i];
        }
        Fill(loss, dot);
    }
}
