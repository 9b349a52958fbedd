using SourceAD.Tensors;
using Xunit;
using Xunit.Abstractions;
using Tensor = SourceAD.Tensors.Tensor;

namespace SourceAD.Tests.Tensors.Programs;

/// <summary>
/// Counts this thread's allocations over generated RNN steps, so it runs alone (<see cref="SourceAD.Tests.AllocationSensitiveCollection"/>):
/// tests running beside it used to drain the shared tensor pools, and the counted thread then saw fresh arrays it did
/// not cause ("per-step allocation grew from 21648 to 50563 bytes").
/// </summary>
[Collection(SourceAD.Tests.AllocationSensitiveCollection.Name)]
public class TensorMemoryReuseTests(ITestOutputHelper output)
{
    [Fact]
    public void LoopStepsReuseTensorMemory()
    {
        // Every intermediate, tape entry and adjoint goes back to the pool: after warm-up, the bytes a step of an RNN over
        // 8 time steps allocates do not grow with the tensors' size (hidden 128 → 512 is 4× the tensor memory, about
        // 8 MB a step); only bookkeeping objects (tensor headers, shapes, tuples) are new. One leaked [32, 512] tensor
        // per step would add 64 KB.
        long small = BytesPerStep(128), large = BytesPerStep(512);
        output.WriteLine($"bytes allocated per step: hidden 128 → {small}, hidden 512 → {large}");
        Assert.True(large - small < 16 * 1024, $"per-step allocation grew from {small} to {large} bytes with the tensor size: tensor memory is not coming from the pool");
        Assert.True(large < 256 * 1024, $"an RNN step allocated {large} bytes");
    }

    private static long BytesPerStep(int hidden)
    {
        Tensor[] p = Rnn.Init(hidden, 64, 10, seed: 1, DType.Float32);
        var model = new Rnn(p);
        var rng = new SeededRandom(2);
        using Tensor h0 = TensorInit.Uniform([32, hidden], -1, 1, rng);
        Tensor[] xs = Enumerable.Range(0, 8).Select(_ => TensorInit.Uniform([32, 64], -1, 1, rng)).ToArray();
        using Tensor target = TensorInit.Uniform([32, 10], -1, 1, rng);
        using var grads = new Rnn.Gradients();
        try
        {
            using (SourceAD.Tensors.Backends.Cpu.CpuBackend.UseThreads(1)) // all on this thread, which the counter sees
            {
                void Step()
                {
                    model.LossGradient(h0, xs, target, grads, out Tensor dh0, out Tensor[] dxs).Dispose();
                    dh0.Dispose();
                    foreach (Tensor d in dxs) d.Dispose();
                }
                for (int i = 0; i < 3; i++) Step();
                long before = GC.GetAllocatedBytesForCurrentThread();
                const int steps = 5;
                for (int i = 0; i < steps; i++) Step();
                return (GC.GetAllocatedBytesForCurrentThread() - before) / steps;
            }
        }
        finally
        {
            foreach (Tensor t in xs.Concat(p)) t.Dispose();
        }
    }
}
