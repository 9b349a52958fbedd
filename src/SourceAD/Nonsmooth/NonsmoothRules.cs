using System.Globalization;
using System.Numerics;
using SourceAD.Runtime;

namespace SourceAD;

/// <summary>
/// Derivative rules of the <see cref="Nonsmooth"/> functions, called by generated pushforwards and pullbacks with the
/// method's <see cref="DerivativePolicy"/> values passed as constants (thesis ch. 3, Definition 10).
/// </summary>
/// <remarks>
/// <para>Away from kinks and ties every rule returns the classical derivative, independent of the policy.</para>
/// <para><b>Rounding order</b> (this is what float32 compensation errors of about one ulp come from, thesis Table 3.1).
/// Let A be the active set (entries exactly equal, with <c>==</c>, to the max or min; −0 ties with +0), scanned in
/// ascending index order, and n = |A|.</para>
/// <list type="bullet">
/// <item><b>Native</b>, or n = 1: the first active entry receives <c>seed</c> itself; nothing is rounded.</item>
/// <item><b>Minimal</b>: one share <c>c = seed / T(n)</c> is computed in <c>T</c> (one rounding,
/// exactly PyTorch's even split <c>grad / count</c>), then <c>dx[i] = dx[i] + c</c> in <c>T</c> for each
/// active i in ascending order (one rounding per entry).</item>
/// <item><b>Hybrid(β)</b>: the weight <c>w_p = (1−β)·[p = 0] + β/n</c> of the p-th active entry is computed in
/// <see cref="double"/> by <see cref="TieChoice.Share"/>, rounded once to <c>T</c>, multiplied by
/// <c>seed</c> in <c>T</c>, and added to <c>dx[i]</c> in <c>T</c>. Entries with weight
/// exactly 0 receive nothing (so an infinite seed never yields ∞·0 = NaN).</item>
/// </list>
/// <para>Pushforwards mirror this: Native returns <c>dx[first]</c>; Minimal sums the active tangents in
/// <c>T</c> in ascending order starting from the first one and divides the sum by <c>T(n)</c>; Hybrid
/// accumulates <c>T(w_p)·dx[i]</c> in <c>T</c> in ascending order starting from +0.</para>
/// <para>Binary partials and the kink values (relu'(0), |x|'(0), Hybrid weights) are policy doubles rounded once to
/// <c>T</c> with <c>T.CreateChecked</c> (round to nearest even); 0, ±1 and 0.5 are exact in every
/// IEEE type, so Native and Minimal binary partials are exact.</para>
/// <para><b>NaN and Strict</b> follow <see cref="NonsmoothSemantics"/>, the one definition that generated code and every
/// tensor backend share: elementwise rules return NaN at NaN; reductions and binary max/min treat NaN as the most
/// extreme value, like <see cref="Nonsmooth.ArgMax{T}"/> (the first NaN is the whole active set and receives the seed);
/// Strict throws at kinks and ties only, never at NaN.</para>
/// <para><b>TieRule.Unset</b> reaching run time behaves as Native, as <see cref="TieChoice.Share"/> does.</para>
/// </remarks>
public static class NonsmoothRules
{
    // ---------------------------------------------------------------- elementwise kinks

    /// <summary>
    /// relu'(x): 1 for x &gt; 0, 0 for x &lt; 0, and the selection s = <paramref name="reluAtZero"/> at x = ±0
    /// (s ∈ [0, 1] is a Clarke element, thesis Example 1; other values are only conservative).
    /// </summary>
    /// <exception cref="NonsmoothPointException">x is ±0 and <paramref name="strict"/> is true.</exception>
    public static T ReluDerivative<T>(T x, double reluAtZero, bool strict) where T : IFloatingPointIeee754<T> =>
        KinkDerivative(x, T.One, T.Zero, T.CreateChecked(reluAtZero), strict, "Relu");

    /// <summary>relu'(x) with the policy's <see cref="DerivativePolicy.ReluAtZero"/> and <see cref="DerivativePolicy.Strict"/>.</summary>
    public static T ReluDerivative<T>(T x, in DerivativePolicy policy) where T : IFloatingPointIeee754<T> =>
        ReluDerivative(x, policy.ReluAtZero, policy.Strict);

