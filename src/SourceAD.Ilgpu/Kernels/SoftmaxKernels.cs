using System.Numerics;
using ILGPU;

namespace SourceAD.Ilgpu.Kernels;

/// <summary>
/// Softmax and cross-entropy: one thread per line (outer × inner lines of length cols, stride inner), every sum in
/// double and in column order, as the CPU backend computes it.
/// </summary>
internal static class SoftmaxKernels
{
    private static (double Max, double Sum) MaxAndSumExp<T, TReal>(ArrayView<T> x, int first, int stride, int cols)
        where T : unmanaged, IFloatingPointIeee754<T>
        where TReal : struct, IReal<T>
    {
        double max = double.NegativeInfinity;
        for (int c = 0; c < cols; c++)
        {
            double v = default(TReal).ToDouble(x[first + c * stride]);
            // Math.Max semantics: NaN wins.
            max = double.IsNaN(v) || v > max ? v : max;
        }
        double sum = 0;
        for (int c = 0; c < cols; c++)
        {
            sum += Math.Exp(default(TReal).ToDouble(x[first + c * stride]) - max);
        }
        return (max, sum);
    }

    public static void Softmax<T, TReal>(Index1D thread, ArrayView<T> x, ArrayView<T> y, int cols, int inner, int log, int elements, int stride)
        where T : unmanaged, IFloatingPointIeee754<T>
        where TReal : struct, IReal<T>
    {
        for (int line = thread; line < elements; line += stride)
        {
            int first = line / inner * cols * inner + line % inner;
            (double max, double sum) = MaxAndSumExp<T, TReal>(x, first, inner, cols);
            double lse = max + Math.Log(sum);
            for (int c = 0; c < cols; c++)
            {
                int k = first + c * inner;
                double v = default(TReal).ToDouble(x[k]);
                y[k] = default(TReal).FromDouble(log != 0 ? v - lse : Math.Exp(v - max) / sum);
            }
        }
    }

    public static void SoftmaxDerivative<T, TReal>(Index1D thread, ArrayView<T> y, ArrayView<T> g, ArrayView<T> r, int cols, int inner, int log, int transpose, int elements, int stride)
        where T : unmanaged, IFloatingPointIeee754<T>
        where TReal : struct, IReal<T>
    {
        for (int line = thread; line < elements; line += stride)
        {
            TReal real = default;
            int first = line / inner * cols * inner + line % inner;
            double dot = 0;
            for (int c = 0; c < cols; c++)
            {
                int k = first + c * inner;
                // softmax: J symmetric, both rules p∘(g − ⟨p, g⟩); log_softmax forward g − ⟨p, g⟩, backward g − p·Σg.
                double p = log != 0 ? Math.Exp(real.ToDouble(y[k])) : real.ToDouble(y[k]);
                dot += log != 0 && transpose != 0 ? real.ToDouble(g[k]) : p * real.ToDouble(g[k]);
            }
            for (int c = 0; c < cols; c++)
            {
                int k = first + c * inner;
                double gv = real.ToDouble(g[k]);
                double v = log == 0
                    ? real.ToDouble(y[k]) * (gv - dot)
                    : transpose != 0 ? gv - Math.Exp(real.ToDouble(y[k])) * dot : gv - dot;
                r[k] = real.FromDouble(v);
            }
        }
    }

    /// <summary>perRow[r] = logsumexp(logits[r]) − logits[r, labels[r]] in double.</summary>
    public static void CrossEntropyRows<T, TReal>(Index1D thread, ArrayView<T> logits, ArrayView<int> labels, ArrayView<double> perRow, int cols, int elements, int stride)
        where T : unmanaged, IFloatingPointIeee754<T>
        where TReal : struct, IReal<T>
    {
        for (int row = thread; row < elements; row += stride)
        {
            (double max, double sum) = MaxAndSumExp<T, TReal>(logits, row * cols, 1, cols);
            perRow[row] = max + Math.Log(sum) - default(TReal).ToDouble(logits[row * cols + labels[row]]);
        }
    }

    /// <summary>One thread: loss[0] = (Σ values in order) · scale, so the sum is the CPU backend's sequence.</summary>
    public static void SumScaled<T, TReal>(Index1D thread, ArrayView<double> values, ArrayView<T> loss, int count, double divisor, int elements, int stride)
        where T : unmanaged, IFloatingPointIeee754<T>
        where TReal : struct, IReal<T>
    {
        for (int index = thread; index < elements; index += stride)
        {
            double total = 0;
            for (int r = 0; r < count; r++)
            {
                total += values[r];
            }
            loss[index] = default(TReal).FromDouble(total / divisor);
        }
    }

    /// <summary>result[r, c] = factor·(softmax(logits[r])[c] − [c = label]).</summary>
    public static void CrossEntropyBackward<T, TReal>(Index1D thread, ArrayView<T> logits, ArrayView<int> labels, ArrayView<T> result, int cols, double factor, int elements, int stride)
        where T : unmanaged, IFloatingPointIeee754<T>
        where TReal : struct, IReal<T>
    {
        for (int row = thread; row < elements; row += stride)
        {
            (double max, double sum) = MaxAndSumExp<T, TReal>(logits, row * cols, 1, cols);
            int label = labels[row];
            for (int c = 0; c < cols; c++)
            {
                double p = Math.Exp(default(TReal).ToDouble(logits[row * cols + c]) - max) / sum;
                result[row * cols + c] = default(TReal).FromDouble(factor * (p - (c == label ? 1.0 : 0.0)));
            }
        }
    }

    /// <summary>perRow[r] = Σ_c gradient[r, c]·tangent[r, c] in double (the rounded gradient, as the CPU backend dots it).</summary>
    public static void RowDots<T, TReal>(Index1D thread, ArrayView<T> gradient, ArrayView<T> tangent, ArrayView<double> perRow, int cols, int elements, int stride)
        where T : unmanaged, IFloatingPointIeee754<T>
        where TReal : struct, IReal<T>
    {
        for (int row = thread; row < elements; row += stride)
        {
            double dot = 0;
            for (int c = 0; c < cols; c++)
            {
                dot += default(TReal).ToDouble(gradient[row * cols + c]) * default(TReal).ToDouble(tangent[row * cols + c]);
            }
            perRow[row] = dot;
        }
    }
}
