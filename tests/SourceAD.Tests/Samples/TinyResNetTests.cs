using TinyResNet;
using Xunit;

namespace SourceAD.Tests.Samples;

/// <summary>
/// The TinyResNet trainer at a tiny size (width 4, 16×16 images at noise 0.5, batch 16, one thread): the loss falls and held-out
/// accuracy rises within 40 steps, and a run is the same bits on one and two threads. The default run (width 16,
/// 32×32, 300 steps) is in samples/TinyResNet/README.md.
/// </summary>
public sealed class TinyResNetTests
{
    private static readonly TrainOptions Tiny = new(Width: 4, Size: 16, Batch: 16, Steps: 40, LearningRate: 0.05, Seed: 3, Threads: 1, LogEvery: 10, EvalImages: 64, Noise: 0.5);

    [Fact]
    public void ATinyRunLearnsTheStripes()
    {
        var log = new StringWriter();
        TrainResult result = ResNetTrainer.Train(Tiny, log);
        double first = result.StepLosses.Take(10).Average(), last = result.StepLosses.TakeLast(10).Average();
        Assert.True(result.StepLosses.All(double.IsFinite), log.ToString());
        Assert.True(last < 0.7 * first, $"loss {first} → {last}\n{log}");
        Assert.True(result.After.Accuracy > result.Before.Accuracy + 0.25, $"accuracy {result.Before.Accuracy} → {result.After.Accuracy}\n{log}");
        Assert.Contains("held-out after", log.ToString());
    }

    [Fact]
    public void ARunIsTheSameOnOneAndTwoThreads()
    {
        TrainOptions shortRun = Tiny with { Steps = 5 };
        TrainResult one = ResNetTrainer.Train(shortRun, TextWriter.Null);
        TrainResult two = ResNetTrainer.Train(shortRun with { Threads = 2 }, TextWriter.Null);
        Assert.Equal(one.StepLosses, two.StepLosses);
        Assert.Equal(one.After, two.After);
    }

    [Fact]
    public void BadSettingsAreClearErrors()
    {
        var e = Assert.Throws<ArgumentException>(() => ResNetTrainer.Train(Tiny with { Size = 12 }, TextWriter.Null));
        Assert.Contains("multiple of 8", e.Message);
        Assert.Throws<ArgumentException>(() => ResNetTrainer.Train(Tiny with { Batch = 1 }, TextWriter.Null));
    }
}
