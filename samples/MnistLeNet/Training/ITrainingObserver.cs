namespace MnistLeNet.Training;

/// <summary>Receives a run's progress (a console display, a test, or nothing).</summary>
public interface ITrainingObserver
{
    /// <summary>Epoch <paramref name="epoch"/> (0-based) of <paramref name="epochs"/> starts, or resumes at <paramref name="firstBatch"/>.</summary>
    void EpochStarted(int epoch, int epochs, int batches, int firstBatch);

    /// <summary>A step finished: its loss, the epoch's mean loss so far and the epoch's throughput in images/s.</summary>
    void StepCompleted(int epoch, int batch, double loss, double epochMeanLoss, double imagesPerSecond);

    /// <summary>An epoch finished and was evaluated.</summary>
    void EpochCompleted(EpochRecord record);
}

/// <summary>An observer that ignores everything.</summary>
public sealed class NullObserver : ITrainingObserver
{
    /// <summary>The shared instance.</summary>
    public static NullObserver Instance { get; } = new();

    /// <inheritdoc/>
    public void EpochStarted(int epoch, int epochs, int batches, int firstBatch)
    {
    }

    /// <inheritdoc/>
    public void StepCompleted(int epoch, int batch, double loss, double epochMeanLoss, double imagesPerSecond)
    {
    }

    /// <inheritdoc/>
    public void EpochCompleted(EpochRecord record)
    {
    }
}
