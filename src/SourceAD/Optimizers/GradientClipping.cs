using System.Numerics;
using System.Numerics.Tensors;

namespace SourceAD.Optimizers;

/// <summary>
/// Global-norm gradient clipping, as used for the thesis's GPT-2 runs (clipped to norm 1.0) and as
/// <c>torch.nn.utils.clip_grad_norm_</c> does it: if ‖g‖₂ &gt; max, every gradient is scaled by
/// max/(‖g‖₂ + 1e-6).
/// </summary>
public static class GradientClipping
{
    /// <summary>Added to the norm before dividing, as PyTorch does, so a zero gradient never divides by 0.</summary>
    public const double NormGuard = 1e-6;

    /// <summary>The Euclidean norm of a gradient, accumulated in double.</summary>
    /// <typeparam name="T">The element type.</typeparam>
    /// <param name="gradients">The gradient.</param>
    public static double GlobalNorm<T>(ReadOnlySpan<T> gradients)
        where T : unmanaged, IFloatingPointIeee754<T> => Math.Sqrt(SumOfSquares(gradients));

    /// <summary>The Euclidean norm of several gradient buffers taken together.</summary>
    /// <typeparam name="T">The element type.</typeparam>
    /// <param name="gradients">The gradient buffers, e.g. one per layer.</param>
    public static double GlobalNorm<T>(IReadOnlyList<Memory<T>> gradients)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(gradients);
        var sum = 0.0;
        foreach (var buffer in gradients)
        {
            sum += SumOfSquares<T>(buffer.Span);
        }

        return Math.Sqrt(sum);
    }

    /// <summary>Clips a gradient in place to global norm <paramref name="maxNorm"/>.</summary>
    /// <typeparam name="T">The element type.</typeparam>
    /// <param name="gradients">The gradient, scaled in place when its norm exceeds <paramref name="maxNorm"/>.</param>
    /// <param name="maxNorm">The largest norm allowed; positive.</param>
    /// <returns>The norm before clipping.</returns>
    public static double ClipByGlobalNorm<T>(Span<T> gradients, double maxNorm)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        RequirePositive(maxNorm);
        var norm = GlobalNorm<T>(gradients);
        if (norm > maxNorm)
        {
            TensorPrimitives.Multiply(gradients, T.CreateChecked(maxNorm / (norm + NormGuard)), gradients);
        }

        return norm;
    }

    /// <summary>Clips several gradient buffers in place, together, to global norm <paramref name="maxNorm"/>.</summary>
    /// <typeparam name="T">The element type.</typeparam>
    /// <param name="gradients">The gradient buffers, scaled in place by one common factor.</param>
    /// <param name="maxNorm">The largest norm allowed; positive.</param>
    /// <returns>The global norm before clipping.</returns>
    public static double ClipByGlobalNorm<T>(IReadOnlyList<Memory<T>> gradients, double maxNorm)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        RequirePositive(maxNorm);
        var norm = GlobalNorm(gradients);
        if (norm > maxNorm)
        {
            var scale = T.CreateChecked(maxNorm / (norm + NormGuard));
            foreach (var buffer in gradients)
            {
                TensorPrimitives.Multiply(buffer.Span, scale, buffer.Span);
            }
        }

        return norm;
    }

    private static double SumOfSquares<T>(ReadOnlySpan<T> values)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        // Accumulated in double: a float sum over millions of elements loses digits the clip factor needs.
        if (typeof(T) == typeof(float))
        {
            return SumOfSquares(System.Runtime.InteropServices.MemoryMarshal.Cast<T, float>(values));
        }

        var sum = 0.0;
        foreach (var value in values)
        {
            var x = double.CreateTruncating(value);
            sum += x * x;
        }

        return sum;
    }

    private static double SumOfSquares(ReadOnlySpan<float> values)
    {
        var lanes = Vector<double>.Zero;
        var i = 0;
        if (Vector.IsHardwareAccelerated)
        {
            for (; i <= values.Length - Vector<float>.Count; i += Vector<float>.Count)
            {
                Vector.Widen(new Vector<float>(values.Slice(i)), out var low, out var high);
                lanes += (low * low) + (high * high);
            }
        }

        var sum = Vector.Sum(lanes);
        for (; i < values.Length; i++)
        {
            sum += (double)values[i] * values[i];
        }

        return sum;
    }

    private static void RequirePositive(double maxNorm)
    {
        if (!(maxNorm > 0))
        {
            throw new ArgumentOutOfRangeException(nameof(maxNorm), maxNorm, "The maximum norm must be positive.");
        }
    }
}