    /// <summary>
    /// Derivative of <see cref="Nonsmooth.LeakyRelu{T}"/>: 1 for x &gt; 0, <paramref name="slope"/> for x &lt; 0. At x = ±0,
    /// <paramref name="atZero"/> is the <b>ReLU selection</b> s (pass <see cref="DerivativePolicy.ReluAtZero"/>), because
    /// leaky(x) = slope·x + (1 − slope)·relu(x): the result is <c>T(s) + T(1 − s)·slope</c> (1 − s in double, then one
    /// multiply and one add in <typeparamref name="T"/>). s = 0 gives exactly slope (PyTorch), s = 1 gives exactly 1, and
    /// s ∈ [0, 1] stays inside the Clarke interval between slope and 1.
    /// </summary>
    /// <exception cref="NonsmoothPointException">x is ±0 and <paramref name="strict"/> is true.</exception>
    public static T LeakyReluDerivative<T>(T x, T slope, double atZero, bool strict) where T : IFloatingPointIeee754<T>
        => KinkDerivative(x, T.One, slope, T.CreateChecked(atZero) + T.CreateChecked(1.0 - atZero) * slope, strict, "LeakyRelu");

    /// <summary>Leaky-ReLU derivative with the policy's <see cref="DerivativePolicy.ReluAtZero"/> as the selection.</summary>
    public static T LeakyReluDerivative<T>(T x, T slope, in DerivativePolicy policy) where T : IFloatingPointIeee754<T> =>
        LeakyReluDerivative(x, slope, policy.ReluAtZero, policy.Strict);

    /// <summary>
    /// |x|'(x): 1 for x &gt; 0, −1 for x &lt; 0, <paramref name="absAtZero"/> at x = ±0 (values in [−1, 1] are Clarke;
    /// PyTorch uses 0 = sign(0), JAX +1).
    /// </summary>
    /// <exception cref="NonsmoothPointException">x is ±0 and <paramref name="strict"/> is true.</exception>
    public static T AbsDerivative<T>(T x, double absAtZero, bool strict) where T : IFloatingPointIeee754<T> =>
        KinkDerivative(x, T.One, T.NegativeOne, T.CreateChecked(absAtZero), strict, "Abs");

    /// <summary>Where <paramref name="x"/> lies relative to a kink at 0.</summary>
    internal static KinkCase Classify<T>(T x) where T : IFloatingPointIeee754<T> =>
        x > T.Zero ? KinkCase.Above : x < T.Zero ? KinkCase.Below : x == T.Zero ? KinkCase.AtKink : KinkCase.NaN;

    /// <summary>Where max(a, b) (<paramref name="isMax"/>) or min(a, b) stands.</summary>
    internal static BinaryCase Classify<T>(T a, T b, bool isMax) where T : IFloatingPointIeee754<T> =>
        (isMax ? a > b : a < b) ? BinaryCase.FirstWins
        : (isMax ? a < b : a > b) ? BinaryCase.SecondWins
        : a == b ? BinaryCase.Tie
        : T.IsNaN(a) ? BinaryCase.FirstIsNaN
        : BinaryCase.SecondIsNaN;

    private static T KinkDerivative<T>(T x, T right, T left, T selection, bool strict, string op)
        where T : IFloatingPointIeee754<T>
    {
        KinkCase at = Classify(x);
        return NonsmoothSemantics.Kink(at, strict) switch
        {
            SourceAD.KinkDerivative.RightSlope => right,
            SourceAD.KinkDerivative.LeftSlope => left,
            SourceAD.KinkDerivative.NaN => T.NaN,
            SourceAD.KinkDerivative.Throw => throw Kink(op, x),
            _ => selection,
        };
    }

    /// <summary>|x|'(x) with the policy's <see cref="DerivativePolicy.AbsAtZero"/> and <see cref="DerivativePolicy.Strict"/>.</summary>
    public static T AbsDerivative<T>(T x, in DerivativePolicy policy) where T : IFloatingPointIeee754<T> =>
        AbsDerivative(x, policy.AbsAtZero, policy.Strict);

    // ---------------------------------------------------------------- binary max / min

