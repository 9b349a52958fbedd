using System.Numerics;

namespace SourceAD.Tensors.Backends.Cpu;

public sealed partial class CpuBackend
{
    /// <inheritdoc/>
    public void Softmax(Tensor x, Tensor y, int axis, bool log)
    {
        switch (y.DType)
        {
            case DType.Float32: Softmax<float>(x, y, axis, log); break;
            case DType.Float64: Softmax<double>(x, y, axis, log); break;
            default: SoftmaxViaFloat32(x, y, axis, log); break;
        }
    }

    // Separate so that the float16 path's closure is not allocated on every float32/float64 call.
    private void SoftmaxViaFloat32(Tensor x, Tensor y, int axis, bool log) =>
        ViaFloat32([x], [y], false, (i, o) => Softmax(i[0]!, o[0], axis, log));

    private static void Softmax<T>(Tensor x, Tensor y, int axis, bool log) where T : unmanaged, IFloatingPointIeee754<T>
    {
        T[] xd = Data<T>(x), yd = Data<T>(y);
        ForEachLine(x.Shape, axis, (line, stride, cols) =>
        {
            Span<T> row = Gather(xd, line, stride, cols, out T[]? rented);
            Span<T> dst = stride == 1 ? yd.AsSpan(line, cols) : row;
            (double max, double sum) = MaxAndSumExp<T>(row);
            double lse = max + Math.Log(sum);
            for (int c = 0; c < cols; c++)
            {
                double v = double.CreateTruncating(row[c]);
                dst[c] = T.CreateTruncating(log ? v - lse : Math.Exp(v - max) / sum);
            }
            Scatter(dst, yd, line, stride, rented);
        });
    }

    /// <summary>
    /// Runs <paramref name="body"/>(first element, stride, length) for every line along <paramref name="axis"/>: one line
    /// per work item, so each line's sums run on one thread.
    /// </summary>
    private static void ForEachLine(ReadOnlySpan<int> shape, int axis, Action<int, int, int> body)
    {
        (int outer, int cols, int inner) = shape.Length == 0 ? (1, 1, 1) : TensorShape.Split(shape, axis);
        CpuParallel.For(outer * inner, MaxThreads, item =>
        {
            int o = item / inner, i = item % inner;
            body(o * cols * inner + i, inner, cols);
        });
    }

    /// <summary>The line as a span: the data itself when contiguous, else a pooled copy (returned by <see cref="Scatter"/>).</summary>
    private static Span<T> Gather<T>(T[] data, int first, int stride, int cols, out T[]? rented)
    {
        if (stride == 1)
        {
            rented = null;
            return data.AsSpan(first, cols);
        }
        rented = System.Buffers.ArrayPool<T>.Shared.Rent(cols);
        for (int c = 0; c < cols; c++)
        {
            rented[c] = data[first + c * stride];
        }
        return rented.AsSpan(0, cols);
    }

