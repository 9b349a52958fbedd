using Spectre.Console;
using TinyGpt;
using TinyGpt.Training;
using Xunit;

namespace SourceAD.Tests.Samples;

/// <summary>
/// The TinyGpt sample at a tiny size (one block of width 16, six steps of 4×16 characters, one thread): a run prints its
/// table and a sample and writes its files; an interrupted run resumed gives the uninterrupted run's bits; bad options,
/// data and checkpoints are clear errors that leave files alone.
/// </summary>
public sealed class TinyGptTests : IDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "tiny-gpt-tests-" + Guid.NewGuid().ToString("N"));

    private string Checkpoint(string name) => Path.Combine(_folder, name, "checkpoint.bin");

    private static string[] Tiny(string checkpoint, params string[] more) =>
    [
        "--layers", "1", "--heads", "2", "--width", "16", "--context", "16", "--batch", "4", "--steps", "6", "--warmup", "2",
        "--eval-every", "3", "--eval-batches", "2", "--threads", "1", "--checkpoint", checkpoint, .. more,
    ];

    private static (int Code, string Output) Run(params string[] args)
    {
        var writer = new StringWriter();
        IAnsiConsole console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Ansi = AnsiSupport.No,
            ColorSystem = ColorSystemSupport.NoColors,
            Interactive = InteractionSupport.No,
            Out = new AnsiConsoleOutput(writer),
        });
        console.Profile.Width = 400;
        return (Cli.Run(args, console), writer.ToString());
    }

    private static (TrainingOutcome Outcome, double[][] Parameters, List<double> Losses) Train(params string[] args)
    {
        using TrainingSession session = TrainingSession.Open(CommandLine.Parse(args));
        TrainingOutcome outcome = session.Train(new NullObserver());
        return (outcome, session.Parameters.Select(p => p.ToDoubleArray()).ToArray(), session.State.StepLosses);
    }

    [Fact]
    public void ATinyRunPrintsTheTableASampleAndWhereItsFilesAre()
    {
        string checkpoint = Checkpoint("cli");
        (int code, string output) = Run(Tiny(checkpoint, "--sample-length", "20"));

        Assert.True(code == Cli.Success, output);
        Assert.Contains("Per evaluation", output);
        Assert.Contains("unigram baseline", output);
        Assert.Contains("Sample (20 characters", output);
        Assert.Contains(Cli.Prompt, output);
        Assert.Contains(checkpoint, output);
        foreach (string file in new[] { checkpoint, Path.Combine(_folder, "cli", TrainingReport.LossPlot), Path.Combine(_folder, "cli", TrainingReport.Metrics) })
        {
            Assert.True(File.Exists(file), file);
        }
        // Two evaluations (steps 3 and 6) in the metrics, each with a finite validation loss.
        string[] rows = File.ReadAllLines(Path.Combine(_folder, "cli", TrainingReport.Metrics));
        Assert.Equal(3, rows.Length);
        Assert.All(rows.Skip(1), r => Assert.True(double.IsFinite(double.Parse(r.Split(',')[2], System.Globalization.CultureInfo.InvariantCulture))));
    }

    [Fact]
    public void AResumedRunEqualsTheUninterruptedRunBitForBit()
    {
        var whole = Train(Tiny(Checkpoint("whole")));
        var first = Train(Tiny(Checkpoint("pieces"), "--max-steps", "4"));
        Assert.False(first.Outcome.Completed);
        Assert.Equal(4, first.Losses.Count);
        var rest = Train(Tiny(Checkpoint("pieces"), "--resume"));

        Assert.True(whole.Outcome.Completed);
        Assert.True(rest.Outcome.Completed);
        Assert.Equal(whole.Losses, rest.Losses);
        Assert.Equal(whole.Parameters.Length, rest.Parameters.Length);
        for (int i = 0; i < whole.Parameters.Length; i++)
        {
            Assert.Equal(whole.Parameters[i], rest.Parameters[i]);
        }
        // Training moved the parameters: the comparison above is not between two untouched initializations.
        var fresh = Train(Tiny(Checkpoint("fresh"), "--max-steps", "1"));
        Assert.NotEqual(fresh.Parameters[4], whole.Parameters[4]);
    }

    [Theory]
    [InlineData("--frobnicate", "3", "Unknown option '--frobnicate'")]
    [InlineData("--precision", "16", "--precision")]
    [InlineData("--lr", "-1", "--lr")]
    [InlineData("--optimizer", "sgd", "--optimizer")]
    [InlineData("--heads", "3", "does not divide --width")]
    [InlineData("--backend", "tpu", "--backend")]
    [InlineData("--decay", "biases", "--decay 'biases' is not one of matrices, all")]
    public void ABadOptionIsAUsageErrorThatWritesNothing(string option, string value, string expected)
    {
        string checkpoint = Checkpoint("bad");
        (int code, string output) = Run(option, value, "--checkpoint", checkpoint);
        Assert.Equal(Cli.UsageError, code);
        Assert.Contains(expected, output);
        Assert.False(Directory.Exists(Path.GetDirectoryName(checkpoint)));
    }

    [Fact]
    public void AMissingDataFileIsNamedAndNothingIsWritten()
    {
        string data = Path.Combine(_folder, "data");
        Directory.CreateDirectory(data);
        File.WriteAllText(Path.Combine(data, CharCorpus.TrainFile), "In the beginning God created the heaven and the earth.\n");
        string checkpoint = Checkpoint("nodata");
        (int code, string output) = Run(Tiny(checkpoint, "--data", data));
        Assert.Equal(Cli.InputError, code);
        Assert.Contains(CharCorpus.ValidationFile, output);
        Assert.False(File.Exists(checkpoint));
    }

    [Fact]
    public void ValidationCharactersOutsideTheTrainingVocabularyAreRefused()
    {
        string data = Path.Combine(_folder, "data");
        Directory.CreateDirectory(data);
        File.WriteAllText(Path.Combine(data, CharCorpus.TrainFile), string.Concat(Enumerable.Repeat("abc ", 20)));
        File.WriteAllText(Path.Combine(data, CharCorpus.ValidationFile), string.Concat(Enumerable.Repeat("abcz", 20)));
        (int code, string output) = Run(Tiny(Checkpoint("vocab"), "--data", data));
        Assert.Equal(Cli.InputError, code);
        Assert.Contains("U+007A", output);
    }

    [Fact]
    public void CheckpointsAreNotReplacedUnaskedNorResumedWithContradictingOptions()
    {
        string checkpoint = Checkpoint("guard");
        Assert.Equal(Cli.Success, Run(Tiny(checkpoint, "--max-steps", "1", "--sample-length", "0")).Code);
        byte[] saved = File.ReadAllBytes(checkpoint);

        (int again, string againOutput) = Run(Tiny(checkpoint, "--sample-length", "0"));
        Assert.Equal(Cli.InputError, again);
        Assert.Contains("--resume", againOutput);

        (int contradict, string contradictOutput) = Run(["--resume", "--width", "32", "--checkpoint", checkpoint]);
        Assert.Equal(Cli.InputError, contradict);
        Assert.Contains("--width 32 contradicts", contradictOutput);
        Assert.Equal(saved, File.ReadAllBytes(checkpoint));
    }

    [Fact]
    public void ACorruptCheckpointIsRefusedAndLeftAsItWas()
    {
        string checkpoint = Checkpoint("corrupt");
        Assert.Equal(Cli.Success, Run(Tiny(checkpoint, "--max-steps", "1", "--sample-length", "0")).Code);
        byte[] bytes = File.ReadAllBytes(checkpoint);
        bytes[bytes.Length / 2] ^= 0x55;
        File.WriteAllBytes(checkpoint, bytes);
        (int code, string output) = Run(["--resume", "--checkpoint", checkpoint]);
        Assert.Equal(Cli.InputError, code);
        Assert.Contains("checksum", output);
        Assert.Equal(bytes, File.ReadAllBytes(checkpoint));
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(_folder, recursive: true);
        }
        catch (IOException)
        {
            // A leftover temp folder is harmless.
        }
    }

    private sealed class NullObserver : ITrainingObserver
    {
        public void StepCompleted(long step, int steps, double loss, double charactersPerSecond)
        {
        }

        public void Evaluated(EvalRecord record)
        {
        }
    }
}
