using SourceAD.Optimizers;
using Xunit;

namespace SourceAD.Tests.Optimizers;

/// <summary>Save and load: bitwise resume, atomic writes, and clear failures that change nothing.</summary>
public sealed class StateFileTests : IDisposable
{
    private readonly string folder = Directory.CreateTempSubdirectory("sourcead-optim-").FullName;

    public void Dispose() => Directory.Delete(folder, recursive: true);

    public static TheoryData<string> Optimizers => new() { "innaprop", "adamw", "sgd-nesterov", "rmsprop", "inna" };

    private static UpdateRuleOptimizer<float> Create(string name) => name switch
    {
        "innaprop" => new Innaprop<float>(lr: new CosineWarmupSchedule(0.02, warmupSteps: 5, decaySteps: 30), alpha: 2, beta: 2),
        "adamw" => new AdamW<float>(lr: new CosineAnnealingSchedule(0.01, totalSteps: 25)),
        "sgd-nesterov" => new Sgd<float>(lr: new LinearWarmupSchedule(0.01, warmupSteps: 2, totalSteps: 40), momentum: 0.9, nesterov: true, weightDecay: 0.01),
        "rmsprop" => new RmsProp<float>(lr: 0.001),
        _ => new Inna<float>(lr: 0.01, alpha: 0.5, beta: 0.1),
    };

    private static float[] Gradient(float[] theta, int step) =>
        theta.Select((t, i) => (t * (1 + (i % 3))) + (0.01f * MathF.Cos(step + i))).ToArray();

    [Theory]
    [MemberData(nameof(Optimizers))]
    public void Resume_after_save_equals_the_uninterrupted_run_bitwise(string name)
    {
        // Above the parallel threshold, so the multi-threaded path is exercised too.
        const int Length = 140_003, Total = 20, SaveAt = 8;
        var start = Enumerable.Range(0, Length).Select(i => MathF.Sin(i * 0.37f)).ToArray();

        var uninterrupted = (float[])start.Clone();
        var reference = Create(name);
        for (var k = 0; k < Total; k++)
        {
            reference.Step(uninterrupted, Gradient(uninterrupted, k));
        }

        var resumed = (float[])start.Clone();
        var first = Create(name);
        for (var k = 0; k < SaveAt; k++)
        {
            first.Step(resumed, Gradient(resumed, k));
        }

        var path = Path.Combine(folder, name + ".state");
        first.Save(path, resumed);
        var lost = new float[Length]; // the model is rebuilt from the file alone
        var second = Create(name);
        second.Load(path, lost);
        Assert.Equal(SaveAt, second.StepCount);
        Assert.Equal(SaveAt, second.SchedulePosition);
        for (var k = SaveAt; k < Total; k++)
        {
            second.Step(lost, Gradient(lost, k));
        }

        Assert.True(uninterrupted.AsSpan().SequenceEqual(lost), "the resumed trajectory differs from the uninterrupted one");
    }

    [Fact]
    public void Save_is_atomic_and_leaves_no_temporary_file()
    {
        var optimizer = new Innaprop<double>(lr: 0.01);
        double[] theta = [1, 2];
        optimizer.Step(theta, [1, 1]);
        var path = Path.Combine(folder, "model.state");
        File.WriteAllText(path, "an older file that is replaced whole");
        optimizer.Save(path, theta);

        Assert.Equal([path], Directory.GetFiles(folder));
        double[] loaded = [0, 0];
        new Innaprop<double>(lr: 0.01).Load(path, loaded);
        Assert.Equal(theta, loaded);
    }

    [Fact]
    public void A_state_saved_before_the_first_step_loads_and_initializes_later()
    {
        var path = Path.Combine(folder, "fresh.state");
        new Innaprop<double>(lr: 0.01).Save(path, [1.0, 2.0]);
        var optimizer = new Innaprop<double>(lr: 0.01);
        double[] theta = [0, 0];
        optimizer.Load(path, theta);
        Assert.Equal([1.0, 2.0], theta);
        Assert.Equal(0, optimizer.StepCount);
        optimizer.Step(theta, [0.5, 0.5]);
        Assert.Equal(1, optimizer.StepCount);
    }

