using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using SourceAD.Tests.Programs;

namespace SourceAD.Benchmarks.Ad;

/// <summary>
/// GradBench's GMM ported line by line (<see cref="GmmFaithful"/>: helpers, in-place <c>out[j] = out[j] + l·x[i]</c>),
/// beside <see cref="GmmBenchmarks"/> (the same objective rewritten to accumulate rows in scalars). Ratio = D/P.
/// Run: <c>dotnet run -c Release --project tests/SourceAD.Benchmarks -- --filter *GmmFaithful* --job short --inProcess</c>
/// (no job attribute here, so the in-process short run needs no second build of this project: on a loaded machine
/// that build takes longer than the measurement).
/// <c>-- gmm-tape D K N</c> prints the bytes one gradient allocates in a fresh process instead (see <see cref="GmmTape"/>).
/// </summary>
[MemoryDiagnoser]
[GroupBenchmarksBy(BenchmarkLogicalGroupRule.ByParams)]
public class GmmFaithfulBenchmarks
{
    private double[] _alpha = null!, _mu = null!, _q = null!, _l = null!, _x = null!;

    /// <summary>GradBench's workloads: (d, k) = (2, 5) small, (64, 100) the largest of the issue; n points.</summary>
    [Params("2x5", "64x100")]
    public string Dk { get; set; } = "2x5";

    [Params(1000)]
    public int N { get; set; }

    private int D => int.Parse(Dk.Split('x')[0]);
    private int K => int.Parse(Dk.Split('x')[1]);

    [GlobalSetup]
    public void Setup() => (_alpha, _mu, _q, _l, _x) = GmmTape.Inputs(D, K, N);

    [Benchmark(Baseline = true)]
    public double Primal() => GmmFaithful.Objective(D, K, N, _alpha, _mu, _q, _l, _x, 1.0, 0);

    [Benchmark]
    public double Gradient() => GmmFaithful.ObjectiveGradient(D, K, N, _alpha, _mu, _q, _l, _x, 1.0, 0).Value;
}

/// <summary>
/// Peak memory of one faithful-GMM gradient: the bytes the first gradient call in a fresh process allocates (tapes grow by
/// doubling into fresh pooled arrays, so this is at most about twice the peak tape, plus the adjoints and results), next to
/// the objective's working set (inputs and locals).
/// </summary>
public static class GmmTape
{
    public static (double[] Alpha, double[] Mu, double[] Q, double[] L, double[] X) Inputs(int d, int k, int n)
    {
        var rng = new Random(d * 1000 + k);
        double[] R(int m, double s) => Enumerable.Range(0, m).Select(_ => (rng.NextDouble() * 2 - 1) * s).ToArray();
        return (R(k, 1), R(k * d, 1), R(k * d, 0.1), R(k * d * (d - 1) / 2, 0.1), R(n * d, 1));
    }

    public static void Run(int d, int k, int n)
    {
        var (alpha, mu, q, l, x) = Inputs(d, k, n);
        long before = GC.GetAllocatedBytesForCurrentThread();
        double value = GmmFaithful.Objective(d, k, n, alpha, mu, q, l, x, 1.0, 0);
        long primal = GC.GetAllocatedBytesForCurrentThread() - before;
        before = GC.GetAllocatedBytesForCurrentThread();
        var g = GmmFaithful.ObjectiveGradient(d, k, n, alpha, mu, q, l, x, 1.0, 0);
        long gradient = GC.GetAllocatedBytesForCurrentThread() - before;
        long inputs = 8L * (alpha.Length + mu.Length + q.Length + l.Length + x.Length);
        Console.WriteLine($"gmm faithful d={d} k={k} n={n}: value {value} (gradient's {g.Value}); inputs {inputs} B, " +
                          $"objective allocates {primal} B (working set {inputs + primal} B); first gradient allocates {gradient} B " +
                          $"= {(double)gradient / (inputs + primal):F2}x the working set");
    }
}
