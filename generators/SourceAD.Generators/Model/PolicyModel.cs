namespace SourceAD.Generators.Model;

/// <summary>
/// The compile-time mirror of the runtime <c>SourceAD.DerivativePolicy</c>: the nonsmooth choices resolved from
/// [Differentiable] → [assembly: DifferentiableDefaults] → preset. Generated code embeds these values as constants.
/// Rule values follow <c>SourceAD.TieRule</c>: 1 Native, 2 Minimal, 3 Hybrid.
/// </summary>
internal sealed record PolicyModel(
    double ReluAtZero,
    double AbsAtZero,
    int BinaryRule,
    double BinaryBeta,
    int ReductionRule,
    double ReductionBeta,
    int PoolingRule,
    double PoolingBeta,
    bool Strict,
    string PresetName)
{
    public const int Native = 1, Minimal = 2, Hybrid = 3;

    /// <summary>PyTorch's mix, the default (see the runtime's DerivativePolicy.PyTorch).</summary>
    public static PolicyModel PyTorch { get; } = new(0, 0, Minimal, 0, Minimal, 0, Native, 0, false, "PyTorch");

    /// <summary>JAX's mix.</summary>
    public static PolicyModel Jax { get; } = new(0, 1, Minimal, 0, Minimal, 0, Native, 0, false, "Jax");

    /// <summary>Throw at ties.</summary>
    public static PolicyModel StrictPolicy { get; } = new(0, 0, Native, 0, Native, 0, Native, 0, true, "Strict");

    /// <summary>The share of the adjoint given to the tied entry at <paramref name="position"/> among <paramref name="count"/> (thesis Definition 10).</summary>
    public static double Share(int rule, double beta, int position, int count)
    {
        if (count <= 1) return 1;
        double native = position == 0 ? 1 : 0, minimal = 1.0 / count;
        return rule switch
        {
            Minimal => minimal,
            Hybrid => (1 - beta) * native + beta * minimal,
            _ => native,
        };
    }

    public static string RuleName(int rule, double beta) => rule switch
    {
        Minimal => "Minimal",
        Hybrid => $"Hybrid(β={beta.ToString(System.Globalization.CultureInfo.InvariantCulture)})",
        _ => "Native",
    };
}