    /// <summary>
    /// Partials of max(a, b). Away from a tie the larger argument gets 1 and the other 0. On a tie (a == b, including
    /// −0 vs +0) position 0 is <paramref name="a"/>: Native gives (1, 0), Minimal (0.5, 0.5), Hybrid(β) (1 − β/2, β/2),
    /// each share rounded once from double to <typeparamref name="T"/>. A NaN argument gets 1 and the other 0 (<paramref name="a"/> if both are NaN).
    /// </summary>
    /// <exception cref="NonsmoothPointException">a == b and <paramref name="strict"/> is true.</exception>
    public static void MaxPartials<T>(T a, T b, TieChoice ties, bool strict, out T da, out T db)
        where T : IFloatingPointIeee754<T> =>
        BinaryPartials(a, b, isMax: true, ties, strict, "Max", out da, out db);

    /// <summary>Max partials with the policy's <see cref="DerivativePolicy.Binary"/> choice.</summary>
    public static void MaxPartials<T>(T a, T b, in DerivativePolicy policy, out T da, out T db)
        where T : IFloatingPointIeee754<T> =>
        MaxPartials(a, b, policy.Binary, policy.Strict, out da, out db);

    /// <summary>
    /// Partials of min(a, b): the smaller argument gets 1. Ties are shared exactly as in
    /// <see cref="MaxPartials{T}(T, T, TieChoice, bool, out T, out T)"/>, position 0 being <paramref name="a"/>.
    /// </summary>
    /// <exception cref="NonsmoothPointException">a == b and <paramref name="strict"/> is true.</exception>
    public static void MinPartials<T>(T a, T b, TieChoice ties, bool strict, out T da, out T db)
        where T : IFloatingPointIeee754<T> =>
        BinaryPartials(a, b, isMax: false, ties, strict, "Min", out da, out db);

    /// <summary>Min partials with the policy's <see cref="DerivativePolicy.Binary"/> choice.</summary>
    public static void MinPartials<T>(T a, T b, in DerivativePolicy policy, out T da, out T db)
        where T : IFloatingPointIeee754<T> =>
        MinPartials(a, b, policy.Binary, policy.Strict, out da, out db);

    private static void BinaryPartials<T>(T a, T b, bool isMax, TieChoice ties, bool strict, string op, out T da, out T db)
        where T : IFloatingPointIeee754<T>
    {
        BinaryCase at = Classify(a, b, isMax);
        da = Partial(NonsmoothSemantics.Binary(at, 0, strict), 0);
        db = Partial(NonsmoothSemantics.Binary(at, 1, strict), 1);

        T Partial(BinaryPartial partial, int position) => partial switch
        {
            BinaryPartial.One => T.One,
            BinaryPartial.Zero => T.Zero,
            BinaryPartial.TieShare => T.CreateChecked(ties.Share(position, 2)),
            _ => throw new NonsmoothPointException($"{op}({Format(a)}, {Format(b)}): the arguments tie, and the policy is Strict."),
        };
    }

    // ---------------------------------------------------------------- reductions over spans

    /// <summary>
    /// Reverse rule of <see cref="Nonsmooth.Max{T}(ReadOnlySpan{T})"/>: <b>adds</b> <c>seed·share_i</c> to
    /// <c>dx[i]</c> for every i in the active set (adjoints accumulate; entries outside it are not touched). Shares and
    /// rounding order are described on <see cref="NonsmoothRules"/>.
    /// </summary>
    /// <param name="x">The primal input of the reduction.</param>
    /// <param name="seed">The adjoint of the reduction's result.</param>
    /// <param name="dx">The adjoint of <paramref name="x"/>; at least as long as <paramref name="x"/>.</param>
    /// <param name="ties">How a tie shares the seed.</param>
    /// <param name="strict">Throw <see cref="NonsmoothPointException"/> when two or more entries tie at the max.</param>
    /// <exception cref="ArgumentException"><paramref name="x"/> is empty, or <paramref name="dx"/> is shorter.</exception>
    public static void MaxPullback<T>(ReadOnlySpan<T> x, T seed, Span<T> dx, TieChoice ties, bool strict)
        where T : IFloatingPointIeee754<T>
        => Pullback(x, seed, dx, ties, strict, isMax: true);

