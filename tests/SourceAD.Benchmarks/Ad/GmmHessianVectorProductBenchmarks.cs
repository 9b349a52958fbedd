using BenchmarkDotNet.Attributes;
using SourceAD.Tests.Programs;

namespace SourceAD.Benchmarks.Ad;

/// <summary>
/// Time(ObjectiveHessianVectorProduct)/Time(ObjectiveGradient) of the GMM objective (GradBench's, n = 1000 points) is the
/// Ratio column (gradient = baseline); the target is ≤ ~3. The direction covers every differentiable input.
/// </summary>
[MemoryDiagnoser, ShortRunJob]
public class GmmHessianVectorProductBenchmarks
{
    private const int N = 1000;
    private double[] _alpha = null!, _mu = null!, _q = null!, _l = null!, _x = null!;
    private double[] _va = null!, _vmu = null!, _vq = null!, _vl = null!;

    [Params(10)]
    public int D { get; set; }

    [Params(5)]
    public int K { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var rng = new Random(D * 1000 + K);
        double[] R(int n, double s) => Enumerable.Range(0, n).Select(_ => (rng.NextDouble() * 2 - 1) * s).ToArray();
        _alpha = R(K, 1);
        _mu = R(K * D, 1);
        _q = R(K * D, 0.1);
        _l = R(K * D * (D - 1) / 2, 0.1);
        _x = R(N * D, 1);
        _va = R(K, 1);
        _vmu = R(K * D, 1);
        _vq = R(K * D, 1);
        _vl = R(K * D * (D - 1) / 2, 1);
    }

    [Benchmark(Baseline = true)]
    public double GmmGradient() => Gmm.ObjectiveGradient(_alpha, _mu, _q, _l, _x, D, K, N, 1.0, 0).Value;

    [Benchmark]
    public double GmmHvp() => Gmm.ObjectiveHessianVectorProduct(_alpha, _mu, _q, _l, _x, D, K, N, 1.0, 0, _va, _vmu, _vq, _vl).Value;
}
