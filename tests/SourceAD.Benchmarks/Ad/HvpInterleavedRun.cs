using SourceAD.Tests.Checking;
using SourceAD.Tests.Programs;
using SourceAD.Tests.SecondOrder;

namespace SourceAD.Benchmarks.Ad;

/// <summary>
/// `dotnet SourceAD.Benchmarks.dll hvp-interleaved`: FHessianVectorProduct ÷ FGradient for GMM (as in
/// <see cref="GmmHessianVectorProductBenchmarks"/>), the chained Rosenbrock and log-sum-exp (n = 10⁴, as in
/// <see cref="HessianVectorProductBenchmarks"/>) and the scalar-loop MLP (<see cref="MlpHessianVectorProductBenchmarks"/>), each pair timed alternately in one process by this thread's CPU time
/// (clock_gettime(CLOCK_THREAD_CPUTIME_ID), Linux): on a 2-core machine at load 50 a process runs in short slices, so
/// wall-clock times (BenchmarkDotNet's) charge a call with the waits between its slices, longer calls more often, and
/// the ratio says more about the scheduler than about the code. Prints the medians of 21 rounds of 5 calls and their
/// ratio, and the bytes one call of each allocates on this thread (GC.GetAllocatedBytesForCurrentThread, exact, after
/// warm-up); asserts nothing. Run with DOTNET_TieredCompilation=0 so both sides are optimized code from the first call.
/// </summary>
public static class HvpInterleavedRun
{
    public static void Run()
    {
        var rng = new Random(10 * 1000 + 5);
        double[] R(int n, double s) => Enumerable.Range(0, n).Select(_ => (rng.NextDouble() * 2 - 1) * s).ToArray();
        const int d = 10, k = 5, n = 1000, lsz = d * (d - 1) / 2;
        double[] alpha = R(k, 1), mu = R(k * d, 1), q = R(k * d, 0.1), l = R(k * lsz, 0.1), x = R(n * d, 1);
        double[] va = R(k, 1), vmu = R(k * d, 1), vq = R(k * d, 1), vl = R(k * lsz, 1);
        double[] z = R(10_000, 1), vz = R(10_000, 1);
        Pair("GMM d=10 k=5 n=1000",
            () => Gmm.ObjectiveGradient(alpha, mu, q, l, x, d, k, n, 1.0, 0).Value,
            () => Gmm.ObjectiveHessianVectorProduct(alpha, mu, q, l, x, d, k, n, 1.0, 0, va, vmu, vq, vl).Value);
        Pair("Rosenbrock n=10^4", () => CheckedPrograms.RosenbrockGradient(z).Value, () => CheckedPrograms.RosenbrockHessianVectorProduct(z, vz).Value);
        Pair("log-sum-exp n=10^4", () => SecondOrderPrograms.LogSumExpGradient(z).Value, () => SecondOrderPrograms.LogSumExpHessianVectorProduct(z, vz).Value);
        var mlp = new MlpHvpCase();
        Pair("MLP 64-256-1", mlp.Gradient, mlp.HessianVectorProduct);
    }

    private static void Pair(string name, Func<double> gradient, Func<double> hvp)
    {
        for (int i = 0; i < 50; i++) { gradient(); hvp(); } // past tiering (tier 1 after 30 calls and the backedge counts)
        var g = new List<double>();
        var h = new List<double>();
        for (int round = 0; round < 21; round++)
        {
            g.Add(Time(gradient));
            h.Add(Time(hvp));
        }
        double mg = Median(g), mh = Median(h);
        long ag = Allocated(gradient), ah = Allocated(hvp);
        Console.WriteLine($"{name}: gradient {mg * 1e3:F1} µs, HVP {mh * 1e3:F1} µs, HVP ÷ gradient {mh / mg:F2}; allocated per call: gradient {ag} B, HVP {ah} B");
    }

    private static long Allocated(Func<double> f)
    {
        long before = GC.GetAllocatedBytesForCurrentThread();
        f();
        return GC.GetAllocatedBytesForCurrentThread() - before;
    }

    private static double Time(Func<double> f)
    {
        long start = ThreadCpuNanoseconds();
        for (int i = 0; i < 5; i++) f();
        return (ThreadCpuNanoseconds() - start) / 5e6;
    }

    private struct Timespec
    {
        public long Seconds, Nanoseconds;
    }

    [System.Runtime.InteropServices.DllImport("libc", EntryPoint = "clock_gettime")]
    private static extern int ClockGetTime(int clock, out Timespec time);

    private static long ThreadCpuNanoseconds()
    {
        const int threadCpuTime = 3; // CLOCK_THREAD_CPUTIME_ID
        if (ClockGetTime(threadCpuTime, out Timespec t) != 0) throw new InvalidOperationException("clock_gettime failed");
        return t.Seconds * 1_000_000_000 + t.Nanoseconds;
    }

    private static double Median(List<double> v)
    {
        v.Sort();
        return v[v.Count / 2];
    }
}
