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
/// The LeNet-5 training step (forward + backward through the generated LossGradient, float32, batch 128, the PyTorch
/// nonsmooth preset) on each SourceAD backend, against plain TorchSharp autograd for the same network (the baseline of
/// every row, so Ratio = SourceAD on that device / libtorch autograd). On "torch:cpu" both run the same libtorch
/// kernels, so the ratio is the overhead of SourceAD's TorchSharp backend (target ≤ 1.05).
/// </summary>
[Config(typeof(Config))]
[MemoryDiagnoser]
public class LeNet5BackendBenchmarks
{
    private const int Batch = 128;

    private GeneratedLeNet5 _model = null!;
    private List<Tensor> _parameters = null!;
    private Tensor _x = null!;
    private int[] _labels = null!;
    private GeneratedLeNet5.Gradients _grads = null!;
    private torch.Tensor[] _torchParameters = null!;
    private torch.Tensor _tx = null!, _tl = null!;

    /// <summary>The device SourceAD's step runs on.</summary>
    [ParamsSource(nameof(Devices))]
    public string DeviceName { get; set; } = "cpu";

    /// <summary>
    /// The SourceAD devices compared: the managed CPU backend, libtorch CPU through SourceAD's TorchSharp backend, and
    /// ILGPU's CPU accelerator (ILGPU's CUDA path needs a GPU; on the CPU its kernels run as emulated GPU threads).
    /// </summary>
    public static IEnumerable<string> Devices => ["cpu", "torch:cpu", "ilgpu:cpu"];

    private static Device Resolve(string name) => name switch
    {
        "cpu" => Device.Cpu,
        "torch:cpu" => Device.Torch(),
        "ilgpu:cpu" => Device.Ilgpu(SourceAD.Ilgpu.IlgpuAccelerator.Cpu),
        _ => throw new ArgumentOutOfRangeException(nameof(name), name, "Unknown benchmark device."),
    };

    [GlobalSetup]
    public void Setup()
    {
        // SOURCEAD_TORCH_THREADS=n pins libtorch's intra-op threads (both libtorch rows share them): on a shared machine
        // a single thread avoids the stalls of a parallel region whose other thread was descheduled.
        if (int.TryParse(Environment.GetEnvironmentVariable("SOURCEAD_TORCH_THREADS"), out int threads) && threads > 0)
        {
            torch.set_num_threads(threads);
        }
        Device device = Resolve(DeviceName);
        var rng = new SeededRandom(42);
        List<Tensor> host = GeneratedLeNet5.InitialParameters(rng);
        using Tensor x = TensorInit.Uniform([Batch, 1, 28, 28], 0, 1, rng);
        _labels = Enumerable.Range(0, Batch).Select(_ => rng.NextInt(10)).ToArray();
        _parameters = host.Select(p => p.To(device)).ToList();
        _model = new GeneratedLeNet5(_parameters);
        _x = x.To(device);
        _grads = new GeneratedLeNet5.Gradients();

        _torchParameters = host.Select(p => torch.tensor(p.ToArray<float>(), p.ShapeArray.Select(d => (long)d).ToArray()).requires_grad_(true)).ToArray();
        _tx = torch.tensor(x.ToArray<float>(), new long[] { Batch, 1, 28, 28 });
        _tl = torch.tensor(_labels.Select(l => (long)l).ToArray());
        foreach (Tensor p in host)
        {
            p.Dispose();
        }
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _grads.Dispose();
        _x.Dispose();
        foreach (Tensor p in _parameters)
        {
            p.Dispose();
        }
        foreach (torch.Tensor p in _torchParameters)
        {
            p.Dispose();
        }
        _tx.Dispose();
        _tl.Dispose();
    }

    /// <summary>libtorch autograd: the same network, loss and gradients, as a PyTorch user writes it.</summary>
    [Benchmark(Baseline = true)]
    public double TorchSharpAutograd()
    {
        using var scope = torch.NewDisposeScope();
        foreach (torch.Tensor t in _torchParameters)
        {
            t.grad?.zero_();
        }
        torch.Tensor[] p = _torchParameters;
        torch.Tensor h = F.max_pool2d(F.relu(F.conv2d(_tx, p[0], p[1], padding: [2, 2])), [2, 2]);
        h = F.max_pool2d(F.relu(F.conv2d(h, p[2], p[3])), [2, 2]).flatten(1);
        h = F.relu(F.linear(h, p[4], p[5]));
        h = F.relu(F.linear(h, p[6], p[7]));
        torch.Tensor loss = F.cross_entropy(F.linear(h, p[8], p[9]), _tl);
        loss.backward();
        return loss.item<float>();
    }

    /// <summary>SourceAD's generated LossGradient with every tensor on <see cref="DeviceName"/>.</summary>
    [Benchmark]
    public double SourceADLossGradient()
    {
        _grads.Dispose();
        using Tensor loss = _model.LossGradient(_x, _labels, _grads);
        return loss.Item();
    }

    /// <summary>A short run in this process (TorchSharp's Debian 12 fix patches only this project's output folder).</summary>
    private sealed class Config : ManualConfig
    {
        public Config()
        {
            AddJob(Job.ShortRun.WithToolchain(InProcessEmitToolchain.Instance).WithId("ShortRun-InProcess"));
            AddColumn(StatisticColumn.Median);
        }
    }
}
