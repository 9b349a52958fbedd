using System.Diagnostics;

namespace SourceAD.Benchmarks.Tensors;

/// <summary>
/// <c>dotnet SourceAD.Benchmarks.dll paired-lenet5 [device] [steps]</c>: the LeNet-5 step of
/// <see cref="LeNet5BackendBenchmarks"/> on one SourceAD device and with TorchSharp autograd, alternated step by step, and
/// the median of each with their ratio. On a shared, noisy machine the alternation exposes both to the same load, which
/// BenchmarkDotNet's separate runs do not.
/// </summary>
public static class PairedLeNet5Run
{
    public static void Run(string device, int steps)
    {
        var bench = new LeNet5BackendBenchmarks { DeviceName = device };
        bench.Setup();
        for (int i = 0; i < 5; i++)
        {
            bench.TorchSharpAutograd();
            bench.SourceADLossGradient();
        }
        var autograd = new double[steps];
        var sourcead = new double[steps];
        for (int i = 0; i < steps; i++)
        {
            long t0 = Stopwatch.GetTimestamp();
            bench.TorchSharpAutograd();
            long t1 = Stopwatch.GetTimestamp();
            bench.SourceADLossGradient();
            long t2 = Stopwatch.GetTimestamp();
            autograd[i] = Stopwatch.GetElapsedTime(t0, t1).TotalMilliseconds;
            sourcead[i] = Stopwatch.GetElapsedTime(t1, t2).TotalMilliseconds;
        }
        bench.Cleanup();
        double a = Median(autograd), s = Median(sourcead);
        Console.WriteLine($"LeNet-5 step, batch 128, float32, {steps} alternated steps: TorchSharp autograd median {a:F2} ms, "
            + $"SourceAD on {device} median {s:F2} ms, ratio {s / a:F3}");
    }

    private static double Median(double[] values)
    {
        double[] sorted = (double[])values.Clone();
        Array.Sort(sorted);
        return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[sorted.Length / 2 - 1] + sorted[sorted.Length / 2]) / 2;
    }
}
