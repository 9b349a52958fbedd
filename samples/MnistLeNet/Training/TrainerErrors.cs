namespace MnistLeNet.Training;

/// <summary>A bad command line (unknown option, bad value); the trainer exits with code 2 and writes nothing.</summary>
public sealed class UsageException(string message) : Exception(message);

/// <summary>
/// A problem with the inputs the command line names (data folder, checkpoint, an unavailable backend); the trainer
/// exits with code 1. Thrown before anything is written, so no file is overwritten.
/// </summary>
public sealed class TrainerException(string message, Exception? inner = null) : Exception(message, inner);
