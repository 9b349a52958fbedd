namespace MnistLeNet.Training;

/// <summary>The trainer's command line, parsed (see <see cref="CommandLine"/>).</summary>
public sealed record TrainerOptions
{
    /// <summary>The trajectory-defining settings.</summary>
    public RunConfig Config { get; init; } = new();

    /// <summary>Total epochs (the run stops after this many, counting those done before a resume).</summary>
    public int Epochs { get; init; } = 5;

    /// <summary><c>cpu</c> (default), <c>ilgpu</c> or <c>torch</c>: see <see cref="TrainingDevices"/>.</summary>
    public string Backend { get; init; } = "cpu";

    /// <summary>Folder with the four IDX files; null means the digits shipped with the sample.</summary>
    public string? DataDirectory { get; init; }

    /// <summary>The checkpoint file; plots and metrics are written beside it.</summary>
    public string CheckpointPath { get; init; } = Path.Combine("artifacts", "mnist-lenet", "checkpoint.bin");

    /// <summary>Continue the run saved in <see cref="CheckpointPath"/>.</summary>
    public bool Resume { get; init; }

    /// <summary>Start a new run even though <see cref="CheckpointPath"/> exists (it is replaced at the first save).</summary>
    public bool Overwrite { get; init; }

    /// <summary>Stop (after saving a checkpoint) once the optimizer has taken this many steps in total.</summary>
    public long? MaxSteps { get; init; }

    /// <summary>Also save a checkpoint every this many steps (0: only at the end of each epoch and on Ctrl+C).</summary>
    public int CheckpointEvery { get; init; }

    /// <summary>Use only the first N training images (for quick runs).</summary>
    public int? TrainLimit { get; init; }

    /// <summary>Use only the first N test images.</summary>
    public int? TestLimit { get; init; }

    /// <summary>Write loss.png and accuracy.png.</summary>
    public bool Plots { get; init; } = true;

    /// <summary>Run as one rank of an MPI job started by mpirun (<c>--distributed</c>).</summary>
    public bool Distributed { get; init; }

    /// <summary>CPU threads for the kernels (null: all cores). Results are bitwise the same for any count.</summary>
    public int? Threads { get; init; }

    /// <summary>The option names given explicitly on the command line (without dashes), checked against a checkpoint on resume.</summary>
    public IReadOnlySet<string> Explicit { get; init; } = new HashSet<string>();

    /// <summary>The folder that receives the checkpoint, plots and metrics.</summary>
    public string OutputDirectory => Path.GetDirectoryName(Path.GetFullPath(CheckpointPath))!;
}
