using MnistLeNet;
using Spectre.Console;
using Xunit;

namespace SourceAD.Tests.Samples;

/// <summary>The trainer's command line: clear errors with a non-zero exit code and nothing overwritten, and a normal run's output.</summary>
public class MnistLeNetCliTests
{
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

    [Fact]
    public void ATinyRunPrintsTheEpochTableAndWhereItsFilesAre()
    {
        using var runs = new TrainerRuns();
        string checkpoint = runs.Checkpoint("cli");
        (int code, string output) = Run(["--epochs", "1", .. TrainerRuns.Tiny(checkpoint)]);

        Assert.Equal(Cli.Success, code);
        Assert.Contains("Test accuracy", output);
        Assert.Contains("Per epoch", output);
        Assert.Contains("epoch 1/1", output);
        Assert.Contains(checkpoint, output);
        Assert.True(File.Exists(checkpoint));
    }

    [Fact]
    public void AnUnknownOptionIsAUsageErrorThatWritesNothing()
    {
        using var runs = new TrainerRuns();
        string checkpoint = runs.Checkpoint("unknown");
        (int code, string output) = Run(["--frobnicate", "3", "--checkpoint", checkpoint]);

        Assert.Equal(Cli.UsageError, code);
        Assert.Contains("Unknown option '--frobnicate'", output);
        Assert.False(Directory.Exists(Path.GetDirectoryName(checkpoint)));
    }

    [Theory]
    [InlineData("--precision", "8", "--precision")]
    [InlineData("--lr", "-1", "--lr")]
    [InlineData("--maxpool", "average", "--maxpool")]
    [InlineData("--relu0", "NaN", "--relu0")]
    [InlineData("--epochs", "many", "--epochs")]
    public void ABadValueIsAUsageErrorNamingTheOption(string option, string value, string expected)
    {
        (int code, string output) = Run(option, value);
        Assert.Equal(Cli.UsageError, code);
        Assert.Contains(expected, output);
    }

    [Fact]
    public void AMissingDataFolderIsNamedAndNothingIsWritten()
    {
        using var runs = new TrainerRuns();
        string checkpoint = runs.Checkpoint("nodata");
        string data = Path.Combine(runs.Folder, "no-such-folder");
        (int code, string output) = Run("--data", data, "--checkpoint", checkpoint);

        Assert.Equal(Cli.InputError, code);
        Assert.Contains(data, output);
        Assert.False(Directory.Exists(Path.GetDirectoryName(checkpoint)));
    }

    [Fact]
    public void ADataFolderWithoutMnistFilesIsNamed()
    {
        using var runs = new TrainerRuns();
        string data = Path.Combine(runs.Folder, "empty");
        Directory.CreateDirectory(data);
        foreach (string name in new[] { "train-images-idx3-ubyte", "train-labels-idx1-ubyte", "t10k-images-idx3-ubyte", "t10k-labels-idx1-ubyte" })
        {
            File.WriteAllText(Path.Combine(data, name), "not an idx file");
        }
        (int code, string output) = Run("--data", data, "--checkpoint", runs.Checkpoint("baddata"));

        Assert.Equal(Cli.InputError, code);
        Assert.Contains("train-images-idx3-ubyte", output);
        Assert.Contains("magic number", output);
    }

    [Theory]
    [InlineData("flip")]
    [InlineData("truncate")]
    [InlineData("garbage")]
    public void ACorruptCheckpointIsRefusedAndLeftAsItWas(string damage)
    {
        using var runs = new TrainerRuns();
        string checkpoint = runs.Checkpoint("corrupt");
        Assert.Equal(Cli.Success, Run(["--max-steps", "2", .. TrainerRuns.Tiny(checkpoint)]).Code);
        byte[] bytes = File.ReadAllBytes(checkpoint);
        byte[] damaged = damage switch
        {
            "flip" => Flip(bytes, bytes.Length / 2),
            "truncate" => bytes[..(bytes.Length - 100)],
            _ => "definitely not a checkpoint"u8.ToArray(),
        };
        File.WriteAllBytes(checkpoint, damaged);
        string metrics = Path.Combine(Path.GetDirectoryName(checkpoint)!, "metrics.csv");
        DateTime metricsTime = File.GetLastWriteTimeUtc(metrics);

        (int code, string output) = Run(["--resume", .. TrainerRuns.Tiny(checkpoint)]);

        Assert.Equal(Cli.InputError, code);
        Assert.Contains("corrupt", output);
        Assert.Contains(checkpoint, output);
        Assert.Equal(damaged, File.ReadAllBytes(checkpoint));
        Assert.Equal(metricsTime, File.GetLastWriteTimeUtc(metrics));

        static byte[] Flip(byte[] b, int at)
        {
            byte[] copy = (byte[])b.Clone();
            copy[at] ^= 0x40;
            return copy;
        }
    }

