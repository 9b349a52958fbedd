using System.Numerics;

namespace SourceAD;

/// <summary>
/// Primal nonsmooth functions to call inside <see cref="DifferentiableAttribute"/> methods. Their derivatives are the
/// rules in <see cref="NonsmoothRules"/>, chosen by the method's <see cref="DerivativePolicy"/>.
/// </summary>
/// <remarks>
/// Reductions scan in index order (row-major for flattened tensors) and keep the first strictly better value, like
/// PyTorch's kernels, so <see cref="ArgMax{T}"/> is the first index of the active set, the index that
/// <see cref="TieRule.Native"/> rewards. NaN is treated as the most extreme value, as in <c>torch.argmax</c>: the first
/// NaN wins and the reduction returns NaN.
/// </remarks>
public static class Nonsmooth
{
    /// <summary>max(x, 0). Returns +0 for ±0 and NaN for NaN.</summary>
    public static T Relu<T>(T x) where T : IFloatingPointIeee754<T> =>
        x > T.Zero ? x : (T.IsNaN(x) ? x : T.Zero);

    /// <summary>x for x &gt; 0, slope·x otherwise (so ±0 maps to slope·(±0)). NaN propagates.</summary>
    public static T LeakyRelu<T>(T x, T slope) where T : IFloatingPointIeee754<T> =>
        x > T.Zero ? x : slope * x;

    /// <summary>|x|; its kink at 0 is differentiated by <see cref="NonsmoothRules.AbsDerivative{T}(T, double, bool)"/>.</summary>
    public static T Abs<T>(T x) where T : IFloatingPointIeee754<T> => T.Abs(x);

    /// <summary>
    /// max(a, b) with the tie and NaN conventions of <see cref="NonsmoothRules.MaxPartials{T}(T, T, TieChoice, bool, out T, out T)"/>: on a tie the first
    /// argument is returned (so max(−0, +0) is −0), and NaN in either argument gives NaN.
    /// </summary>
    public static T Max<T>(T a, T b) where T : IFloatingPointIeee754<T>
    {
        if (T.IsNaN(a)) return a;
        if (T.IsNaN(b)) return b;
        return b > a ? b : a;
    }

    /// <summary>min(a, b): on a tie the first argument is returned; NaN in either argument gives NaN.</summary>
    public static T Min<T>(T a, T b) where T : IFloatingPointIeee754<T>
    {
        if (T.IsNaN(a)) return a;
        if (T.IsNaN(b)) return b;
        return b < a ? b : a;
    }

    /// <summary>The largest entry of <paramref name="values"/> (the entry at <see cref="ArgMax{T}"/>).</summary>
    /// <exception cref="ArgumentException"><paramref name="values"/> is empty.</exception>
    public static T Max<T>(ReadOnlySpan<T> values) where T : IFloatingPointIeee754<T> =>
        values[ArgMax(values)];

    /// <summary>The smallest entry of <paramref name="values"/> (the entry at <see cref="ArgMin{T}"/>).</summary>
    /// <exception cref="ArgumentException"><paramref name="values"/> is empty.</exception>
    public static T Min<T>(ReadOnlySpan<T> values) where T : IFloatingPointIeee754<T> =>
        values[ArgMin(values)];

    /// <summary>
    /// The first index attaining the maximum: a left-to-right scan where only a strictly greater value replaces the
    /// current best (PyTorch's rule). The first NaN, if any, wins.
    /// </summary>
    /// <exception cref="ArgumentException"><paramref name="values"/> is empty.</exception>
    public static int ArgMax<T>(ReadOnlySpan<T> values) where T : IFloatingPointIeee754<T>
    {
        RequireNonEmpty(values.Length, nameof(values));
        int best = 0;
        T bestValue = values[0];
        if (T.IsNaN(bestValue)) return 0;
        for (int i = 1; i < values.Length; i++)
        {
            T v = values[i];
            if (T.IsNaN(v)) return i;
            if (v > bestValue)
            {
                best = i;
                bestValue = v;
            }
        }
        return best;
    }

    /// <summary>
    /// The first index attaining the minimum: only a strictly smaller value replaces the current best. The first NaN,
    /// if any, wins.
    /// </summary>
    /// <exception cref="ArgumentException"><paramref name="values"/> is empty.</exception>
    public static int ArgMin<T>(ReadOnlySpan<T> values) where T : IFloatingPointIeee754<T>
    {
        RequireNonEmpty(values.Length, nameof(values));
        int best = 0;
        T bestValue = values[0];
        if (T.IsNaN(bestValue)) return 0;
        for (int i = 1; i < values.Length; i++)
        {
            T v = values[i];
            if (T.IsNaN(v)) return i;
            if (v < bestValue)
            {
                best = i;
                bestValue = v;
            }
        }
        return best;
    }

    internal static void RequireNonEmpty(int length, string parameterName)
    {
        if (length == 0)
        {
            throw new ArgumentException(
                $"'{parameterName}' is empty; a max/min reduction needs at least one entry.", parameterName);
        }
    }
}
