// Linked into the generator (netstandard2.0) as well as compiled here: the runtime, the generator and every backend
// read the nonsmooth policy from this one source (see README.md in this folder). Keep it free of runtime-only types.
#if SOURCEAD_GENERATOR
namespace SourceAD.Generators.Policy;
#else
namespace SourceAD;
#endif

/// <summary>
/// How one family of max-like operations shares its derivative among the entries of the active set
/// (the entries attaining the max; thesis Definition 8 and 10).
/// </summary>
/// <param name="Rule">Native, Minimal or Hybrid.</param>
/// <param name="Beta">β for <see cref="TieRule.Hybrid"/>; ignored otherwise.</param>
public readonly record struct TieChoice(TieRule Rule, double Beta = 0)
{
    /// <summary>The first active index gets everything.</summary>
    public static TieChoice Native => new(TieRule.Native);

    /// <summary>Uniform average over the active set (minimum-norm Clarke element).</summary>
    public static TieChoice Minimal => new(TieRule.Minimal);

    /// <summary>(1−β)·Native + β·Minimal.</summary>
    public static TieChoice Hybrid(double beta) => new(TieRule.Hybrid, beta);

    /// <summary>
    /// The share of the incoming adjoint given to the entry at <paramref name="position"/> (0-based, in scan order)
    /// of an active set of <paramref name="activeCount"/> entries. Shares sum to 1 for every rule.
    /// </summary>
    public double Share(int position, int activeCount)
    {
        if (activeCount <= 1)
        {
            return 1.0;
        }
        double native = position == 0 ? 1.0 : 0.0;
        double minimal = 1.0 / activeCount;
        double w = MinimalWeight;
        return (1.0 - w) * native + w * minimal;
    }

    /// <summary>
    /// The weight w of the Minimal element in this choice, <c>(1−w)·Native + w·Minimal</c>: 0 for Native, 1 for Minimal,
    /// β for Hybrid. <see cref="Share"/> is that mixture; vectorized backends compute the same mixture from w (for w = 0
    /// and w = 1 the mixture is exactly the pure rule).
    /// </summary>
    public double MinimalWeight => Rule switch
    {
        TieRule.Minimal => 1.0,
        TieRule.Hybrid => Beta,
        _ => 0.0,
    };

    /// <summary>True when every share lies in [0, 1], i.e. the choice is a Clarke element (β ∈ [0, 1]).</summary>
    public bool IsClarke => Rule != TieRule.Hybrid || (Beta >= 0 && Beta <= 1);

    /// <inheritdoc/>
    public override string ToString() =>
        Rule == TieRule.Hybrid ? $"Hybrid(β={Beta.ToString(System.Globalization.CultureInfo.InvariantCulture)})" : Rule.ToString();
}
