using System.Numerics;
using System.Runtime.Intrinsics;

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
        (int outer, int length, int inner) = x.Rank == 0 ? (1, 1, 1) : TensorShape.Split(x.Shape, axis);
        if (typeof(T) == typeof(float) && inner == 1 && length > 0)
        {
            CpuParallel.For(outer, MaxThreads, new SoftmaxRowsFloat32((float[])(object)xd, (float[])(object)yd, length, log));
            return;
        }
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
    /// Softmax (or log-softmax) of contiguous float32 rows, one row per work item, in double as the generic path: the
    /// exponentials eight at a time (Vector512, two AVX2 registers without AVX-512) instead of two scalar Math.Exp per
    /// element, which made softmax the largest part of attention. The row's sum runs over lanes in a fixed order (the
    /// ragged end padded with −∞, whose exponential is 0), so it depends on the row alone, not on the thread count.
    /// </summary>
    private readonly struct SoftmaxRowsFloat32(float[] xd, float[] yd, int cols, bool log) : IParallelBody
    {
        public void Invoke(int r) => SoftmaxRowFloat32(xd.AsSpan(r * cols, cols), yd.AsSpan(r * cols, cols), log);
    }

    /// <summary>
    /// Softmax (or log-softmax) of one float32 row into <paramref name="dst"/> (<see cref="SoftmaxRowsFloat32"/>'s
    /// row; the fused attention kernel's too, over the unmasked part of a causal row: a masked entry's exponential is
    /// an exact 0, so the result is the same as over the whole row).
    /// </summary>
    private static void SoftmaxRowFloat32(ReadOnlySpan<float> row, Span<float> dst, bool log)
    {
        int cols = row.Length;
        double max = double.NegativeInfinity;
        foreach (float v in row)
        {
            max = Math.Max(max, v);
        }
        int padded = (cols + 7) & ~7;
        double[]? rented = padded > 512 ? System.Buffers.ArrayPool<double>.Shared.Rent(padded) : null;
        Span<double> e = rented is null ? stackalloc double[padded] : rented.AsSpan(0, padded);
        Span<float> tail = stackalloc float[8];
        Vector512<double> m = Vector512.Create(max), sum = Vector512<double>.Zero;
        Vector512<double> negativeInfinity = Vector512.Create(double.NegativeInfinity);
        bool skipMasked = max > double.NegativeInfinity;
        for (int c = 0; c < padded; c += 8)
        {
            Vector256<float> v;
            if (c + 8 <= cols)
            {
                v = Vector256.Create(row.Slice(c, 8));
            }
            else
            {
                tail.Fill(float.NegativeInfinity);
                row[c..].CopyTo(tail);
                v = Vector256.Create((ReadOnlySpan<float>)tail);
            }
            (Vector256<double> lo, Vector256<double> hi) = Vector256.Widen(v);
            Vector512<double> shifted = Vector512.Create(lo, hi) - m;
            // Eight masked (−∞) entries of a causal row give exactly 0 without the exponential, when the max is
            // finite or +∞ (a row of −∞ alone is NaN, as below).
            Vector512<double> ex = skipMasked && Vector512.EqualsAll(shifted, negativeInfinity)
                ? Vector512<double>.Zero
                : Vector512.Exp(shifted);
            ex.CopyTo(e.Slice(c, 8));
            sum += ex;
        }
        double total = Vector512.Sum(sum);
        if (log)
        {
            double lse = max + Math.Log(total);
            for (int c = 0; c < cols; c++)
            {
                dst[c] = (float)(row[c] - lse);
            }
        }
        else
        {
            for (int c = 0; c < cols; c++)
            {
                dst[c] = (float)(e[c] / total);
            }
        }
        if (rented is not null)
        {
            System.Buffers.ArrayPool<double>.Shared.Return(rented);
        }
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
        (int outer, int length, int inner) = y.Rank == 0 ? (1, 1, 1) : TensorShape.Split(y.Shape, axis);
        if (!log && inner == 1)
        {
            CpuParallel.For(outer, MaxThreads, new SoftmaxDerivativeRows<T>(yd, gd, rd, length));
            return;
        }
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

    /// <summary>
    /// The softmax branch of <see cref="SoftmaxDerivative{T}"/> over contiguous rows: the same sums in the same order
    /// (so the same bits), over spans and without a delegate call per row.
    /// </summary>
    private readonly struct SoftmaxDerivativeRows<T>(T[] yd, T[] gd, T[] rd, int cols) : IParallelBody
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        public void Invoke(int r)
        {
            ReadOnlySpan<T> ys = yd.AsSpan(r * cols, cols), gs = gd.AsSpan(r * cols, cols);
            Span<T> rs = rd.AsSpan(r * cols, cols);
            double dot = 0;
            for (int c = 0; c < cols; c++)
            {
                dot += double.CreateTruncating(ys[c]) * double.CreateTruncating(gs[c]);
            }
            for (int c = 0; c < cols; c++)
            {
                rs[c] = T.CreateTruncating(double.CreateTruncating(ys[c]) * (double.CreateTruncating(gs[c]) - dot));
            }
        }
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