    public static TheoryData<string, string> Corruptions => new()
    {
        { "flipped byte", "checksum" },
        { "truncated", "checksum" },
        { "not a state file", "not a SourceAD optimizer state file" },
        { "future version", "format version is 99" },
    };

    [Theory]
    [MemberData(nameof(Corruptions))]
    public void A_corrupt_file_fails_clearly_and_leaves_the_model_untouched(string corruption, string expected)
    {
        var (path, optimizer, theta) = SavedInnaprop();
        var bytes = File.ReadAllBytes(path);
        switch (corruption)
        {
            case "flipped byte":
                bytes[bytes.Length / 2] ^= 0x10;
                break;
            case "truncated":
                bytes = bytes[..^9];
                break;
            case "not a state file":
                bytes = "hello, world: definitely not optimizer state"u8.ToArray();
                break;
            default:
                bytes[8] = 99;
                break;
        }

        File.WriteAllBytes(path, bytes);
        AssertLoadFails(path, optimizer, theta, expected);
    }

    public static TheoryData<string, string> Mismatches => new()
    {
        { "beta", "configuration" },
        { "schedule", "configuration" },
        { "algorithm", "saved by INNAprop, not AdamW" },
        { "element type", "element type is System.Double" },
        { "length", "holds 4 parameters but 5 were given" },
    };

    [Theory]
    [MemberData(nameof(Mismatches))]
    public void A_mismatched_file_fails_clearly_and_leaves_the_model_untouched(string mismatch, string expected)
    {
        var (path, _, _) = SavedInnaprop();
        switch (mismatch)
        {
            case "beta":
                AssertLoadFails(path, new Innaprop<double>(lr: 0.01, beta: 0.8), [9, 9, 9, 9], expected);
                break;
            case "schedule":
                AssertLoadFails(path, new Innaprop<double>(lr: new CosineAnnealingSchedule(0.01, 10)), [9, 9, 9, 9], expected);
                break;
            case "algorithm":
                AssertLoadFails(path, new AdamW<double>(lr: 0.01), [9, 9, 9, 9], expected);
                break;
            case "element type":
                var single = new Innaprop<float>(lr: 0.01);
                float[] theta = [9, 9, 9, 9];
                var error = Assert.Throws<InvalidDataException>(() => single.Load(path, theta));
                Assert.Contains(expected, error.Message);
                Assert.Equal([9f, 9f, 9f, 9f], theta);
                break;
            default:
                AssertLoadFails(path, new Innaprop<double>(lr: 0.01), [9, 9, 9, 9, 9], expected);
                break;
        }
    }

    private (string Path, Innaprop<double> Optimizer, double[] Theta) SavedInnaprop()
    {
        var saved = new Innaprop<double>(lr: 0.01);
        double[] theta = [1, 2, 3, 4];
        saved.Step(theta, [1, 1, 1, 1]);
        var path = Path.Combine(folder, "innaprop.state");
        saved.Save(path, theta);

        // The model that a failed load must leave alone: a different optimizer a few steps in.
        var live = new Innaprop<double>(lr: 0.01);
        double[] liveTheta = [5, 6, 7, 8];
        live.Step(liveTheta, [1, 2, 3, 4]);
        live.Step(liveTheta, [1, 2, 3, 4]);
        return (path, live, liveTheta);
    }

    private static void AssertLoadFails(string path, UpdateRuleOptimizer<double> optimizer, double[] theta, string expected)
    {
        var thetaBefore = (double[])theta.Clone();
        var stepBefore = optimizer.StepCount;
        var psiBefore = (optimizer as Innaprop<double>)?.Psi.ToArray();
        var error = Assert.Throws<InvalidDataException>(() => optimizer.Load(path, theta));
        Assert.Contains(expected, error.Message);
        Assert.Contains(path, error.Message);
        Assert.Equal(thetaBefore, theta);
        Assert.Equal(stepBefore, optimizer.StepCount);
        if (psiBefore is not null)
        {
            Assert.Equal(psiBefore, ((Innaprop<double>)optimizer).Psi.ToArray());
        }
    }
}
