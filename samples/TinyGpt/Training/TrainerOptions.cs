namespace TinyGpt.Training;

/// <summary>Everything the command line sets: the run (<see cref="Config"/>) and how this process runs it.</summary>
public sealed record TrainerOptions
{
    /// <summary>The run's settings (defaults where not given).</summary>
    public RunConfig Config { get; init; } = new();

    /// <summary>The run options the command line named explicitly (checked against a resumed checkpoint).</summary>
    public IReadOnlySet<string> ExplicitRunOptions { get; init; } = new HashSet<string>();

    /// <summary><c>cpu</c>, <c>ilgpu</c> or <c>torch</c>.</summary>
    public string Backend { get; init; } = "cpu";

    /// <summary>The folder holding kjv-train.txt and kjv-val.txt (default: the shipped Data/ beside the executable).</summary>
    public string DataDirectory { get; init; } = Path.Combine(AppContext.BaseDirectory, "Data");

    /// <summary>The checkpoint file; metrics and plots go beside it.</summary>
    public string CheckpointPath { get; init; } = Path.Combine("artifacts", "tiny-gpt", "checkpoint.bin");

    /// <summary>Continue the checkpoint's run.</summary>
    public bool Resume { get; init; }

    /// <summary>Start anew over an existing checkpoint.</summary>
    public bool Overwrite { get; init; }

    /// <summary>Stop (with a checkpoint) at this step.</summary>
    public int? MaxSteps { get; init; }

    /// <summary>Characters generated at the end (0: none).</summary>
    public int SampleLength { get; init; } = 400;

    /// <summary>Write loss.png.</summary>
    public bool Plots { get; init; } = true;

    /// <summary>CPU threads for the cpu backend (null: all cores).</summary>
    public int? Threads { get; init; }

    /// <summary>The folder for metrics and plots.</summary>
    public string OutputDirectory => Path.GetDirectoryName(Path.GetFullPath(CheckpointPath))!;
}

/// <summary>A bad command line; the message names the option.</summary>
public sealed class UsageException(string message) : Exception(message);

/// <summary>A run that cannot start or go on (bad data, checkpoint or backend, divergence); the message says why.</summary>
public sealed class TrainerException : Exception
{
    /// <summary>An error with its message.</summary>
    public TrainerException(string message) : base(message) { }

    /// <summary>An error with its message and cause.</summary>
    public TrainerException(string message, Exception inner) : base(message, inner) { }
}
