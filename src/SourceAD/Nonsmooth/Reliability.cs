using System.Numerics;

namespace SourceAD;

/// <summary>
/// The measurements of thesis chapter 3 (§3.3): backprop variation between two implementations of the same network
/// (Definition 11), the thresholds τ¹ and τ² (eq. 3.12, 3.13), and the Monte Carlo volume of the numerical bifurcation
/// zone S(τ) (Criteria 1, eq. 3.17 and 3.18, Table 3.2) with its error margins (Appendix 3.5.4).
/// </summary>
public static class Reliability
{
    /// <summary>The risk level α the thesis uses for every margin (Appendix 3.5.4): 95% confidence.</summary>
    public const double DefaultAlpha = 0.05;

    /// <summary>
    /// Backprop variation D(P, Q) = ‖g_P − g_Q‖₁ (Definition 11, eq. 3.11) between the gradients that two implementations
    /// P and Q return for the same parameters and mini-batch. Each entry is converted to <see cref="double"/>, the
    /// difference and its absolute value are taken in double, and the sum is accumulated in double in index order, so
    /// Half and float gradients are compared without further rounding in their own precision. NaN entries give NaN.
    /// </summary>
    /// <exception cref="ArgumentException">The two gradients have different lengths.</exception>
    public static double BackpropVariation<T>(ReadOnlySpan<T> gradientP, ReadOnlySpan<T> gradientQ)
        where T : IFloatingPointIeee754<T>
    {
        if (gradientP.Length != gradientQ.Length)
        {
            throw new ArgumentException(
                $"'{nameof(gradientP)}' has length {gradientP.Length} but '{nameof(gradientQ)}' has length {gradientQ.Length}; a backprop variation compares gradients of the same parameters.",
                nameof(gradientQ));
        }
        double sum = 0.0;
        for (int i = 0; i < gradientP.Length; i++)
        {
            sum += Math.Abs(double.CreateChecked(gradientP[i]) - double.CreateChecked(gradientQ[i]));
        }
        return sum;
    }

    /// <summary>
    /// τ¹ (eq. 3.12): the largest variation D_{m,q}(P, P̃) between two runs of the <i>same</i> program, i.e. the
    /// variation that nondeterminism alone produces. Variations above it are not explained by nondeterminism.
    /// </summary>
    /// <param name="samePrograms">D_{m,q}(P, P̃) for every parameter draw m and mini-batch q, in any order.</param>
    /// <exception cref="ArgumentException">The sequence is empty, or holds a negative or NaN variation.</exception>
    public static double Tau1(ReadOnlySpan<double> samePrograms)
    {
        if (samePrograms.Length == 0)
        {
            throw new ArgumentException("'samePrograms' is empty; τ¹ is a maximum over at least one variation.", nameof(samePrograms));
        }
        double max = 0.0;
        for (int i = 0; i < samePrograms.Length; i++)
        {
            double d = RequireVariation(samePrograms[i], i, nameof(samePrograms));
            if (d > max) max = d;
        }
        return max;
    }

    /// <summary>τ¹ (eq. 3.12) over a matrix D[m, q] of M parameter draws × Q mini-batches.</summary>
    /// <exception cref="ArgumentException">The matrix is empty, or holds a negative or NaN variation.</exception>
    public static double Tau1(double[,] samePrograms)
    {
        ArgumentNullException.ThrowIfNull(samePrograms);
        return Tau1(Flatten(samePrograms));
    }

    /// <summary>
    /// τ² (eq. 3.13): the smallest <i>positive</i> variation D_{m,q}(R⁰, R¹) between programs using ReLU'(0) = 0 and
    /// ReLU'(0) = 1. Zero variations (batches that never reach a kink) are skipped. When no variation is positive the
    /// minimum is over an empty set and the result is +∞ (inf ∅ = +∞), so S(τ²) is empty.
    /// </summary>
    /// <param name="reluPrograms">D_{m,q}(R⁰, R¹) for every parameter draw m and mini-batch q, in any order.</param>
    /// <exception cref="ArgumentException">A variation is negative or NaN.</exception>
    public static double Tau2(ReadOnlySpan<double> reluPrograms)
    {
        double min = double.PositiveInfinity;
        for (int i = 0; i < reluPrograms.Length; i++)
        {
            double d = RequireVariation(reluPrograms[i], i, nameof(reluPrograms));
            if (d > 0.0 && d < min) min = d;
        }
        return min;
    }

    /// <summary>τ² (eq. 3.13) over a matrix D[m, q] of M parameter draws × Q mini-batches.</summary>
    /// <exception cref="ArgumentException">A variation is negative or NaN.</exception>
    public static double Tau2(double[,] reluPrograms)
    {
        ArgumentNullException.ThrowIfNull(reluPrograms);
        return Tau2(Flatten(reluPrograms));
    }