    [Fact]
    public void AnExistingCheckpointIsNotReplacedWithoutResumeOrOverwrite()
    {
        using var runs = new TrainerRuns();
        string checkpoint = runs.Checkpoint("exists");
        Assert.Equal(Cli.Success, Run(["--max-steps", "1", .. TrainerRuns.Tiny(checkpoint)]).Code);
        byte[] before = File.ReadAllBytes(checkpoint);

        (int code, string output) = Run(["--max-steps", "1", .. TrainerRuns.Tiny(checkpoint)]);

        Assert.Equal(Cli.InputError, code);
        Assert.Contains("--resume", output);
        Assert.Equal(before, File.ReadAllBytes(checkpoint));
    }

    [Fact]
    public void ResumeRefusesOptionsThatContradictTheCheckpoint()
    {
        using var runs = new TrainerRuns();
        string checkpoint = runs.Checkpoint("contradict");
        Assert.Equal(Cli.Success, Run(["--max-steps", "1", .. TrainerRuns.Tiny(checkpoint)]).Code);

        (int code, string output) = Run(["--resume", "--lr", "0.01", .. TrainerRuns.Tiny(checkpoint)]);
        Assert.Equal(Cli.InputError, code);
        Assert.Contains("--lr 0.01 contradicts", output);

        (code, output) = Run("--resume", "--train-limit", "300", "--test-limit", "200", "--checkpoint", checkpoint);
        Assert.Equal(Cli.InputError, code);
        Assert.Contains("other data", output);
    }

    [Fact]
    public void TwoRunsCannotShareACheckpoint()
    {
        using var runs = new TrainerRuns();
        string checkpoint = runs.Checkpoint("locked");
        Assert.Equal(Cli.Success, Run(["--max-steps", "1", .. TrainerRuns.Tiny(checkpoint)]).Code);
        byte[] before = File.ReadAllBytes(checkpoint);
        using (MnistLeNet.Training.TrainingSession first = MnistLeNet.Training.TrainingSession.Open(
            MnistLeNet.Training.CommandLine.Parse(["--resume", .. TrainerRuns.Tiny(checkpoint)])))
        {
            (int code, string output) = Run(["--resume", .. TrainerRuns.Tiny(checkpoint)]);
            Assert.Equal(Cli.InputError, code);
            Assert.Contains("Another run", output);
            Assert.Equal(before, File.ReadAllBytes(checkpoint));
        }
        Assert.Equal(Cli.Success, Run(["--resume", "--max-steps", "2", .. TrainerRuns.Tiny(checkpoint)]).Code);
    }

    [Fact]
    public void DataReadsAFolderOfPlainIdxFiles()
    {
        // The full MNIST download unpacks to plain IDX files; make such a folder from the shipped .gz ones.
        using var runs = new TrainerRuns();
        string data = Path.Combine(runs.Folder, "plain-idx");
        Directory.CreateDirectory(data);
        foreach (string gz in Directory.GetFiles(Path.Combine(AppContext.BaseDirectory, "Data"), "*-ubyte.gz"))
        {
            using var input = new System.IO.Compression.GZipStream(File.OpenRead(gz), System.IO.Compression.CompressionMode.Decompress);
            using FileStream plain = File.Create(Path.Combine(data, Path.GetFileNameWithoutExtension(gz)));
            input.CopyTo(plain);
        }
        (int code, string output) = Run(["--data", data, "--epochs", "1", "--max-steps", "2", .. TrainerRuns.Tiny(runs.Checkpoint("plain"))]);

        Assert.Equal(Cli.Success, code);
        Assert.Contains(data, output);
        Assert.Contains("256 train / 200 test images", output);
    }
}
