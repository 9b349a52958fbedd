using System.Diagnostics;
using System.Runtime.InteropServices;

namespace SourceAD.Benchmarks.Tensors;

/// <summary>
/// <c>dotnet SourceAD.Benchmarks.dll paired-resnet [steps] [threads]</c>: the ResNet-18 step of
/// <see cref="ResNetStepBenchmarks"/> (width 16, batch 32, 32×32) with TorchSharp autograd and with SourceAD on the CPU
/// backend, alternated step by step, and the median of each with their ratio, in wall time and (on Linux, one thread)
/// in the calling thread's CPU time, which a loaded machine's waits for a core do not inflate. Also the bytes the
/// SourceAD step allocated (calling thread plus the backend's pool threads) after warm-up.
/// </summary>
public static class PairedResNetRun
{
    public static void Run(int steps, int threads)
    {
        var bench = new ResNetStepBenchmarks { Width = 16, Threads = threads };
        bench.Setup();
        for (int i = 0; i < 3; i++)
        {
            bench.TorchSharpAutograd();
            bench.SourceAD();
        }
        var torchWall = new double[steps];
        var oursWall = new double[steps];
        var torchCpu = new double[steps];
        var oursCpu = new double[steps];
        long allocated = 0;
        for (int i = 0; i < steps; i++)
        {
            double c0 = ThreadCpuMs();
            long t0 = Stopwatch.GetTimestamp();
            bench.TorchSharpAutograd();
            double c1 = ThreadCpuMs();
            long t1 = Stopwatch.GetTimestamp();
            long a0 = GC.GetAllocatedBytesForCurrentThread() + SourceAD.Tensors.Backends.Cpu.CpuBackend.PoolThreadAllocatedBytes;
            bench.SourceAD();
            allocated += GC.GetAllocatedBytesForCurrentThread() + SourceAD.Tensors.Backends.Cpu.CpuBackend.PoolThreadAllocatedBytes - a0;
            double c2 = ThreadCpuMs();
            long t2 = Stopwatch.GetTimestamp();
            torchWall[i] = Stopwatch.GetElapsedTime(t0, t1).TotalMilliseconds;
            oursWall[i] = Stopwatch.GetElapsedTime(t1, t2).TotalMilliseconds;
            torchCpu[i] = c1 - c0;
            oursCpu[i] = c2 - c1;
        }
        bench.Cleanup();
        double tw = Median(torchWall), ow = Median(oursWall), tc = Median(torchCpu), oc = Median(oursCpu);
        Console.WriteLine($"ResNet-18 step, width 16, batch 32, 32x32, float32, {threads} thread(s), {steps} alternated steps:");
        Console.WriteLine($"  wall:       TorchSharp median {tw:F1} ms, SourceAD CPU median {ow:F1} ms, ratio {ow / tw:F3}");
        if (OperatingSystem.IsLinux() && threads == 1)
        {
            Console.WriteLine($"  thread CPU: TorchSharp median {tc:F1} ms, SourceAD CPU median {oc:F1} ms, ratio {oc / tc:F3}");
        }
        Console.WriteLine($"  SourceAD allocated {allocated / steps} bytes per step after warm-up");
    }

    [StructLayout(LayoutKind.Sequential)]
    private struct TimeSpec
    {
        public long Seconds;
        public long Nanoseconds;
    }

    [DllImport("libc", EntryPoint = "clock_gettime")]
    private static extern int ClockGetTime(int clock, out TimeSpec time);

    /// <summary>The calling thread's CPU time (CLOCK_THREAD_CPUTIME_ID) in ms on Linux; 0 elsewhere.</summary>
    private static double ThreadCpuMs()
    {
        if (!OperatingSystem.IsLinux())
        {
            return 0;
        }
        ClockGetTime(3, out TimeSpec t);
        return t.Seconds * 1e3 + t.Nanoseconds * 1e-6;
    }

    private static double Median(double[] values)
    {
        double[] sorted = (double[])values.Clone();
        Array.Sort(sorted);
        return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[sorted.Length / 2 - 1] + sorted[sorted.Length / 2]) / 2;
    }
}
