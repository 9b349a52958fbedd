using System.Diagnostics;

namespace SourceAD.Benchmarks.Ad;

/// <summary>
/// GradBench's ode (tests/SourceAD.GradBench/Evals/Ode.cs, RK4 over s steps) copied twice: <see cref="Taped"/> as the
/// port is, and <see cref="Checkpointed"/> with <c>[Checkpoint("i_step")]</c> (⌈√s⌉ snapshots). The port itself is left
/// as GradBench runs it.
/// </summary>
public static partial class OdeCopy
{
    // The copies keep the port's cost warnings quiet here: ode_fun's SRCAD1002 is GradBench's own, and Taped's tape
    // growing with s (SRCAD1010) is what the benchmark measures.
#pragma warning disable SRCAD1002, SRCAD1010
    [Differentiable]
    public static void ode_fun(int n, ReadOnlySpan<double> x, ReadOnlySpan<double> y, Span<double> z)
    {
        z[0] = x[0];
        for (int i = 1; i < n; i++)
        {
            z[i] = x[i] * y[i - 1];
        }
    }

    [Differentiable]
    public static void Taped(int n, ReadOnlySpan<double> xi, int s, Span<double> yf)
    {
        double tf = 2.0;
        double h = tf / s;
        double[] k1 = new double[n], k2 = new double[n], k3 = new double[n], k4 = new double[n], y_tmp = new double[n];
        yf.Slice(0, n).Fill(0.0);
        for (int i_step = 0; i_step < s; i_step++)
        {
            ode_fun(n, xi, yf, k1);
            for (int i = 0; i < n; i++) y_tmp[i] = yf[i] + h * k1[i] / 2.0;
            ode_fun(n, xi, y_tmp, k2);
            for (int i = 0; i < n; i++) y_tmp[i] = yf[i] + h * k2[i] / 2.0;
            ode_fun(n, xi, y_tmp, k3);
            for (int i = 0; i < n; i++) y_tmp[i] = yf[i] + h * k3[i];
            ode_fun(n, xi, y_tmp, k4);
            for (int i = 0; i < n; i++) yf[i] += h * (k1[i] + 2.0 * k2[i] + 2.0 * k3[i] + k4[i]) / 6.0;
        }
    }

#pragma warning restore SRCAD1002, SRCAD1010

    [Differentiable, Checkpoint("i_step")]
    public static void Checkpointed(int n, ReadOnlySpan<double> xi, int s, Span<double> yf)
    {
        double tf = 2.0;
        double h = tf / s;
        double[] k1 = new double[n], k2 = new double[n], k3 = new double[n], k4 = new double[n], y_tmp = new double[n];
        yf.Slice(0, n).Fill(0.0);
        for (int i_step = 0; i_step < s; i_step++)
        {
            ode_fun(n, xi, yf, k1);
            for (int i = 0; i < n; i++) y_tmp[i] = yf[i] + h * k1[i] / 2.0;
            ode_fun(n, xi, y_tmp, k2);
            for (int i = 0; i < n; i++) y_tmp[i] = yf[i] + h * k2[i] / 2.0;
            ode_fun(n, xi, y_tmp, k3);
            for (int i = 0; i < n; i++) y_tmp[i] = yf[i] + h * k3[i];
            ode_fun(n, xi, y_tmp, k4);
            for (int i = 0; i < n; i++) yf[i] += h * (k1[i] + 2.0 * k2[i] + 2.0 * k3[i] + k4[i]) / 6.0;
        }
    }
}

/// <summary>
/// <c>-- ode-checkpoint N S REPS</c>: the ode gradient (GradBench's: the last component of the final state) taped and
/// checkpointed, in one process. Memory: the bytes the first call of each allocates (the checkpointed one first, so it
/// reuses nothing the taped one rented; pooled tapes grow by doubling into fresh arrays, so this is at most about twice
/// the peak). Time: medians of REPS calls, the two variants alternating. Also checks the two gradients agree bit for bit.
/// </summary>
public static class OdeCheckpoint
{
    private delegate void Pullback(int n, ReadOnlySpan<double> x, int s, Span<double> yf, ReadOnlySpan<double> seed, Span<double> dx, Span<double> dyf);

    public static void Run(int n, int s, int reps)
    {
        double[] x = Enumerable.Range(0, n).Select(i => 1.0 + 0.1 * i).ToArray();
        var seed = new double[n];
        seed[n - 1] = 1;
        var yf = new double[n];
        var dyfIn = new double[n];
        Pullback taped = OdeCopy.TapedPullback, checkpointed = OdeCopy.CheckpointedPullback;
        double[] Gradient(Pullback p, out long bytes, out double seconds)
        {
            var dx = new double[n];
            Array.Clear(dyfIn);
            long before = GC.GetAllocatedBytesForCurrentThread();
            var watch = Stopwatch.StartNew();
            p(n, x, s, yf, seed, dx, dyfIn);
            seconds = watch.Elapsed.TotalSeconds;
            bytes = GC.GetAllocatedBytesForCurrentThread() - before;
            return dx;
        }
        double[] gc = Gradient(checkpointed, out long ckBytes, out _);
        double[] gt = Gradient(taped, out long tapedBytes, out _);
        bool same = gc.Zip(gt).All(p => BitConverter.DoubleToInt64Bits(p.First) == BitConverter.DoubleToInt64Bits(p.Second));
        var primalTimes = new List<double>();
        var tapedTimes = new List<double>();
        var ckTimes = new List<double>();
        for (int r = 0; r < reps; r++)
        {
            var watch = Stopwatch.StartNew();
            OdeCopy.Taped(n, x, s, yf);
            primalTimes.Add(watch.Elapsed.TotalSeconds);
            Gradient(taped, out _, out double t1);
            tapedTimes.Add(t1);
            Gradient(checkpointed, out _, out double t2);
            ckTimes.Add(t2);
        }
        static double Median(List<double> v) { var o = v.OrderBy(x => x).ToList(); return o.Count % 2 == 1 ? o[o.Count / 2] : (o[o.Count / 2 - 1] + o[o.Count / 2]) / 2; }
        double working = (2 * n + 5 * n) * 8.0;
        Console.WriteLine($"ode n = {n}, s = {s}, {reps} reps; gradients bit for bit equal: {same}");
        Console.WriteLine($"first-call allocation: taped {tapedBytes / 1e6:F1} MB, checkpointed {ckBytes / 1e6:F3} MB (ratio {(double)tapedBytes / Math.Max(1, ckBytes):F0}); working set {working} B");
        Console.WriteLine($"median time: primal {Median(primalTimes) * 1e3:F1} ms, taped gradient {Median(tapedTimes) * 1e3:F1} ms, checkpointed gradient {Median(ckTimes) * 1e3:F1} ms " +
                          $"(checkpointed/taped {Median(ckTimes) / Median(tapedTimes):F2}, taped/primal {Median(tapedTimes) / Median(primalTimes):F2}, checkpointed/primal {Median(ckTimes) / Median(primalTimes):F2})");
        Console.WriteLine($"schedule: {SourceAD.Runtime.BinomialSchedule.DefaultSlots(s)} slots, primal steps rerun {SourceAD.Runtime.BinomialSchedule.Recomputed(s, SourceAD.Runtime.BinomialSchedule.DefaultSlots(s))} (+{s} in the forward sweep)");
    }
}
