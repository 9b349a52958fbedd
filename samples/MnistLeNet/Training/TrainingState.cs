namespace MnistLeNet.Training;

/// <summary>One finished epoch: the row of the console table and a point of the plots.</summary>
/// <param name="Epoch">1-based epoch number.</param>
/// <param name="TrainLoss">Mean training loss over the epoch's steps.</param>
/// <param name="TestLoss">Mean cross-entropy on the test split after the epoch.</param>
/// <param name="TestAccuracy">Fraction of test digits classified correctly after the epoch.</param>
/// <param name="Seconds">Training time of the epoch (evaluation excluded), summed over resumed pieces.</param>
/// <param name="ImagesPerSecond">Training throughput.</param>
public sealed record EpochRecord(int Epoch, double TrainLoss, double TestLoss, double TestAccuracy, double Seconds, double ImagesPerSecond);

/// <summary>
/// Where a run stands: what a checkpoint stores besides the optimizer's state, and what <c>--resume</c> restores.
/// The shuffle position is (<see cref="Epoch"/>, <see cref="BatchInEpoch"/>): every epoch's order is a pure function of
/// the seed and the epoch (<see cref="SourceAD.Tensors.Data.MiniBatches"/>), so no RNG state needs saving.
/// </summary>
public sealed record TrainingState
{
    /// <summary>The run's settings.</summary>
    public required RunConfig Config { get; init; }

    /// <summary>Total epochs planned (a resume without <c>--epochs</c> keeps it).</summary>
    public int PlannedEpochs { get; init; }

    /// <summary>The epoch in progress (0-based); equals the number of finished epochs at an epoch boundary.</summary>
    public int Epoch { get; init; }

    /// <summary>The next batch of <see cref="Epoch"/> to train on.</summary>
    public int BatchInEpoch { get; init; }

    /// <summary>Optimizer steps taken in total.</summary>
    public long Step { get; init; }

    /// <summary>Sum of the losses of this epoch's finished steps (for its mean).</summary>
    public double EpochLossSum { get; init; }

    /// <summary>Training seconds spent in this epoch so far.</summary>
    public double EpochSeconds { get; init; }

    /// <summary>Training seconds over the whole run.</summary>
    public double TrainingSeconds { get; init; }

    /// <summary>Finished epochs.</summary>
    public List<EpochRecord> Epochs { get; init; } = [];

    /// <summary>The loss of every step so far (for the loss plot).</summary>
    public List<double> StepLosses { get; init; } = [];
}
