using MnistLeNet.Training;
using Xunit;

namespace SourceAD.Tests.Samples;

/// <summary>
/// CI smoke tests of samples/MnistLeNet at a tiny size: it learns, writes its checkpoint, plots and metrics, and a run
/// stopped and resumed ends with exactly the weights of an uninterrupted run.
/// </summary>
public class MnistLeNetTrainingTests
{
    [Fact]
    public void OneEpochLowersTheLossAndWritesCheckpointPlotsAndMetrics()
    {
        using var runs = new TrainerRuns();
        string checkpoint = runs.Checkpoint("smoke");
        (TrainingOutcome outcome, _) = TrainerRuns.Train(["--epochs", "2", "--lr", "0.003", .. TrainerRuns.Tiny(checkpoint)]);

        Assert.True(outcome.Completed);
        TrainingState state = outcome.State;
        Assert.Equal(16, state.Step);
        Assert.Equal(2, state.Epochs.Count);
        double first = state.StepLosses.Take(3).Average(), last = state.StepLosses.TakeLast(3).Average();
        Assert.True(last < first - 0.2, $"the loss did not decrease: first steps {first:F4}, last steps {last:F4}");
        Assert.True(state.Epochs[1].TestLoss < state.Epochs[0].TestLoss, "the test loss did not decrease");
        Assert.True(state.Epochs[1].TestAccuracy > 0.3, $"test accuracy {state.Epochs[1].TestAccuracy:P1} is near chance");

        string folder = Path.GetDirectoryName(checkpoint)!;
        Assert.True(new FileInfo(checkpoint).Length > 61_706 * 4, "the checkpoint is smaller than the parameters");
        foreach (string png in new[] { TrainingReport.LossPlot, TrainingReport.AccuracyPlot })
        {
            byte[] bytes = File.ReadAllBytes(Path.Combine(folder, png));
            Assert.Equal([0x89, (byte)'P', (byte)'N', (byte)'G'], bytes[..4]);
        }
        Assert.Equal(3, File.ReadAllLines(Path.Combine(folder, TrainingReport.Metrics)).Length);
        Assert.Empty(Directory.GetFiles(folder, "*.tmp", SearchOption.AllDirectories));
    }

    /// <summary>
    /// --backend changes only where the tensors live: the same run on ILGPU (its CPU accelerator here) and on libtorch
    /// follows the managed CPU backend step for step. Float32 kernels sum in other orders, so the losses and weights agree
    /// to rounding (1e-5 relative on the loss, 1e-4 absolute on weights of size ~0.1), not bit for bit.
    /// </summary>
    [Theory]
    [InlineData("ilgpu")]
    [InlineData("torch")]
    public void EveryBackendTrainsTheSameRun(string backend)
    {
        using var runs = new TrainerRuns();
        (TrainingOutcome cpu, double[][] cpuWeights) = TrainerRuns.Train(["--max-steps", "4", .. TrainerRuns.Tiny(runs.Checkpoint("cpu"))]);
        (TrainingOutcome other, double[][] otherWeights) =
            TrainerRuns.Train(["--max-steps", "4", "--backend", backend, .. TrainerRuns.Tiny(runs.Checkpoint(backend))]);

        Assert.Equal(4, other.State.Step);
        for (int k = 0; k < 4; k++)
        {
            double expected = cpu.State.StepLosses[k], actual = other.State.StepLosses[k];
            Assert.True(Math.Abs(actual - expected) <= 1e-5 * Math.Abs(expected), $"step {k + 1}: loss {actual} on {backend}, {expected} on cpu");
        }
        for (int p = 0; p < cpuWeights.Length; p++)
        {
            double worst = cpuWeights[p].Zip(otherWeights[p], (a, b) => Math.Abs(a - b)).Max();
            Assert.True(worst <= 1e-4, $"parameter {p} differs by {worst} after 4 steps on {backend}");
        }
    }

    /// <summary>Stops after 5 steps (mid-epoch) or 8 (the end of epoch 1, before its evaluation), then resumes.</summary>
    [Theory]
    [InlineData(5)]
    [InlineData(8)]
    public void ResumingAfterAStopGivesTheWeightsOfAnUninterruptedRun(int stopAfter)
    {
        using var runs = new TrainerRuns();
        (TrainingOutcome whole, double[][] expected) = TrainerRuns.Train(["--epochs", "2", .. TrainerRuns.Tiny(runs.Checkpoint("whole"))]);

        string checkpoint = runs.Checkpoint("pieces");
        (TrainingOutcome stopped, _) = TrainerRuns.Train(["--epochs", "2", "--max-steps", stopAfter.ToString(), .. TrainerRuns.Tiny(checkpoint)]);
        Assert.False(stopped.Completed);
        Assert.Equal(stopAfter, stopped.State.Step);
        // A fresh process would start from the file alone: only --resume and the data options are repeated.
        (TrainingOutcome resumed, double[][] actual) = TrainerRuns.Train(["--resume", .. TrainerRuns.Tiny(checkpoint)]);

        Assert.True(resumed.Completed);
        Assert.Equal(whole.State.Step, resumed.State.Step);
        for (int p = 0; p < expected.Length; p++)
        {
            Assert.Equal(expected[p], actual[p]); // bitwise: same order, same kernels, same optimizer state
        }
        Assert.Equal(whole.State.StepLosses, resumed.State.StepLosses);
        Assert.Equal(whole.State.Epochs.Select(e => e.TestAccuracy), resumed.State.Epochs.Select(e => e.TestAccuracy));
    }

    [Theory]
    [InlineData("16", "innaprop")]
    [InlineData("64", "adamw")]
    [InlineData("32", "sgd")]
    public void EveryPrecisionAndOptimizerTrainsAndResumes(string precision, string optimizer)
    {
        using var runs = new TrainerRuns();
        string[] Args(string checkpoint) => ["--epochs", "1", "--precision", precision, "--optimizer", optimizer, .. TrainerRuns.Tiny(checkpoint)];
        (TrainingOutcome whole, double[][] expected) = TrainerRuns.Train(Args(runs.Checkpoint("whole")));
        Assert.True(whole.Completed);
        Assert.True(whole.State.StepLosses.All(double.IsFinite));

        string checkpoint = runs.Checkpoint("pieces");
        TrainerRuns.Train([.. Args(checkpoint), "--max-steps", "3"]);
        (_, double[][] actual) = TrainerRuns.Train(["--resume", .. TrainerRuns.Tiny(checkpoint)]);
        for (int p = 0; p < expected.Length; p++)
        {
            Assert.Equal(expected[p], actual[p]);
        }
    }

    [Theory]
    [InlineData("minimal", "0")]
    [InlineData("hybrid:0.5", "1")]
    public void NonsmoothVariantsTrain(string maxPool, string relu0)
    {
        using var runs = new TrainerRuns();
        (TrainingOutcome outcome, _) = TrainerRuns.Train(["--epochs", "1", "--maxpool", maxPool, "--relu0", relu0, .. TrainerRuns.Tiny(runs.Checkpoint("v"))]);
        Assert.True(outcome.Completed);
        Assert.Equal(maxPool, outcome.State.Config.MaxPool);
    }
}
