using System.Numerics;

namespace SourceAD;

/// <summary>
/// <c>Array.Sort(a)</c> and <c>span.Sort()</c> of floating values inside a [Differentiable] method, as a vector function
/// y = sort(x): generated code copies the array's entries into x, calls <see cref="Sort{T}"/> into the array, and
/// differentiates the call with <see cref="SortPullback{T}"/> and <see cref="SortPushforward{T}"/>.
/// </summary>
/// <remarks>
/// Sorting permutes its input, so its derivative moves each tangent (or adjoint) with its value: y[i] = x[p[i]] gives
/// dy[i] = dx[p[i]] and dx[p[i]] += ȳ[i]. The values come from .NET's own sort, so they equal what <c>Array.Sort</c>
/// leaves, bit for bit (NaN first, then ascending, −0 and +0 equal). Sort is piecewise linear with kinks where entries
/// tie; there the rules take the permutation of a stable sort (equal entries keep their index order), one element of
/// the Clarke Jacobian, as <c>torch.sort(stable=True)</c> does.
/// </remarks>
public static class SortRules
{
    /// <summary>y = x sorted ascending, as <c>Array.Sort</c> orders it.</summary>
    /// <exception cref="ArgumentException"><paramref name="y"/> is shorter than <paramref name="x"/>.</exception>
    public static void Sort<T>(ReadOnlySpan<T> x, Span<T> y)
        where T : IFloatingPointIeee754<T>
    {
        Runtime.Shapes.RequireLength(x.Length, y.Length, nameof(y), nameof(x));
        y = y[..x.Length];
        x.CopyTo(y);
        y.Sort();
    }

    /// <summary>Reverse rule: writes the sorted values into <paramref name="y"/> and adds ȳ[i] into dx[p[i]].</summary>
    /// <exception cref="ArgumentException">A span is shorter than <paramref name="x"/>.</exception>
    public static void SortPullback<T>(ReadOnlySpan<T> x, Span<T> y, ReadOnlySpan<T> seedY, Span<T> dx)
        where T : IFloatingPointIeee754<T>
        => Pullback(x, y, seedY, dx, stable: false);

    /// <summary>Forward rule: writes the sorted values into <paramref name="y"/> and dy[i] = dx[p[i]] into <paramref name="dy"/>.</summary>
    /// <exception cref="ArgumentException">A span is shorter than <paramref name="x"/>.</exception>
    public static void SortPushforward<T>(ReadOnlySpan<T> x, Span<T> y, ReadOnlySpan<T> dx, Span<T> dy)
        where T : IFloatingPointIeee754<T>
        => Pushforward(x, y, dx, dy, stable: false);

    /// <summary>
    /// y = x in the order of a stable sort, as <c>x.OrderBy(v =&gt; v)</c> leaves it: entries that compare equal keep
    /// their index order. Its values can differ from <see cref="Sort{T}"/>'s in bits where equal-comparing entries
    /// differ (−0 and +0, NaN payloads), since <c>Array.Sort</c> is not stable.
    /// </summary>
    /// <exception cref="ArgumentException"><paramref name="y"/> is shorter than <paramref name="x"/>.</exception>
    public static void StableSort<T>(ReadOnlySpan<T> x, Span<T> y)
        where T : IFloatingPointIeee754<T>
    {
        SortedValues(x, y, stable: true);
    }

    /// <summary>Reverse rule of <see cref="StableSort{T}"/>: writes its values into <paramref name="y"/> and adds ȳ[i] into dx[p[i]].</summary>
    /// <exception cref="ArgumentException">A span is shorter than <paramref name="x"/>.</exception>
    public static void StableSortPullback<T>(ReadOnlySpan<T> x, Span<T> y, ReadOnlySpan<T> seedY, Span<T> dx)
        where T : IFloatingPointIeee754<T>
        => Pullback(x, y, seedY, dx, stable: true);

    /// <summary>Forward rule of <see cref="StableSort{T}"/>: writes its values into <paramref name="y"/> and dy[i] = dx[p[i]] into <paramref name="dy"/>.</summary>
    /// <exception cref="ArgumentException">A span is shorter than <paramref name="x"/>.</exception>
    public static void StableSortPushforward<T>(ReadOnlySpan<T> x, Span<T> y, ReadOnlySpan<T> dx, Span<T> dy)
        where T : IFloatingPointIeee754<T>
        => Pushforward(x, y, dx, dy, stable: true);

    /// <summary>
    /// Both sorts' reverse rule: the values into <paramref name="y"/> (the stable sort's or <c>Array.Sort</c>'s), and ȳ[i]
    /// added into dx[p[i]] with p the stable permutation, whose values are either sort's up to the bits of
    /// equal-comparing entries.
    /// </summary>
    private static void Pullback<T>(ReadOnlySpan<T> x, Span<T> y, ReadOnlySpan<T> seedY, Span<T> dx, bool stable)
        where T : IFloatingPointIeee754<T>
    {
        Runtime.Shapes.RequireLength(x.Length, seedY.Length, nameof(seedY), nameof(x));
        Runtime.Shapes.RequireLength(x.Length, dx.Length, nameof(dx), nameof(x));
        int[] p = SortedValues(x, y, stable);
        for (int i = 0; i < p.Length; i++) dx[p[i]] += seedY[i];
    }

    /// <summary>Both sorts' forward rule: the values into <paramref name="y"/> and dy[i] = dx[p[i]] (see <see cref="Pullback{T}"/>).</summary>
    private static void Pushforward<T>(ReadOnlySpan<T> x, Span<T> y, ReadOnlySpan<T> dx, Span<T> dy, bool stable)
        where T : IFloatingPointIeee754<T>
    {
        Runtime.Shapes.RequireLength(x.Length, dx.Length, nameof(dx), nameof(x));
        Runtime.Shapes.RequireLength(x.Length, dy.Length, nameof(dy), nameof(x));
        int[] p = SortedValues(x, y, stable);
        for (int i = 0; i < p.Length; i++) dy[i] = dx[p[i]];
    }

    /// <summary>
    /// Writes the sorted values into <paramref name="y"/> (the stable sort's, or <c>Array.Sort</c>'s) and returns the
    /// stable permutation, computed once for both.
    /// </summary>
    private static int[] SortedValues<T>(ReadOnlySpan<T> x, Span<T> y, bool stable)
        where T : IFloatingPointIeee754<T>
    {
        if (!stable)
        {
            Sort(x, y);
            return Permutation(x);
        }
        Runtime.Shapes.RequireLength(x.Length, y.Length, nameof(y), nameof(x));
        int[] p = Permutation(x);
        for (int i = 0; i < p.Length; i++) y[i] = x[p[i]];
        return p;
    }

    /// <summary>
    /// p with x[p[0]] ≤ x[p[1]] ≤ … in <c>CompareTo</c>'s order (NaN first), ties in index order: the stable sort's
    /// permutation. <c>Array.Sort</c>'s values equal x[p[i]] up to the bits of equal-comparing entries (−0 and +0, NaN
    /// payloads), which are exchangeable for the derivative.
    /// </summary>
    private static int[] Permutation<T>(ReadOnlySpan<T> x)
        where T : IFloatingPointIeee754<T>
    {
        var keys = x.ToArray();
        var p = new int[keys.Length];
        for (int i = 0; i < p.Length; i++) p[i] = i;
        Array.Sort(p, (a, b) => keys[a].CompareTo(keys[b]) is var c && c != 0 ? c : a.CompareTo(b));
        return p;
    }
}
