namespace TinyGpt.Training;

/// <summary>One validation: a row of the console table and a point of the plot.</summary>
/// <param name="Step">Optimizer steps taken when it ran.</param>
/// <param name="TrainLoss">Mean training loss of the steps since the previous evaluation.</param>
/// <param name="ValidationLoss">Mean cross-entropy (nats per character) over the validation batches.</param>
/// <param name="LearningRate">The schedule's rate for the next step.</param>
/// <param name="Seconds">Training seconds since the previous evaluation (evaluation excluded).</param>
/// <param name="CharactersPerSecond">Training throughput over those seconds.</param>
public sealed record EvalRecord(long Step, double TrainLoss, double ValidationLoss, double LearningRate, double Seconds, double CharactersPerSecond);

/// <summary>
/// Where a run stands: what a checkpoint stores besides the optimizer's state (θ included), and what <c>--resume</c>
/// restores. Batches are a function of (seed, step), so <see cref="Step"/> is the whole data position.
/// </summary>
public sealed class TrainingState
{
    /// <summary>The run's settings.</summary>
    public required RunConfig Config { get; init; }

    /// <summary>Optimizer steps taken.</summary>
    public long Step { get; set; }

    /// <summary>Training seconds over the whole run (evaluation excluded).</summary>
    public double TrainingSeconds { get; set; }

    /// <summary>Training seconds since the last evaluation.</summary>
    public double SecondsSinceEval { get; set; }

    /// <summary>The loss of every step so far.</summary>
    public List<double> StepLosses { get; init; } = [];

    /// <summary>Every validation so far.</summary>
    public List<EvalRecord> Evals { get; init; } = [];
}
