namespace SourceAD.Benchmarks.Tensors;

/// <summary>
/// <c>dotnet SourceAD.Benchmarks.dll paired-resnet [steps] [threads]</c>: the ResNet-18 step of
/// <see cref="ResNetStepBenchmarks"/> (width 16, batch 32, 32×32) with TorchSharp autograd and with SourceAD on the CPU
/// backend, alternated step by step (<see cref="PairedSteps"/>).
/// </summary>
public static class PairedResNetRun
{
    public static void Run(int steps, int threads)
    {
        var bench = new ResNetStepBenchmarks { Width = 16, Threads = threads };
        bench.Setup();
        PairedSteps.Run($"ResNet-18 step, width 16, batch 32, 32x32, float32, {threads} thread(s)", () => bench.TorchSharpAutograd(), () => bench.SourceAD(), steps, threads);
        bench.Cleanup();
    }
}
