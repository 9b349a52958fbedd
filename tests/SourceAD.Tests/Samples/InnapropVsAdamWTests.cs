using InnapropVsAdamW;
using MnistLeNet.Training;
using Spectre.Console;
using Xunit;

namespace SourceAD.Tests.Samples;

/// <summary>
/// Smoke test of samples/InnapropVsAdamW at a tiny size: every optimizer trains both models, the table has a row per
/// optimizer, the CSV files and plots are written, and a run is deterministic for a fixed seed.
/// </summary>
public sealed class InnapropVsAdamWTests : IDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), $"innaprop-vs-adamw-{Guid.NewGuid():N}");

    private ExperimentOptions Tiny => new()
    {
        Models = ["lenet", "mlp"],
        Epochs = 2,
        Seeds = 1,
        Batch = 32,
        LearningRate = 3e-3,
        TrainLimit = 640,
        TestLimit = 100,
        OutputDirectory = _folder,
    };

    [Fact]
    public void TinyComparisonPrintsTheTableLowersTheLossesAndWritesTheFiles()
    {
        var text = new StringWriter();
        IAnsiConsole console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(text), Ansi = AnsiSupport.No, ColorSystem = ColorSystemSupport.NoColors });
        console.Profile.Width = 200;

        ComparisonResult result = InnapropVsAdamW.Comparison.Run(Tiny, console);

        Assert.Equal(2 * OptimizerSpec.All.Length, result.Runs.Count);
        foreach (RunResult r in result.Runs)
        {
            Assert.Equal(40, r.StepLosses.Length); // 640 / 32 × 2 epochs
            double first = r.StepLosses.Take(3).Average(), last = r.StepLosses.TakeLast(3).Average();
            Assert.True(last < first - 0.1, $"{r.Model} / {r.Optimizer.Name}: the loss did not decrease ({first:F4} → {last:F4})");
            Assert.InRange(r.EpochTestAccuracy[^1], 0.2, 1.0);
        }

        string output = text.ToString();
        Assert.Contains("LeNet-5 on MNIST", output);
        Assert.Contains("MLP 784-256-10 on MNIST", output);
        foreach (OptimizerSpec spec in OptimizerSpec.All)
        {
            Assert.Contains(spec.Name, output);
            Assert.Equal(2, result.Rows.Count(r => r.Optimizer == spec.Name));
        }
        SummaryRow adamw = result.Rows.First(r => r.Optimizer == "AdamW");
        Assert.Equal(1.0, adamw.SpeedUp); // AdamW reaches its own best by definition

        foreach (string name in new[] { "summary.csv", "runs.csv", "lenet-loss.png", "lenet-accuracy.png", "mlp-loss.png", "mlp-accuracy.png" })
        {
            Assert.Contains(Path.Combine(_folder, name), result.Files);
        }
        Assert.Equal(1 + 2 * OptimizerSpec.All.Length, File.ReadAllLines(Path.Combine(_folder, "summary.csv")).Length);
        byte[] png = File.ReadAllBytes(Path.Combine(_folder, "lenet-loss.png"));
        Assert.Equal([0x89, (byte)'P', (byte)'N', (byte)'G'], png[..4]);
    }

    [Fact]
    public void ARunIsDeterministicForAFixedSeed()
    {
        MnistData data = MnistData.Load(null, trainLimit: 128, testLimit: 50);
        OptimizerSpec innaprop = OptimizerSpec.All[1];
        RunResult a = Experiment.Train("lenet", innaprop, 7, data.Train, data.Test, Tiny);
        RunResult b = Experiment.Train("lenet", innaprop, 7, data.Train, data.Test, Tiny);
        Assert.Equal(a.StepLosses, b.StepLosses);
        Assert.Equal(a.EpochTestAccuracy, b.EpochTestAccuracy);
        RunResult other = Experiment.Train("lenet", innaprop, 8, data.Train, data.Test, Tiny);
        Assert.NotEqual(a.StepLosses, other.StepLosses);
    }

    [Fact]
    public void StepsToTargetUsesTheFirstSmoothedStepAtOrBelowIt()
    {
        Assert.Equal(3, Summary.FirstReach([3, 2, 1, 0.5], 1));
        Assert.Null(Summary.FirstReach([3, 2], 1));
        Assert.Equal([1, 1.5, 2.5], Summary.Smooth([1, 2, 3], 2));
    }

    public void Dispose()
    {
        if (Directory.Exists(_folder))
        {
            Directory.Delete(_folder, recursive: true);
        }
    }
}
