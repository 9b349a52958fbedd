using SourceAD.Generators.Policy;

namespace SourceAD.Generators.Model;

/// <summary>
/// A method's resolved nonsmooth choices ([Differentiable] → [assembly: DifferentiableDefaults] → preset), as the
/// runtime's own <see cref="DerivativePolicy"/> (the same source, linked into the generator), plus the name the
/// generated header and the diagnostics show. Generated code embeds these values as constants.
/// </summary>
internal sealed record PolicyModel(DerivativePolicy Choices, string PresetName)
{
    /// <summary>The default: the PyTorch preset.</summary>
    public static PolicyModel PyTorch { get; } = new(DerivativePolicy.PyTorch, nameof(NonsmoothPreset.PyTorch));

    public double ReluAtZero => Choices.ReluAtZero;

    public double AbsAtZero => Choices.AbsAtZero;

    public TieChoice Binary => Choices.Binary;

    public TieChoice Reduction => Choices.Reduction;

    public TieChoice Pooling => Choices.Pooling;

    public bool Strict => Choices.Strict;
}
