using SourceAD.Tensors;
using SourceAD.Tensors.Backends.Cpu;
using Xunit.Abstractions;
using Tensor = SourceAD.Tensors.Tensor;

namespace SourceAD.TorchSharp.Tests.Tensors;

/// <summary>
/// After warm-up, a generated training step (LossGradient of LeNet-5 and of the MLP 784-512-512-10, the benchmarked
/// models, batch 32) allocates no managed memory at all: tensor memory, tensor objects, shapes, work items and scratch
/// all come from pools. Allocation counts are deterministic, so the assertion is exact. It counts this thread's and the
/// pool threads' allocations, so it runs alone (<see cref="AllocationSensitiveCollection"/>).
/// </summary>
[Collection(AllocationSensitiveCollection.Name)]
public class ZeroAllocationTests(ITestOutputHelper output)
{
    private const int Batch = 32;

    private static (Tensor X, int[] Labels) Data(ulong seed)
    {
        var rng = new SeededRandom(seed);
        Tensor x = TensorInit.Uniform([Batch, 1, 28, 28], 0, 1, rng);
        return (x, Enumerable.Range(0, Batch).Select(_ => rng.NextInt(10)).ToArray());
    }

    /// <summary>
    /// Bytes allocated per call of <paramref name="step"/> after warm-up, by this thread and by the CPU backend's pool
    /// threads (the whole step; the process-wide counter would also count the test host's own threads). The pools are
    /// shared with tests that run at the same time, which can make a step miss them now and then; such misses only add,
    /// while the step's own allocations would repeat in every window, so the quietest window measures the step.
    /// </summary>
    private long BytesPerStep(Action step)
    {
        for (int i = 0; i < 5; i++)
        {
            step();
        }
        long quietest = long.MaxValue;
        for (int window = 0; window < 5; window++)
        {
            const int steps = 5;
            long before = GC.GetAllocatedBytesForCurrentThread(), poolBefore = CpuBackend.PoolThreadAllocatedBytes;
            for (int i = 0; i < steps; i++)
            {
                step();
            }
            long caller = GC.GetAllocatedBytesForCurrentThread() - before, pool = CpuBackend.PoolThreadAllocatedBytes - poolBefore;
            output.WriteLine($"window {window}: {caller} bytes allocated by the calling thread, {pool} by pool threads in {steps} steps");
            quietest = Math.Min(quietest, caller + pool);
        }
        return quietest;
    }

    [Theory]
    [InlineData(1)] // everything runs on this thread, so its counter sees every allocation of the step
    [InlineData(2)] // work items also run on a pool thread
    public void GeneratedLeNet5StepAllocatesNothingAfterWarmUp(int threads)
    {
        using var reference = new LeNet5(seed: 4);
        var model = new GeneratedLeNet5(reference.Parameters);
        (Tensor x, int[] labels) = Data(seed: 6);
        using (x)
        using (var grads = new GeneratedLeNet5.Gradients())
        using (CpuBackend.UseThreads(threads))
        {
            long perStep = BytesPerStep(() =>
            {
                grads.Recycle();
                Tensor loss = model.LossGradient(x, labels, grads);
                _ = loss.Item();
                loss.Recycle();
            });
            Assert.Equal(0, perStep);
        }
    }

    /// <summary>
    /// Dispose never hands a tensor object out again (only Recycle does), so disposing twice, as <c>using</c> plus an
    /// explicit Dispose do, cannot release a tensor created in between: IDisposable's idempotence holds.
    /// </summary>
    [Fact]
    public void DisposingTwiceNeverReleasesALaterTensor()
    {
        Tensor first = Tensor.Zeros([3, 4]);
        first.Dispose();
        using Tensor later = Tensor.Full([3, 4], 2);
        first.Dispose();
        Assert.False(ReferenceEquals(first, later));
        Assert.Equal(24, later.ToDoubleArray().Sum());
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public void GeneratedMlpStepAllocatesNothingAfterWarmUp(int threads)
    {
        var model = new GeneratedMlp(seed: 43);
        (Tensor x, int[] labels) = Data(seed: 7);
        using (x)
        using (var grads = new GeneratedMlp.Gradients())
        using (CpuBackend.UseThreads(threads))
        {
            long perStep = BytesPerStep(() =>
            {
                grads.Recycle();
                Tensor loss = model.LossGradient(x, labels, grads);
                _ = loss.Item();
                loss.Recycle();
            });
            Assert.Equal(0, perStep);
        }
    }
}