    /// <summary>
    /// Hoeffding margin sqrt(ln(2/α) / (2n)) of a mean of n independent indicators (Appendix 3.5.4): with probability
    /// at least 1 − α the true proportion is within this distance of the estimate.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">n &lt; 1 or α ∉ (0, 1).</exception>
    public static double HoeffdingMargin(long n, double alpha = DefaultAlpha)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(n, 1L);
        RequireAlpha(alpha);
        return Math.Sqrt(Math.Log(2.0 / alpha) / (2.0 * n));
    }

    /// <summary>
    /// McDiarmid margin sqrt(½·(1/M + 1/R)·ln(2/α)) of the proportion of affected mini-batches (Appendix 3.5.4), where M
    /// is the number of parameter draws and R the number of mini-batches the dataset is divided into. Unlike the
    /// Hoeffding margin with n = M·R it does not assume the M·R indicators independent (batches share θ_m).
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">M or R &lt; 1, or α ∉ (0, 1).</exception>
    public static double McDiarmidMargin(int parameterDraws, int miniBatches, double alpha = DefaultAlpha)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(parameterDraws, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(miniBatches, 1);
        RequireAlpha(alpha);
        return Math.Sqrt(0.5 * (1.0 / parameterDraws + 1.0 / miniBatches) * Math.Log(2.0 / alpha));
    }

    /// <summary>
    /// Monte Carlo estimate of the numerical bifurcation zone S(τ) (Criteria 1, §3.3.2) from a matrix of backprop
    /// variations D[m, r] between P and Q, for M parameter draws (rows) and R mini-batches (columns). θ_m is in S(τ)
    /// when some mini-batch has D[m, r] &gt; τ (strictly).
    /// </summary>
    /// <param name="variations">D[m, r] ≥ 0 for m &lt; M, r &lt; R.</param>
    /// <param name="threshold">τ, e.g. <see cref="Tau1(double[,])"/> or <see cref="Tau2(double[,])"/>.</param>
    /// <param name="alpha">Risk level α of the margins; the confidence is 1 − α.</param>
    /// <exception cref="ArgumentException">The matrix has no rows or no columns, or holds a negative or NaN variation; τ is NaN.</exception>
    /// <exception cref="ArgumentOutOfRangeException">α ∉ (0, 1).</exception>
    public static BifurcationZoneEstimate EstimateBifurcationZone(double[,] variations, double threshold, double alpha = DefaultAlpha)
    {
        ArgumentNullException.ThrowIfNull(variations);
        return EstimateBifurcationZone(variations.GetLength(0), variations.GetLength(1), (m, r) => variations[m, r], threshold, alpha);
    }

    /// <summary>
    /// Monte Carlo estimate of S(τ) with the variations computed on demand: <paramref name="variation"/>(m, r) returns
    /// D_{m,r}(P, Q) for parameter draw m and mini-batch r. It is called exactly once per (m, r), row by row, since the
    /// share of affected mini-batches (eq. 3.18) needs every pair.
    /// </summary>
    /// <param name="parameterDraws">M, the number of random parameter vectors θ_m.</param>
    /// <param name="miniBatches">R, the number of mini-batches the dataset is divided into.</param>
    /// <param name="variation">D_{m,r}(P, Q) for 0 ≤ m &lt; M, 0 ≤ r &lt; R.</param>
    /// <param name="threshold">τ; a variation counts when it is strictly greater.</param>
    /// <param name="alpha">Risk level α of the margins; the confidence is 1 − α.</param>
    /// <exception cref="ArgumentException">M or R &lt; 1, τ is NaN, or the callback returns a negative or NaN variation.</exception>
    /// <exception cref="ArgumentOutOfRangeException">α ∉ (0, 1).</exception>
    public static BifurcationZoneEstimate EstimateBifurcationZone(
        int parameterDraws, int miniBatches, Func<int, int, double> variation, double threshold, double alpha = DefaultAlpha)
    {
        ArgumentNullException.ThrowIfNull(variation);
        if (parameterDraws < 1 || miniBatches < 1)
        {
            throw new ArgumentException(
                $"A Monte Carlo estimate needs at least one parameter draw and one mini-batch; got M = {parameterDraws}, R = {miniBatches}.",
                parameterDraws < 1 ? nameof(parameterDraws) : nameof(miniBatches));
        }
        if (double.IsNaN(threshold))
        {
            throw new ArgumentException("The threshold τ is NaN.", nameof(threshold));
        }
        RequireAlpha(alpha);

        int drawsInZone = 0;
        long affectedBatches = 0;
        for (int m = 0; m < parameterDraws; m++)
        {
            int affectedHere = 0;
            for (int r = 0; r < miniBatches; r++)
            {
                double d = variation(m, r);
                if (double.IsNaN(d) || d < 0.0)
                {
                    throw new ArgumentException(
                        $"The variation D[{m}, {r}] = {d} is not a norm; a NaN usually means a gradient was NaN.", nameof(variation));
                }
                if (d > threshold) affectedHere++;
            }
            if (affectedHere > 0) drawsInZone++;
            affectedBatches += affectedHere;
        }

        long pairs = (long)parameterDraws * miniBatches;
        return new BifurcationZoneEstimate(
            ParameterDraws: parameterDraws,
            MiniBatches: miniBatches,
            Threshold: threshold,
            Alpha: alpha,
            DrawsInZone: drawsInZone,
            AffectedMiniBatches: affectedBatches,
            ParameterShare: (double)drawsInZone / parameterDraws,
            ParameterMargin: HoeffdingMargin(parameterDraws, alpha),
            MiniBatchShare: (double)affectedBatches / pairs,
            MiniBatchMargin: McDiarmidMargin(parameterDraws, miniBatches, alpha),
            MiniBatchHoeffdingMargin: HoeffdingMargin(pairs, alpha));
    }

    private static double RequireVariation(double d, int index, string parameterName)
    {
        if (double.IsNaN(d) || d < 0.0)
        {
            throw new ArgumentException(
                $"'{parameterName}'[{index}] = {d} is not a backprop variation (an ℓ1 norm is ≥ 0; NaN usually means a NaN gradient).",
                parameterName);
        }
        return d;
    }

    private static void RequireAlpha(double alpha)
    {
        if (!(alpha > 0.0 && alpha < 1.0))
        {
            throw new ArgumentOutOfRangeException(nameof(alpha), alpha, "The risk level α must lie in (0, 1); the thesis uses 0.05.");
        }
    }

    private static double[] Flatten(double[,] matrix)
    {
        double[] flat = new double[matrix.Length];
        int k = 0;
        foreach (double d in matrix) flat[k++] = d;
        return flat;
    }
}

