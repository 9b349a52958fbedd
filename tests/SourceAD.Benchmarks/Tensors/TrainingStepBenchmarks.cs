using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Toolchains.InProcess.Emit;
using SourceAD.Tensors;
using SourceAD.TorchSharp.Tests.Tensors;
using TorchSharp;
using F = TorchSharp.torch.nn.functional;
using Tensor = SourceAD.Tensors.Tensor;

namespace SourceAD.Benchmarks.Tensors;

/// <summary>
/// One training step's forward + backward (float32, batch 128): SourceAD's generated LossGradient on the managed CPU
/// backend vs TorchSharp autograd (libtorch CPU), for LeNet-5 and the MLP 784-512-512-10. Ratio = SourceAD / TorchSharp.
/// In-process, because TorchSharp's Debian fix patches this project's output folder only.
/// </summary>
[Config(typeof(Config))]
[MemoryDiagnoser]
public class TrainingStepBenchmarks
{
    private const int Batch = 128;
    private GeneratedLeNet5 _lenet = null!;
    private GeneratedMlp _mlp = null!;
    private Tensor _x = null!;
    private int[] _labels = null!;
    private GeneratedLeNet5.Gradients _lenetGrads = null!;
    private GeneratedMlp.Gradients _mlpGrads = null!;
    private torch.Tensor[] _torchLeNet = null!, _torchMlp = null!;
    private torch.Tensor _tx = null!, _tl = null!;

    [GlobalSetup]
    public void Setup()
    {
        var rng = new SeededRandom(42);
        List<Tensor> p = GeneratedLeNet5.InitialParameters(rng);
        _lenet = new GeneratedLeNet5(p);
        _mlp = new GeneratedMlp(seed: 43);
        _x = TensorInit.Uniform([Batch, 1, 28, 28], 0, 1, rng);
        _labels = Enumerable.Range(0, Batch).Select(_ => rng.NextInt(10)).ToArray();
        _lenetGrads = new GeneratedLeNet5.Gradients();
        _mlpGrads = new GeneratedMlp.Gradients();

        _torchLeNet = _lenet.Parameters.Select(ToTorch).ToArray();
        _torchMlp = _mlp.Parameters.Select(ToTorch).ToArray();
        _tx = torch.tensor(_x.ToArray<float>(), new long[] { Batch, 1, 28, 28 });
        _tl = torch.tensor(_labels.Select(l => (long)l).ToArray());
    }

    private static torch.Tensor ToTorch(Tensor t) =>
        torch.tensor(t.ToArray<float>(), t.ShapeArray.Select(d => (long)d).ToArray()).requires_grad_(true);

    [Benchmark(Baseline = true), BenchmarkCategory("LeNet5")]
    public double LeNet5TorchSharpAutograd()
    {
        using var scope = torch.NewDisposeScope();
        foreach (var t in _torchLeNet) t.grad?.zero_();
        var p = _torchLeNet;
        var h = F.max_pool2d(F.relu(F.conv2d(_tx, p[0], p[1], padding: [2, 2])), [2, 2]);
        h = F.max_pool2d(F.relu(F.conv2d(h, p[2], p[3])), [2, 2]).flatten(1);
        h = F.relu(F.linear(h, p[4], p[5]));
        h = F.relu(F.linear(h, p[6], p[7]));
        var loss = F.cross_entropy(F.linear(h, p[8], p[9]), _tl);
        loss.backward();
        return loss.item<float>();
    }

    [Benchmark, BenchmarkCategory("LeNet5")]
    public double LeNet5SourceAD()
    {
        // Recycle rather than Dispose: the step keeps no reference to last step's tensors, so their objects are reused.
        _lenetGrads.Recycle();
        Tensor loss = _lenet.LossGradient(_x, _labels, _lenetGrads);
        double value = loss.Item();
        loss.Recycle();
        return value;
    }

    [Benchmark(Baseline = true), BenchmarkCategory("Mlp")]
    public double MlpTorchSharpAutograd()
    {
        using var scope = torch.NewDisposeScope();
        foreach (var t in _torchMlp) t.grad?.zero_();
        var p = _torchMlp;
        var h = F.relu(F.linear(_tx.flatten(1), p[0], p[1]));
        h = F.relu(F.linear(h, p[2], p[3]));
        var loss = F.cross_entropy(F.linear(h, p[4], p[5]), _tl);
        loss.backward();
        return loss.item<float>();
    }

    [Benchmark, BenchmarkCategory("Mlp")]
    public double MlpSourceAD()
    {
        // Recycle rather than Dispose: the step keeps no reference to last step's tensors, so their objects are reused.
        _mlpGrads.Recycle();
        Tensor loss = _mlp.LossGradient(_x, _labels, _mlpGrads);
        double value = loss.Item();
        loss.Recycle();
        return value;
    }

    private sealed class Config : ManualConfig
    {
        public Config()
        {
            AddJob(Job.Default.WithToolchain(InProcessEmitToolchain.Instance).WithWarmupCount(3).WithIterationCount(10).WithId("InProcess"));
            AddColumn(StatisticColumn.Median);
            AddLogicalGroupRules(BenchmarkLogicalGroupRule.ByCategory);
        }
    }
}
