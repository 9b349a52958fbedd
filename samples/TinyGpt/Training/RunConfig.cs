using System.Globalization;

namespace TinyGpt.Training;

/// <summary>
/// What defines a run: the model's sizes, the data layout, the optimizer and its schedule, the seed. Saved in the
/// checkpoint; <c>--resume</c> continues with it and refuses options that contradict it.
/// </summary>
public sealed record RunConfig
{
    /// <summary>Transformer blocks.</summary>
    public int Layers { get; init; } = 2;

    /// <summary>Attention heads per block.</summary>
    public int Heads { get; init; } = 4;

    /// <summary>Embedding width.</summary>
    public int Width { get; init; } = 64;

    /// <summary>Characters per training sequence (and the model's longest context).</summary>
    public int Context { get; init; } = 64;

    /// <summary>Sequences per step.</summary>
    public int Batch { get; init; } = 16;

    /// <summary>Optimizer steps in the run (the cosine decay ends here).</summary>
    public int Steps { get; init; } = 1000;

    /// <summary><c>adamw</c> or <c>innaprop</c>.</summary>
    public string Optimizer { get; init; } = "adamw";

    /// <summary>γ₀, the peak learning rate reached after the warmup.</summary>
    public double LearningRate { get; init; } = 3e-3;

    /// <summary>Linear-warmup steps; then cosine decay to γ₀/10 at <see cref="Steps"/>.</summary>
    public int Warmup { get; init; } = 100;

    /// <summary>Decoupled weight decay λ, applied to the parameters <see cref="Decay"/> names.</summary>
    public double WeightDecay { get; init; } = 0.1;

    /// <summary>Decay the matrices and embeddings only (nanoGPT's rule, <see cref="GptConfig.IsDecayed"/>).</summary>
    public const string DecayMatrices = "matrices";

    /// <summary>Decay every parameter (TinyGpt before the parameter groups).</summary>
    public const string DecayAll = "all";

    /// <summary>Which parameters λ applies to: <see cref="DecayMatrices"/> (default) or <see cref="DecayAll"/>.</summary>
    public string Decay { get; init; } = DecayMatrices;

    /// <summary>Global gradient-norm clipping threshold (0: none).</summary>
    public double Clip { get; init; } = 1.0;

    /// <summary>INNAprop's damping α.</summary>
    public double Alpha { get; init; } = 0.1;

    /// <summary>INNAprop's damping β.</summary>
    public double Beta { get; init; } = 0.9;

    /// <summary>Tensor precision: 32 or 64.</summary>
    public int Precision { get; init; } = 32;

    /// <summary>Seeds the initialization and the batches.</summary>
    public ulong Seed { get; init; } = 1;

    /// <summary>Steps between validation evaluations (and checkpoints).</summary>
    public int EvalEvery { get; init; } = 100;

    /// <summary>Validation batches per evaluation (fixed windows spread over the validation text).</summary>
    public int EvalBatches { get; init; } = 8;

    /// <summary>SHA-256 of the training and validation text, so a resume cannot silently switch data.</summary>
    public string DataHash { get; init; } = "";

    /// <summary>The peak and final learning rates of the schedule.</summary>
    public double MinimumLearningRate => LearningRate / 10;

    /// <summary>The model's sizes over a vocabulary of <paramref name="vocabSize"/> characters.</summary>
    public GptConfig Model(int vocabSize) => new(Layers, Heads, Width, vocabSize, Context);

    /// <summary>A one-line summary for the header.</summary>
    public string Describe() => string.Create(CultureInfo.InvariantCulture,
        $"{(Optimizer == "innaprop" ? $"INNAprop (α={Alpha}, β={Beta}, σ=0.99)" : "AdamW (β=(0.9, 0.95))")}, γ₀={LearningRate} " +
        $"(warmup {Warmup}, cosine to {MinimumLearningRate:G3}), λ={WeightDecay} on {(Decay == DecayAll ? "every parameter" : "matrices and embeddings")}, clip {(Clip > 0 ? Clip.ToString(CultureInfo.InvariantCulture) : "off")}, " +
        $"{Steps} steps of {Batch}×{Context} characters, float{Precision}, seed {Seed}");
}
