using System.Globalization;
using SourceAD.Tensors;

namespace MnistLeNet.Training;

/// <summary>
/// Everything that fixes a run's trajectory: a checkpoint records it, and <c>--resume</c> refuses options that contradict
/// it (resuming with another learning rate would not continue the same run). <c>--epochs</c> is not part of it: a run
/// may be resumed to train longer.
/// </summary>
public sealed record RunConfig
{
    /// <summary><c>innaprop</c>, <c>adamw</c> or <c>sgd</c>.</summary>
    public string Optimizer { get; init; } = "innaprop";

    /// <summary>INNAprop's α (viscous damping).</summary>
    public double Alpha { get; init; } = 0.1;

    /// <summary>INNAprop's β (geometric damping).</summary>
    public double Beta { get; init; } = 0.9;

    /// <summary>The constant learning rate γ.</summary>
    public double LearningRate { get; init; } = 1e-3;

    /// <summary>SGD's heavy-ball momentum.</summary>
    public double Momentum { get; init; } = 0.9;

    /// <summary>Images per step.</summary>
    public int Batch { get; init; } = 64;

    /// <summary>Tensor precision in bits: 16, 32 or 64.</summary>
    public int Precision { get; init; } = 32;

    /// <summary>Canonical <c>--maxpool</c> value.</summary>
    public string MaxPool { get; init; } = "native";

    /// <summary>relu′(0).</summary>
    public double ReluAtZero { get; init; }

    /// <summary>Fixes the initialization and every epoch's shuffle.</summary>
    public ulong Seed { get; init; } = 1;

    /// <summary>
    /// Shards per batch: the batch's gradient is the sum, in shard order, of its shards' mean-loss gradients weighted by
    /// their share of the batch (gradient accumulation). 1 is the plain one-pass gradient. A <c>--distributed</c> run
    /// defaults to one shard per rank and may resume on any rank count that divides it, with the same bits.
    /// </summary>
    public int Shards { get; init; } = 1;

    /// <summary>SHA-256 prefix of the (possibly limited) train and test sets, so a resumed run sees the same data.</summary>
    public string DataFingerprint { get; init; } = "";

    /// <summary>The tensor dtype of <see cref="Precision"/>.</summary>
    public DType DType => Precision switch { 16 => DType.Float16, 64 => DType.Float64, _ => DType.Float32 };

    /// <summary>One line for the console.</summary>
    public string Describe()
    {
        string opt = Optimizer switch
        {
            "innaprop" => $"INNAprop (α={F(Alpha)}, β={F(Beta)}, lr={F(LearningRate)})",
            "adamw" => $"AdamW (lr={F(LearningRate)})",
            _ => $"SGD (lr={F(LearningRate)}, momentum={F(Momentum)})",
        };
        string shards = Shards > 1 ? $" in {Shards} shards" : "";
        return $"{opt}, batch {Batch}{shards}, float{Precision}, maxpool {MaxPool}, relu'(0)={F(ReluAtZero)}, seed {Seed}";
    }

    private static string F(double v) => v.ToString("G6", CultureInfo.InvariantCulture);
}
