namespace SourceAD.Benchmarks.Tensors;

/// <summary>
/// <c>dotnet SourceAD.Benchmarks.dll paired-gpt [steps] [threads]</c>: the GPT step of <see cref="GptStepBenchmarks"/>
/// (4 layers, 4 heads, width 128, context 64, batch 16, float32; threads 0 = each side's default) with TorchSharp
/// autograd and with SourceAD on the CPU backend, alternated step by step (<see cref="PairedSteps"/>).
/// </summary>
public static class PairedGptRun
{
    public static void Run(int steps, int threads)
    {
        var bench = new GptStepBenchmarks { Threads = threads };
        bench.Setup();
        var size = GptStepBenchmarks.Size;
        string threadText = threads == 0 ? "default threads" : $"{threads} thread(s)";
        PairedSteps.Run($"GPT step, {size.Layers} layers, {size.Heads} heads, width {size.Width}, T {size.BlockSize}, batch {GptStepBenchmarks.Batch}, vocabulary {size.VocabSize}, float32, {threadText}",
            () => bench.TorchSharpAutograd(), () => bench.SourceAD(), steps, threads);
        bench.Cleanup();
    }
}
