using System.Diagnostics;

namespace SourceAD.Benchmarks.Tensors;

/// <summary>
/// <c>dotnet SourceAD.Benchmarks.dll paired-gpt [steps] [threads]</c>: the GPT step of <see cref="GptStepBenchmarks"/>
/// (4 layers, 4 heads, width 128, context 64, batch 16, float32; threads 0 = each side's default) with TorchSharp
/// autograd and with SourceAD on the CPU backend, alternated step by step, and the median of each with their ratio, in
/// wall time and (on Linux, one thread) in the calling thread's CPU time, which a loaded machine's waits for a core do
/// not inflate. Also the bytes the SourceAD step allocated (calling thread plus the backend's pool threads) after warm-up.
/// </summary>
public static class PairedGptRun
{
    public static void Run(int steps, int threads)
    {
        var bench = new GptStepBenchmarks { Threads = threads };
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
            double c0 = StepClock.ThreadCpuMs();
            long t0 = Stopwatch.GetTimestamp();
            bench.TorchSharpAutograd();
            double c1 = StepClock.ThreadCpuMs();
            long t1 = Stopwatch.GetTimestamp();
            long a0 = StepClock.AllocatedBytes();
            bench.SourceAD();
            allocated += StepClock.AllocatedBytes() - a0;
            double c2 = StepClock.ThreadCpuMs();
            long t2 = Stopwatch.GetTimestamp();
            torchWall[i] = Stopwatch.GetElapsedTime(t0, t1).TotalMilliseconds;
            oursWall[i] = Stopwatch.GetElapsedTime(t1, t2).TotalMilliseconds;
            torchCpu[i] = c1 - c0;
            oursCpu[i] = c2 - c1;
        }
        bench.Cleanup();
        double tw = StepClock.Median(torchWall), ow = StepClock.Median(oursWall), tc = StepClock.Median(torchCpu), oc = StepClock.Median(oursCpu);
        var size = GptStepBenchmarks.Size;
        string threadText = threads == 0 ? "default threads" : $"{threads} thread(s)";
        Console.WriteLine($"GPT step, {size.Layers} layers, {size.Heads} heads, width {size.Width}, T {size.BlockSize}, batch {GptStepBenchmarks.Batch}, vocabulary {size.VocabSize}, float32, {threadText}, {steps} alternated steps:");
        Console.WriteLine($"  wall:       TorchSharp median {tw:F1} ms, SourceAD CPU median {ow:F1} ms, ratio {ow / tw:F3}");
        if (OperatingSystem.IsLinux() && threads == 1)
        {
            Console.WriteLine($"  thread CPU: TorchSharp median {tc:F1} ms, SourceAD CPU median {oc:F1} ms, ratio {oc / tc:F3}");
        }
        Console.WriteLine($"  SourceAD allocated {allocated / steps} bytes per step after warm-up");
    }
}