    /// <summary>Writes a gathered line back (when strided) and returns its pooled buffer.</summary>
    private static void Scatter<T>(ReadOnlySpan<T> line, T[] data, int first, int stride, T[]? rented)
    {
        if (stride != 1)
        {
            for (int c = 0; c < line.Length; c++)
            {
                data[first + c * stride] = line[c];
            }
        }
        if (rented is not null)
        {
            System.Buffers.ArrayPool<T>.Shared.Return(rented);
        }
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
    public void SoftmaxDerivative(Tensor y, Tensor g, Tensor result, int axis, bool log, bool transpose)
    {
        switch (result.DType)
        {
            case DType.Float32: SoftmaxDerivative<float>(y, g, result, axis, log, transpose); break;
            case DType.Float64: SoftmaxDerivative<double>(y, g, result, axis, log, transpose); break;
            default: SoftmaxDerivativeViaFloat32(y, g, result, axis, log, transpose); break;
        }
    }

    // Separate so that the float16 path's closure is not allocated on every float32/float64 call.
    private void SoftmaxDerivativeViaFloat32(Tensor y, Tensor g, Tensor result, int axis, bool log, bool transpose) =>
        ViaFloat32([y, g], [result], false, (i, o) => SoftmaxDerivative(i[0]!, i[1]!, o[0], axis, log, transpose));

    private static void SoftmaxDerivative<T>(Tensor y, Tensor g, Tensor result, int axis, bool log, bool transpose)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        T[] yd = Data<T>(y), gd = Data<T>(g), rd = Data<T>(result);
        ForEachLine(y.Shape, axis, (line, stride, cols) =>
        {
            double dot = 0;
            for (int c = 0; c < cols; c++)
            {
                int k = line + c * stride;
                // softmax: J = diag(p) − p pᵀ is symmetric, so both rules are p ∘ (g − ⟨p, g⟩).
                // log_softmax: J = I − 1 pᵀ; forward: g − ⟨p, g⟩; backward (Jᵀ): g − p·Σg.
                double p = log ? Math.Exp(double.CreateTruncating(yd[k])) : double.CreateTruncating(yd[k]);
                dot += log && transpose ? double.CreateTruncating(gd[k]) : p * double.CreateTruncating(gd[k]);
            }
            for (int c = 0; c < cols; c++)
            {
                int k = line + c * stride;
                double gv = double.CreateTruncating(gd[k]);
                double v = !log
                    ? double.CreateTruncating(yd[k]) * (gv - dot)
                    : transpose ? gv - Math.Exp(double.CreateTruncating(yd[k])) * dot : gv - dot;
                rd[k] = T.CreateTruncating(v);
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
                using (Tensor wide = logits.To(DType.Float32).AsScratch())
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
        // Rows in order on this thread (a batch of logits is small): the same sum as a per-row pass, with no allocation.
        double total = 0;
        for (int r = 0; r < rows; r++)
        {
            ReadOnlySpan<T> row = xd.AsSpan(r * cols, cols);
            (double max, double sum) = MaxAndSumExp(row);
            total += max + Math.Log(sum) - double.CreateTruncating(row[labels[r]]);
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
            default: CrossEntropyBackwardViaFloat32(logits, labels.ToArray(), scale, result); break;
        }
    }

    // Separate so that the float16 path's closure is not allocated on every float32/float64 call.
    private void CrossEntropyBackwardViaFloat32(Tensor logits, int[] labels, double scale, Tensor result) =>
        ViaFloat32([logits], [result], false, (i, o) => CrossEntropyBackward(i[0]!, labels, scale, o[0]));

    private static void CrossEntropyBackward<T>(Tensor logits, ReadOnlySpan<int> labels, double scale, Tensor result)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        T[] xd = Data<T>(logits), rd = Data<T>(result);
        int rows = logits.Size(0), cols = logits.Size(1);
        double factor = scale / Math.Max(1, rows);
        for (int r = 0; r < rows; r++)
        {
            ReadOnlySpan<T> row = xd.AsSpan(r * cols, cols);
            Span<T> dst = rd.AsSpan(r * cols, cols);
            (double max, double sum) = MaxAndSumExp(row);
            for (int c = 0; c < cols; c++)
            {
                double p = Math.Exp(double.CreateTruncating(row[c]) - max) / sum;
                dst[c] = T.CreateTruncating(factor * (p - (c == labels[r] ? 1.0 : 0.0)));
            }
        }
    }

    /// <inheritdoc/>
    public void CrossEntropyJvp(Tensor logits, ReadOnlySpan<int> labels, Tensor tangent, Tensor loss)
    {
        using Tensor gradient = Tensor.Empty(logits.Shape, logits.DType).AsScratch();
        CrossEntropyBackward(logits, labels, 1.0, gradient);
        using Tensor wideGradient = gradient.To(DType.Float64).AsScratch();
        using Tensor wideTangent = tangent.To(DType.Float64).AsScratch();
        ReadOnlySpan<double> gs = wideGradient.AsSpan<double>(), ts = wideTangent.AsSpan<double>();
        double dot = 0;
        for (int i = 0; i < gs.Length; i++)
        {
            dot += gs[i] * ts[i];
        }
        Fill(loss, dot);
    }
}
