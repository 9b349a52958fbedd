using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using SourceAD.Tests.Programs;

namespace SourceAD.Benchmarks.Ad;

// Time(FGradient)/Time(F) is the Ratio column (primal = baseline). FGradient allocates its result arrays by contract;
// FPullback into reused buffers shows the allocation-free cost.

[MemoryDiagnoser, ShortRunJob]
public class RosenbrockBenchmarks
{
    private const int Points = 1000;
    private double[] _x = null!, _y = null!;

    [GlobalSetup]
    public void Setup()
    {
        var rng = new Random(1);
        _x = Enumerable.Range(0, Points).Select(_ => rng.NextDouble() * 4 - 2).ToArray();
        _y = Enumerable.Range(0, Points).Select(_ => rng.NextDouble() * 4 - 2).ToArray();
    }

    [Benchmark(Baseline = true, OperationsPerInvoke = Points)]
    public double Primal()
    {
        double s = 0;
        for (int i = 0; i < Points; i++) s += P.Rosenbrock(_x[i], _y[i]);
        return s;
    }

    [Benchmark(OperationsPerInvoke = Points)]
    public double Gradient()
    {
        double s = 0;
        for (int i = 0; i < Points; i++)
        {
            var (v, dx, dy) = P.RosenbrockGradient(_x[i], _y[i]);
            s += v + dx + dy;
        }
        return s;
    }
}

[MemoryDiagnoser, ShortRunJob]
public class LogSumExpBenchmarks
{
    private double[] _x = null!, _dx = null!;

    [GlobalSetup]
    public void Setup()
    {
        var rng = new Random(2);
        _x = Enumerable.Range(0, 10_000).Select(_ => rng.NextDouble() * 6 - 3).ToArray();
        _dx = new double[_x.Length];
    }

    [Benchmark(Baseline = true)]
    public double Primal() => P.LogSumExp(_x);

    [Benchmark]
    public double Gradient() => P.LogSumExpGradient(_x).Value;

    [Benchmark]
    public double PullbackIntoBuffer()
    {
        Array.Clear(_dx);
        return P.LogSumExpPullback(_x, 1.0, _dx);
    }
}

[MemoryDiagnoser, ShortRunJob]
public class ScalarMlpBenchmarks
{
    private const int Inputs = 64, Hidden = 256;
    private double[] _w1 = null!, _b1 = null!, _w2 = null!, _input = null!;
    private double[] _dw1 = null!, _db1 = null!, _dw2 = null!;

    [GlobalSetup]
    public void Setup()
    {
        var rng = new Random(3);
        double[] R(int n) => Enumerable.Range(0, n).Select(_ => (rng.NextDouble() * 2 - 1) * 0.2).ToArray();
        (_w1, _b1, _w2, _input) = (R(Hidden * Inputs), R(Hidden), R(Hidden), R(Inputs));
        (_dw1, _db1, _dw2) = (new double[_w1.Length], new double[_b1.Length], new double[_w2.Length]);
    }

    [Benchmark(Baseline = true)]
    public double Primal() => P.Mlp(_w1, _b1, _w2, 0.1, _input, 0.5, Hidden);

    [Benchmark]
    public double Gradient() => P.MlpGradient(_w1, _b1, _w2, 0.1, _input, 0.5, Hidden).Value;

    [Benchmark]
    public double PullbackIntoBuffers()
    {
        Array.Clear(_dw1);
        Array.Clear(_db1);
        Array.Clear(_dw2);
        double db2 = 0, dtarget = 0;
        return P.MlpPullback(_w1, _b1, _w2, 0.1, _input, 0.5, Hidden, 1.0, _dw1, _db1, _dw2, ref db2, ref dtarget);
    }
}

/// <summary>The GMM objective of ADBench/GradBench at n = 1000 (GradBench's Wishart sign).</summary>
[MemoryDiagnoser, ShortRunJob]
[GroupBenchmarksBy(BenchmarkLogicalGroupRule.ByParams)]
public class GmmBenchmarks
{
    private const int N = 1000;
    private double[] _alpha = null!, _mu = null!, _q = null!, _l = null!, _x = null!;

    [Params(2, 10, 64)]
    public int D { get; set; }

    [Params(5, 25)]
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
    }

    [Benchmark(Baseline = true)]
    public double Primal() => Gmm.Objective(_alpha, _mu, _q, _l, _x, D, K, N, 1.0, 0);

    [Benchmark]
    public double Gradient() => Gmm.ObjectiveGradient(_alpha, _mu, _q, _l, _x, D, K, N, 1.0, 0).Value;
}