/// <summary>
/// Monte Carlo estimate of the volume of the numerical bifurcation zone S(τ) (thesis §3.3.2, Table 3.2).
/// </summary>
/// <param name="ParameterDraws">M, the number of parameter draws θ_m.</param>
/// <param name="MiniBatches">R, the number of mini-batches per draw.</param>
/// <param name="Threshold">τ; a variation counts when strictly greater.</param>
/// <param name="Alpha">The risk level α of the margins.</param>
/// <param name="DrawsInZone">The number of θ_m with some mini-batch variation above τ.</param>
/// <param name="AffectedMiniBatches">The number of (m, r) pairs with variation above τ.</param>
/// <param name="ParameterShare">Eq. 3.17: DrawsInZone / M, Table 3.2's first line.</param>
/// <param name="ParameterMargin">Hoeffding margin with n = M (i.i.d. draws).</param>
/// <param name="MiniBatchShare">Eq. 3.18: AffectedMiniBatches / (M·R), Table 3.2's second line.</param>
/// <param name="MiniBatchMargin">McDiarmid margin sqrt(½(1/M + 1/R)·ln(2/α)); valid although batches share θ_m.</param>
/// <param name="MiniBatchHoeffdingMargin">Hoeffding margin with n = M·R, which the thesis also reports; it assumes the M·R indicators independent.</param>
public readonly record struct BifurcationZoneEstimate(
    int ParameterDraws,
    int MiniBatches,
    double Threshold,
    double Alpha,
    int DrawsInZone,
    long AffectedMiniBatches,
    double ParameterShare,
    double ParameterMargin,
    double MiniBatchShare,
    double MiniBatchMargin,
    double MiniBatchHoeffdingMargin)
{
    /// <summary>The confidence level 1 − α of both margins.</summary>
    public double Confidence => 1.0 - Alpha;

    /// <summary>The interval ParameterShare ± ParameterMargin, clipped to [0, 1].</summary>
    public (double Lower, double Upper) ParameterInterval => Clip(ParameterShare, ParameterMargin);

    /// <summary>The interval MiniBatchShare ± MiniBatchMargin (McDiarmid), clipped to [0, 1].</summary>
    public (double Lower, double Upper) MiniBatchInterval => Clip(MiniBatchShare, MiniBatchMargin);

    private static (double, double) Clip(double share, double margin) =>
        (Math.Max(0.0, share - margin), Math.Min(1.0, share + margin));
}
