using SourceAD.Samples;

namespace TinyGpt.Training;

/// <summary>
/// TinyGpt's checkpoint: its <see cref="TrainingState"/> and the optimizer's state in the samples' sealed, atomically
/// written format (<see cref="SealedCheckpoint{TState}"/>, magic <c>TINYGPT1</c>).
/// </summary>
public static class Checkpoint
{
    private static readonly SealedCheckpoint<TrainingState> Format =
        new("TinyGpt", "TINYGPT1"u8.ToArray(), version: 1, (message, cause) => cause is null ? new TrainerException(message) : new TrainerException(message, cause));

    /// <summary>Writes a checkpoint atomically.</summary>
    public static void Write(string path, TrainingState state, byte[] optimizerState) => Format.Write(path, state, optimizerState);

    /// <summary>Reads and verifies a checkpoint.</summary>
    /// <exception cref="TrainerException">The file is missing, truncated, corrupt or of another format; the message names it.</exception>
    public static (TrainingState State, byte[] OptimizerState) Read(string path) => Format.Read(path);
}
