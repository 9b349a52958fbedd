using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Toolchains.InProcess.Emit;
using SourceAD.Optimizers;
using static TorchSharp.torch;

namespace SourceAD.Benchmarks.Optimizers;

/// <summary>
/// One optimizer step over 10M float32 parameters, against a STREAM-like copy of the same size. The copy is the
/// bandwidth ceiling; a fused step that makes one pass over memory should come close to it per byte moved.
/// </summary>
[Config(typeof(BandwidthConfig))]
public class OptimizerStepBenchmarks
{
    /// <summary>10M parameters, as in the issue; 40 MB per float32 array, far beyond any cache.</summary>
    public const int ParameterCount = 10_000_000;

    private float[] theta = [], gradient = [], source = [], destination = [];
    private Innaprop<float> innaprop = null!;
    private AdamW<float> adamw = null!;
    private float[] adamTheta = [];
    private global::TorchSharp.Modules.Parameter torchParameter = null!;
    private global::TorchSharp.Modules.AdamW torchAdamW = null!;

    [GlobalSetup]
    public void Setup()
    {
        var random = new Random(1);
        theta = Enumerable.Range(0, ParameterCount).Select(_ => (float)random.NextDouble()).ToArray();
        gradient = Enumerable.Range(0, ParameterCount).Select(_ => (float)(random.NextDouble() - 0.5)).ToArray();
        adamTheta = (float[])theta.Clone();
        source = (float[])theta.Clone();
        destination = new float[ParameterCount];

        // A first step allocates and initializes the state, so the measured steps are steady-state.
        innaprop = new Innaprop<float>();
        innaprop.Step(theta, gradient);
        adamw = new AdamW<float>();
        adamw.Step(adamTheta, gradient);

        torchParameter = new global::TorchSharp.Modules.Parameter(tensor(theta));
        torchParameter.grad = tensor(gradient);
        torchAdamW = optim.AdamW([torchParameter], lr: 1e-3, weight_decay: 0.01);
        torchAdamW.step();
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        torchAdamW.Dispose();
        torchParameter.Dispose();
    }

    /// <summary>STREAM "copy", single-threaded memmove: 8 bytes per element.</summary>
    [Benchmark(Baseline = true), BytesPerElement(8)]
    public void CopySerial() => source.AsSpan().CopyTo(destination);

    /// <summary>STREAM "copy" over all cores, in the same fixed chunks the generated step uses: 8 bytes per element.</summary>
    [Benchmark, BytesPerElement(8)]
    public void CopyParallel()
    {
        const int Chunk = 1 << 16;
        Parallel.For(0, (ParameterCount + Chunk - 1) / Chunk, c =>
        {
            var start = c * Chunk;
            var count = Math.Min(Chunk, ParameterCount - start);
            source.AsSpan(start, count).CopyTo(destination.AsSpan(start, count));
        });
    }

    /// <summary>One INNAprop step: reads θ, ψ, v, g and writes θ, ψ, v, 28 bytes per parameter.</summary>
    [Benchmark, BytesPerElement(28)]
    public void InnapropStep() => innaprop.Step(theta, gradient);

    /// <summary>One AdamW step: reads θ, m, v, g and writes θ, m, v, 28 bytes per parameter.</summary>
    [Benchmark, BytesPerElement(28)]
    public void AdamWStep() => adamw.Step(adamTheta, gradient);

    /// <summary>TorchSharp's AdamW step (libtorch CPU kernels), counted at the same 28 useful bytes per parameter.</summary>
    [Benchmark, BytesPerElement(28)]
    public void TorchSharpAdamWStep() => torchAdamW.step();

    /// <summary>
    /// A short run in this process: TorchSharp's glue library is patched to load on Debian 12 only in this
    /// project's own output folder (src/SourceAD.TorchSharp/buildTransitive), not in the child projects BenchmarkDotNet generates.
    /// </summary>
    private sealed class BandwidthConfig : ManualConfig
    {
        public BandwidthConfig()
        {
            AddJob(Job.ShortRun.WithToolchain(InProcessEmitToolchain.Instance).WithId("ShortRun-InProcess"));
            AddColumn(new BandwidthColumn(ParameterCount));
            AddColumn(StatisticColumn.Median);
        }
    }
}