    /// <summary>Max pullback with the policy's <see cref="DerivativePolicy.Reduction"/> choice.</summary>
    public static void MaxPullback<T>(ReadOnlySpan<T> x, T seed, Span<T> dx, in DerivativePolicy policy)
        where T : IFloatingPointIeee754<T> =>
        MaxPullback(x, seed, dx, policy.Reduction, policy.Strict);

    /// <summary>
    /// Forward rule of <see cref="Nonsmooth.Max{T}(ReadOnlySpan{T})"/>: the tangent Σ_{i∈A} share_i·dx[i], in the
    /// order described on <see cref="NonsmoothRules"/>.
    /// </summary>
    /// <param name="x">The primal input of the reduction.</param>
    /// <param name="dx">The tangent of <paramref name="x"/>; at least as long as <paramref name="x"/>.</param>
    /// <param name="ties">How a tie shares the derivative.</param>
    /// <param name="strict">Throw <see cref="NonsmoothPointException"/> when two or more entries tie at the max.</param>
    /// <exception cref="ArgumentException"><paramref name="x"/> is empty, or <paramref name="dx"/> is shorter.</exception>
    public static T MaxPushforward<T>(ReadOnlySpan<T> x, ReadOnlySpan<T> dx, TieChoice ties, bool strict)
        where T : IFloatingPointIeee754<T>
        => Pushforward(x, dx, ties, strict, isMax: true);

    /// <summary>Max pushforward with the policy's <see cref="DerivativePolicy.Reduction"/> choice.</summary>
    public static T MaxPushforward<T>(ReadOnlySpan<T> x, ReadOnlySpan<T> dx, in DerivativePolicy policy)
        where T : IFloatingPointIeee754<T> =>
        MaxPushforward(x, dx, policy.Reduction, policy.Strict);

    /// <summary>
    /// Reverse rule of <see cref="Nonsmooth.Min{T}(ReadOnlySpan{T})"/>; identical to
    /// <see cref="MaxPullback{T}(ReadOnlySpan{T}, T, Span{T}, TieChoice, bool)"/> with the active set at the minimum.
    /// </summary>
    /// <param name="x">The primal input of the reduction.</param>
    /// <param name="seed">The adjoint of the reduction's result.</param>
    /// <param name="dx">The adjoint of <paramref name="x"/>, accumulated into; at least as long as <paramref name="x"/>.</param>
    /// <param name="ties">How a tie shares the seed.</param>
    /// <param name="strict">Throw <see cref="NonsmoothPointException"/> when two or more entries tie at the min.</param>
    /// <exception cref="ArgumentException"><paramref name="x"/> is empty, or <paramref name="dx"/> is shorter.</exception>
    public static void MinPullback<T>(ReadOnlySpan<T> x, T seed, Span<T> dx, TieChoice ties, bool strict)
        where T : IFloatingPointIeee754<T>
        => Pullback(x, seed, dx, ties, strict, isMax: false);

    /// <summary>Min pullback with the policy's <see cref="DerivativePolicy.Reduction"/> choice.</summary>
    public static void MinPullback<T>(ReadOnlySpan<T> x, T seed, Span<T> dx, in DerivativePolicy policy)
        where T : IFloatingPointIeee754<T> =>
        MinPullback(x, seed, dx, policy.Reduction, policy.Strict);

    /// <summary>Forward rule of <see cref="Nonsmooth.Min{T}(ReadOnlySpan{T})"/>, mirroring <see cref="MaxPushforward{T}(ReadOnlySpan{T}, ReadOnlySpan{T}, TieChoice, bool)"/>.</summary>
    /// <param name="x">The primal input of the reduction.</param>
    /// <param name="dx">The tangent of <paramref name="x"/>; at least as long as <paramref name="x"/>.</param>
    /// <param name="ties">How a tie shares the derivative.</param>
    /// <param name="strict">Throw <see cref="NonsmoothPointException"/> when two or more entries tie at the min.</param>
    /// <exception cref="ArgumentException"><paramref name="x"/> is empty, or <paramref name="dx"/> is shorter.</exception>
    public static T MinPushforward<T>(ReadOnlySpan<T> x, ReadOnlySpan<T> dx, TieChoice ties, bool strict)
        where T : IFloatingPointIeee754<T>
        => Pushforward(x, dx, ties, strict, isMax: false);

