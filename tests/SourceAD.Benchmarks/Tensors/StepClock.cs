using System.Runtime.InteropServices;

namespace SourceAD.Benchmarks.Tensors;

/// <summary>The clocks and the median of the paired step runs (<see cref="PairedResNetRun"/>, <see cref="PairedGptRun"/>).</summary>
internal static class StepClock
{
    [StructLayout(LayoutKind.Sequential)]
    private struct TimeSpec
    {
        public long Seconds;
        public long Nanoseconds;
    }

    [DllImport("libc", EntryPoint = "clock_gettime")]
    private static extern int ClockGetTime(int clock, out TimeSpec time);

    /// <summary>The calling thread's CPU time (CLOCK_THREAD_CPUTIME_ID) in ms on Linux; 0 elsewhere.</summary>
    public static double ThreadCpuMs()
    {
        if (!OperatingSystem.IsLinux())
        {
            return 0;
        }
        ClockGetTime(3, out TimeSpec t);
        return t.Seconds * 1e3 + t.Nanoseconds * 1e-6;
    }

    /// <summary>The bytes allocated so far by the calling thread and the CPU backend's pool threads.</summary>
    public static long AllocatedBytes() =>
        GC.GetAllocatedBytesForCurrentThread() + SourceAD.Tensors.Backends.Cpu.CpuBackend.PoolThreadAllocatedBytes;

    public static double Median(double[] values)
    {
        double[] sorted = (double[])values.Clone();
        Array.Sort(sorted);
        return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[sorted.Length / 2 - 1] + sorted[sorted.Length / 2]) / 2;
    }
}
