using System.Diagnostics;

namespace SourceAD.Benchmarks.Tensors;

/// <summary>
/// The paired runs' loop (<see cref="PairedGptRun"/>, <see cref="PairedResNetRun"/>): TorchSharp autograd's step and
/// SourceAD's alternated step by step after three warm-up pairs, so that both see the same load, then each side's median
/// and their ratio in wall time and (on Linux, one thread) in the calling thread's CPU time, which a loaded machine's
/// waits for a core do not inflate; and the bytes the SourceAD step allocated (calling thread plus the backend's pool
/// threads) per step after warm-up.
/// </summary>
internal static class PairedSteps
{
    public static void Run(string title, Action torchStep, Action sourceAdStep, int steps, int threads)
    {
        for (int i = 0; i < 3; i++)
        {
            torchStep();
            sourceAdStep();
        }
        var torchWall = new double[steps];
        var oursWall = new double[steps];
        var torchCpu = new double[steps];
        var oursCpu = new double[steps];
        long allocated = 0;
        for (int i = 0; i < steps; i++)
        {
            double c0 = StepClock.ThreadCpuMs();
            long t0 = Stopwatch.GetTimestamp();
            torchStep();
            double c1 = StepClock.ThreadCpuMs();
            long t1 = Stopwatch.GetTimestamp();
            long a0 = StepClock.AllocatedBytes();
            sourceAdStep();
            allocated += StepClock.AllocatedBytes() - a0;
            double c2 = StepClock.ThreadCpuMs();
            long t2 = Stopwatch.GetTimestamp();
            torchWall[i] = Stopwatch.GetElapsedTime(t0, t1).TotalMilliseconds;
            oursWall[i] = Stopwatch.GetElapsedTime(t1, t2).TotalMilliseconds;
            torchCpu[i] = c1 - c0;
            oursCpu[i] = c2 - c1;
        }
        double tw = StepClock.Median(torchWall), ow = StepClock.Median(oursWall), tc = StepClock.Median(torchCpu), oc = StepClock.Median(oursCpu);
        Console.WriteLine($"{title}, {steps} alternated steps:");
        Console.WriteLine($"  wall:       TorchSharp median {tw:F1} ms, SourceAD CPU median {ow:F1} ms, ratio {ow / tw:F3}");
        if (OperatingSystem.IsLinux() && threads == 1)
        {
            Console.WriteLine($"  thread CPU: TorchSharp median {tc:F1} ms, SourceAD CPU median {oc:F1} ms, ratio {oc / tc:F3}");
        }
        Console.WriteLine($"  SourceAD allocated {allocated / steps} bytes per step after warm-up");
    }
}
