// Linked into the generator (netstandard2.0) as well as compiled here: the runtime, the generator and every backend
// read the nonsmooth policy from this one source (see README.md in this folder). Keep it free of runtime-only types.
#if SOURCEAD_GENERATOR
namespace SourceAD.Generators.Policy;
#else
namespace SourceAD;
#endif

/// <summary>
/// The one description of SourceAD's nonsmooth derivative choices (thesis ch. 3): ReLU'(0), |x|'(0), and a
/// <see cref="TieChoice"/> per family of max-like operations. Attributes produce it at compile time (generated code embeds
/// its values as constants); tensor kernels take it as a parameter at run time.
/// </summary>
/// <param name="ReluAtZero">relu'(0) = s. s ∈ [0, 1] is a Clarke selection (thesis Example 1).</param>
/// <param name="AbsAtZero">|x|'(0). Values in [−1, 1] are Clarke selections.</param>
/// <param name="Binary">Ties of binary Max/Min/Clamp.</param>
/// <param name="Reduction">Ties of reductions over many entries (Nonsmooth.Max(span), ArgMax-based code).</param>
/// <param name="Pooling">Ties inside MaxPool windows.</param>
/// <param name="Strict">When true, reaching a tie or kink throws <c>NonsmoothPointException</c>.</param>
public readonly record struct DerivativePolicy(
    double ReluAtZero,
    double AbsAtZero,
    TieChoice Binary,
    TieChoice Reduction,
    TieChoice Pooling,
    bool Strict = false)
{
    /// <summary>
    /// PyTorch's choices: relu'(0)=0, abs'(0)=0 (sign(0)=0), torch.maximum splits a tie 0.5/0.5, a full max reduction
    /// splits evenly, max_pool2d gives the first maximum in row-major order.
    /// </summary>
    public static DerivativePolicy PyTorch { get; } =
        new(0.0, 0.0, TieChoice.Minimal, TieChoice.Minimal, TieChoice.Native);

    /// <summary>JAX's choices: relu'(0)=0, abs'(0)=+1, maximum and reduce_max split evenly, reduce_window max picks the first.</summary>
    public static DerivativePolicy Jax { get; } =
        new(0.0, 1.0, TieChoice.Minimal, TieChoice.Minimal, TieChoice.Native);

    /// <summary>Throws at every tie or kink; use it to find out whether a program ever reaches one.</summary>
    public static DerivativePolicy StrictPolicy { get; } =
        new(0.0, 0.0, TieChoice.Native, TieChoice.Native, TieChoice.Native, Strict: true);

    /// <summary>What a <c>[Differentiable]</c> with nothing set means: the PyTorch preset.</summary>
    public static DerivativePolicy Default => PyTorch;

    /// <summary>The policy a preset names.</summary>
    public static DerivativePolicy FromPreset(NonsmoothPreset preset) => preset switch
    {
        NonsmoothPreset.Jax => Jax,
        NonsmoothPreset.Strict => StrictPolicy,
        _ => PyTorch,
    };

    /// <summary>True when every choice is an element of the Clarke subdifferential (not merely conservative).</summary>
    public bool IsClarke =>
        ReluAtZero is >= 0 and <= 1 && AbsAtZero is >= -1 and <= 1 && Binary.IsClarke && Reduction.IsClarke && Pooling.IsClarke;
}
