using MnistLeNet.Training;

namespace SourceAD.Tests.Samples;

/// <summary>Tiny MnistLeNet runs in a temporary folder, through the trainer's own option parser and session.</summary>
internal sealed class TrainerRuns : IDisposable
{
    public TrainerRuns() => Directory.CreateDirectory(Folder);

    public string Folder { get; } = Path.Combine(Path.GetTempPath(), "mnist-lenet-tests-" + Guid.NewGuid().ToString("N"));

    /// <summary>A checkpoint path in <see cref="Folder"/>.</summary>
    public string Checkpoint(string name) => Path.Combine(Folder, name, "checkpoint.bin");

    /// <summary>
    /// 256 training images in batches of 32 (8 steps an epoch), 200 test images, 1 thread: a second or so per epoch.
    /// </summary>
    public static string[] Tiny(string checkpoint, params string[] more) =>
        ["--train-limit", "256", "--test-limit", "200", "--batch", "32", "--threads", "1", "--checkpoint", checkpoint, .. more];

    /// <summary>Parses <paramref name="args"/> as the command line would and trains until done or stopped.</summary>
    public static (TrainingOutcome Outcome, double[][] Parameters) Train(params string[] args)
    {
        using TrainingSession session = TrainingSession.Open(CommandLine.Parse(args));
        TrainingOutcome outcome = session.Train(NullObserver.Instance);
        return (outcome, session.Parameters.Select(p => p.ToDoubleArray()).ToArray());
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(Folder, recursive: true);
        }
        catch (IOException)
        {
            // A leftover temp folder is harmless.
        }
    }
}
