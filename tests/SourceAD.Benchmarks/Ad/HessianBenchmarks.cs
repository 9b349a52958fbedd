using BenchmarkDotNet.Attributes;
using SourceAD.Tests.Checking;
using SourceAD.Tests.SecondOrder;

namespace SourceAD.Benchmarks.Ad;

// Time(FHessianVectorProduct)/Time(FGradient) is the Ratio column (gradient = baseline): the target is ≤ 3.
// Both return fresh arrays by contract, so both allocate O(n).

[MemoryDiagnoser, ShortRunJob]
public class HessianVectorProductBenchmarks
{
    private double[] _x = null!, _v = null!;

    [Params(1_000, 10_000)]
    public int N { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var rng = new Random(3);
        _x = Enumerable.Range(0, N).Select(_ => rng.NextDouble() * 2 - 1).ToArray();
        _v = Enumerable.Range(0, N).Select(_ => rng.NextDouble() * 2 - 1).ToArray();
    }

    [Benchmark(Baseline = true)]
    public double RosenbrockGradient() => CheckedPrograms.RosenbrockGradient(_x).Value;

    [Benchmark]
    public double RosenbrockHvp() => CheckedPrograms.RosenbrockHessianVectorProduct(_x, _v).Value;

    [Benchmark]
    public double LogSumExpGradient() => SecondOrderPrograms.LogSumExpGradient(_x).Value;

    [Benchmark]
    public double LogSumExpHvp() => SecondOrderPrograms.LogSumExpHessianVectorProduct(_x, _v).Value;
}
