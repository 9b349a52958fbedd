using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Toolchains.InProcess.Emit;
using SourceAD.Tensors;
using SourceAD.Tensors.Backends.Cpu;
using SourceAD.TorchSharp.Tests.Tensors;
using TinyGpt;
using TorchSharp;
using Tensor = SourceAD.Tensors.Tensor;

namespace SourceAD.Benchmarks.Tensors;

/// <summary>
/// One GPT training step's forward + backward (float32, the optimizer excluded) at issue 15's size: 4 layers, 4 heads,
/// width 128, context 64, batch 16, the TinyGpt sample's 62-character vocabulary. SourceAD's generated LossGradient of
/// the sample's model (samples/TinyGpt/Gpt.cs) on the managed CPU backend vs TorchSharp autograd of the same network
/// (libtorch CPU, tests/SourceAD.TorchSharp.Tests/Tensors/TorchGpt.cs, attention spelled out as in the gradient test)
/// on the same weights and batch. Ratio = SourceAD / TorchSharp. In-process, because TorchSharp's Debian fix patches
/// this project's output folder only.
/// </summary>
[Config(typeof(InProcessStepConfig))]
[MemoryDiagnoser]
public class GptStepBenchmarks
{
    /// <summary>The network: 4 blocks of 4 heads, width 128, context 64; the sample's vocabulary of 62.</summary>
    public static readonly GptConfig Size = new(Layers: 4, Heads: 4, Width: 128, VocabSize: 62, BlockSize: 64);

    /// <summary>Sequences per batch.</summary>
    public const int Batch = 16;

    /// <summary>Threads on both sides (libtorch's intra-op pool, the CPU backend's kernels); 0 is each side's default.</summary>
    [Params(1, 0)]
    public int Threads;

    private Gpt _model = null!;
    private Gpt.Gradients _grads = null!;
    private Tensor[] _parameters = null!;
    private int[] _tokens = null!, _targets = null!;
    private torch.Tensor[] _tp = null!;
    private int _torchDefaultThreads;

    /// <summary>The SourceAD model (for the profile run, which times its ops at the step's shapes).</summary>
    public Gpt Model => _model;

    /// <summary>The batch's token ids, B·T row-major.</summary>
    public int[] Tokens => _tokens;

    [GlobalSetup]
    public void Setup()
    {
        _torchDefaultThreads = torch.get_num_threads();
        _parameters = Size.CreateParameters(42);
        _model = new Gpt(Size, _parameters);
        _grads = new Gpt.Gradients();
        var rng = new SeededRandom(43);
        _tokens = Enumerable.Range(0, Batch * Size.BlockSize).Select(_ => rng.NextInt(Size.VocabSize)).ToArray();
        _targets = Enumerable.Range(0, Batch * Size.BlockSize).Select(_ => rng.NextInt(Size.VocabSize)).ToArray();
        _tp = _parameters.Select(t => torch.tensor(t.ToArray<float>(), t.ShapeArray.Select(d => (long)d).ToArray()).requires_grad_(true)).ToArray();
        CheckSameWork();
    }

    /// <summary>
    /// Both sides' loss and gradients on the same weights and batch, so the timings compare the same work: throws
    /// unless the losses agree within 1e-5 relative; prints the largest gradient difference (max norm, relative to
    /// each parameter's largest torch gradient).
    /// </summary>
    private void CheckSameWork()
    {
        double torchLoss = TorchSharpAutograd(), ours = SourceAD();
        if (Math.Abs(torchLoss - ours) > 1e-5 * Math.Abs(torchLoss))
        {
            throw new InvalidOperationException($"GPT benchmark: SourceAD's loss {ours:R} differs from TorchSharp's {torchLoss:R}.");
        }
        double worst = 0;
        Tensor?[] all = _grads.All;
        for (int i = 0; i < all.Length; i++)
        {
            float[] a = all[i]!.ToArray<float>(), b = _tp[i].grad!.data<float>().ToArray();
            double scale = b.Max(MathF.Abs), diff = a.Zip(b, (x, y) => (double)MathF.Abs(x - y)).Max();
            worst = Math.Max(worst, diff / Math.Max(scale, 1e-30));
        }
        Console.WriteLine($"// GPT step check: loss SourceAD {ours:R}, TorchSharp {torchLoss:R}; largest gradient difference {worst:E2} of the parameter's max |grad|");
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _grads.Dispose();
        foreach (Tensor t in _parameters) t.Dispose();
        foreach (torch.Tensor t in _tp) t.Dispose();
        torch.set_num_threads(_torchDefaultThreads);
    }

    [Benchmark(Baseline = true)]
    public double TorchSharpAutograd()
    {
        torch.set_num_threads(Threads == 0 ? _torchDefaultThreads : Threads);
        using var scope = torch.NewDisposeScope();
        foreach (torch.Tensor t in _tp) t.grad?.zero_();
        torch.Tensor loss = TorchGpt.Loss(Size, _tp, _tokens, _targets, Batch);
        loss.backward();
        return loss.item<float>();
    }

    [Benchmark]
    public double SourceAD()
    {
        using IDisposable? threads = Threads == 0 ? null : CpuBackend.UseThreads(Threads);
        // Recycle rather than Dispose: the step keeps no reference to last step's tensors, so their objects are reused.
        _grads.Recycle();
        Tensor loss = _model.LossGradient(_tokens, _targets, Batch, _grads);
        double value = loss.Item();
        loss.Recycle();
        return value;
    }
}