    /// <summary>Min pushforward with the policy's <see cref="DerivativePolicy.Reduction"/> choice.</summary>
    public static T MinPushforward<T>(ReadOnlySpan<T> x, ReadOnlySpan<T> dx, in DerivativePolicy policy)
        where T : IFloatingPointIeee754<T> =>
        MinPushforward(x, dx, policy.Reduction, policy.Strict);

    /// <summary>
    /// The size of the active set of a reduction whose first extreme index is <paramref name="first"/>: the number of
    /// entries exactly equal to <c>x[first]</c> (1 when it is NaN).
    /// </summary>
    internal static int ActiveCount<T>(ReadOnlySpan<T> x, int first) where T : IFloatingPointIeee754<T>
    {
        T m = x[first];
        if (T.IsNaN(m)) return 1;
        int count = 1;
        for (int i = first + 1; i < x.Length; i++)
        {
            if (x[i] == m) count++;
        }
        return count;
    }

    // Validates the spans, finds the active set's first index and its size, and throws under Strict at a tie.
    private static (int First, int Count) ActiveSet<T>(ReadOnlySpan<T> x, int dxLength, bool strict, bool isMax)
        where T : IFloatingPointIeee754<T>
    {
        Nonsmooth.RequireNonEmpty(x.Length, nameof(x));
        Shapes.RequireLength(x.Length, dxLength, "dx", nameof(x));
        int first = isMax ? Nonsmooth.ArgMax(x) : Nonsmooth.ArgMin(x);
        int n = ActiveCount(x, first);
        if (n > 1 && strict) throw Tie(isMax ? "Max" : "Min", x[first], first, n);
        return (first, n);
    }

    private static void Pullback<T>(ReadOnlySpan<T> x, T seed, Span<T> dx, TieChoice ties, bool strict, bool isMax)
        where T : IFloatingPointIeee754<T>
    {
        (int first, int n) = ActiveSet(x, dx.Length, strict, isMax);
        if (n == 1 || (ties.Rule != TieRule.Minimal && ties.Rule != TieRule.Hybrid))
        {
            dx[first] += seed;
            return;
        }
        T m = x[first];
        if (ties.Rule == TieRule.Minimal)
        {
            T share = seed / T.CreateChecked(n);
            for (int i = first; i < x.Length; i++)
            {
                if (x[i] == m) dx[i] += share;
            }
            return;
        }
        int p = 0;
        for (int i = first; i < x.Length; i++)
        {
            if (x[i] != m) continue;
            T w = T.CreateChecked(ties.Share(p++, n));
            if (w != T.Zero) dx[i] += seed * w;
        }
    }

    private static T Pushforward<T>(ReadOnlySpan<T> x, ReadOnlySpan<T> dx, TieChoice ties, bool strict, bool isMax)
        where T : IFloatingPointIeee754<T>
    {
        (int first, int n) = ActiveSet(x, dx.Length, strict, isMax);
        if (n == 1 || (ties.Rule != TieRule.Minimal && ties.Rule != TieRule.Hybrid))
        {
            return dx[first];
        }
        T m = x[first];
        if (ties.Rule == TieRule.Minimal)
        {
            T sum = dx[first];
            for (int i = first + 1; i < x.Length; i++)
            {
                if (x[i] == m) sum += dx[i];
            }
            return sum / T.CreateChecked(n);
        }
        T acc = T.Zero;
        int p = 0;
        for (int i = first; i < x.Length; i++)
        {
            if (x[i] != m) continue;
            T w = T.CreateChecked(ties.Share(p++, n));
            if (w != T.Zero) acc += w * dx[i];
        }
        return acc;
    }

    private static NonsmoothPointException Kink<T>(string op, T x) where T : IFloatingPointIeee754<T> =>
        new($"{op} reached its kink at x = {Format(x)}; its derivative there is a choice, and the policy is Strict.");

    private static NonsmoothPointException Tie<T>(string op, T value, int first, int count) where T : IFloatingPointIeee754<T> =>
        new($"{op} reduction: {count} entries tie at {Format(value)} (first at index {first}); the policy is Strict.");

    private static string Format<T>(T value) where T : IFloatingPointIeee754<T> =>
        value.ToString(null, CultureInfo.InvariantCulture);
}
