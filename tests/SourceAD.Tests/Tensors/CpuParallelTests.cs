using SourceAD.Tensors.Backends.Cpu;
using Xunit;

namespace SourceAD.Tests.Tensors;

/// <summary>Parallel loops started by different threads run on the pool at the same time (two trainers in one process).</summary>
public class CpuParallelTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    /// <summary>
    /// Two loops of two items each, on two threads. Every item waits until both items of its loop and one item of the
    /// other loop have started, so each loop must be open while the other runs, and each needs a pool thread beside its
    /// caller. A loop that fell back to serial would hold its caller in item 0 waiting for item 1, and time out.
    /// </summary>
    [Fact]
    public void LoopsFromTwoThreadsRunOnThePoolAtOnce()
    {
        var started = new[] { new CountdownEvent(2), new CountdownEvent(2) };
        var anyStarted = new[] { new ManualResetEventSlim(), new ManualResetEventSlim() };
        var failures = new bool[2];
        void Loop(int me)
        {
            int other = 1 - me;
            CpuParallel.For(2, 3, item =>
            {
                anyStarted[me].Set();
                started[me].Signal();
                if (!started[me].Wait(Patience) || !anyStarted[other].Wait(Patience))
                {
                    failures[me] = true;
                }
            });
        }
        var first = new Thread(() => Loop(0));
        var second = new Thread(() => Loop(1));
        first.Start();
        second.Start();
        Assert.True(first.Join(2 * Patience) && second.Join(2 * Patience), "a loop did not finish");
        Assert.False(failures[0], "the first loop did not get a pool thread while the second ran");
        Assert.False(failures[1], "the second loop did not get a pool thread while the first ran");
    }
}
