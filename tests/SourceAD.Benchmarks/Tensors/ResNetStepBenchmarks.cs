using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Toolchains.InProcess.Emit;
using SourceAD.Tensors;
using SourceAD.Tensors.Backends.Cpu;
using SourceAD.TorchSharp.Tests.Tensors;
using TinyResNet;
using TorchSharp;
using F = TorchSharp.torch.nn.functional;
using Tensor = SourceAD.Tensors.Tensor;

namespace SourceAD.Benchmarks.Tensors;

/// <summary>
/// One ResNet-18 training step's forward + backward (float32, 32×32 RGB images, batch norm in training mode, the
/// running statistics updated): SourceAD's generated LossGradient of the TinyResNet sample's model on the managed CPU
/// backend vs TorchSharp autograd of the same network (libtorch CPU, tests/SourceAD.TorchSharp.Tests/Tensors/
/// TorchResNet18.cs) on the same weights and batch. Ratio = SourceAD / TorchSharp. In-process, because TorchSharp's
/// Debian fix patches this project's output folder only.
/// </summary>
[Config(typeof(InProcessStepConfig))]
[MemoryDiagnoser]
public class ResNetStepBenchmarks
{
    /// <summary>The base width (stages of W, 2W, 4W, 8W channels; torchvision's resnet18 is 64).</summary>
    [Params(16)]
    public int Width;

    /// <summary>Threads on both sides (libtorch's intra-op pool, the CPU backend's kernels). One thread is the fair
    /// measure on a loaded machine, where libtorch's OpenMP threads wait for cores taken by other processes.</summary>
    [Params(1, 2)]
    public int Threads;

    private const int Batch = 32, Size = 32, Classes = 10;
    private ResNet18 _model = null!;
    private ResNet18.Gradients _grads = null!;
    private Tensor[] _parameters = null!, _means = null!, _vars = null!;
    private Tensor _x = null!;
    private int[] _labels = null!;
    private torch.Tensor[] _tp = null!, _tmeans = null!, _tvars = null!;
    private torch.Tensor _tx = null!, _tl = null!;

    [GlobalSetup]
    public void Setup()
    {
        var config = new ResNetConfig(Width, 3, Classes);
        _parameters = config.CreateParameters(42);
        (_means, _vars) = config.CreateRunningStatistics();
        _model = new ResNet18(config, _parameters, _means, _vars);
        _grads = new ResNet18.Gradients();
        var rng = new SeededRandom(43);
        _x = TensorInit.Uniform([Batch, 3, Size, Size], -1, 1, rng);
        _labels = Enumerable.Range(0, Batch).Select(_ => rng.NextInt(Classes)).ToArray();

        _tp = _parameters.Select(t => ToTorch(t).requires_grad_(true)).ToArray();
        _tmeans = _means.Select(ToTorch).ToArray();
        _tvars = _vars.Select(ToTorch).ToArray();
        _tx = ToTorch(_x);
        _tl = torch.tensor(_labels.Select(l => (long)l).ToArray());
    }

    private static torch.Tensor ToTorch(Tensor t) => torch.tensor(t.ToArray<float>(), t.ShapeArray.Select(d => (long)d).ToArray());

    [GlobalCleanup]
    public void Cleanup()
    {
        _grads.Dispose();
        foreach (Tensor t in _parameters.Concat(_means).Concat(_vars).Append(_x)) t.Dispose();
        foreach (torch.Tensor t in _tp.Concat(_tmeans).Concat(_tvars).Append(_tx).Append(_tl)) t.Dispose();
    }

    [Benchmark(Baseline = true)]
    public double TorchSharpAutograd()
    {
        torch.set_num_threads(Threads);
        using var scope = torch.NewDisposeScope();
        foreach (torch.Tensor t in _tp) t.grad?.zero_();
        torch.Tensor loss = F.cross_entropy(TorchResNet18.Logits(_tp, _tmeans, _tvars, _tx, training: true), _tl);
        loss.backward();
        return loss.item<float>();
    }

    [Benchmark]
    public double SourceAD()
    {
        using IDisposable threads = CpuBackend.UseThreads(Threads);
        // Recycle rather than Dispose: the step keeps no reference to last step's tensors, so their objects are reused.
        _grads.Recycle();
        Tensor loss = _model.LossGradient(_x, _labels, _grads);
        double value = loss.Item();
        loss.Recycle();
        return value;
    }
}
