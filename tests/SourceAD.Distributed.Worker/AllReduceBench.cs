using System.Diagnostics;
using System.Globalization;

namespace SourceAD.Distributed.Worker;

/// <summary>
/// The .NET side of src/SourceAD.Distributed/bench/run-allreduce-bench.sh: the same loop as allreduce_baseline.c
/// (warm-up, then timed calls between barriers, the slowest rank's time per call, the median and the fastest), for the library's
/// all-reduce through <see cref="Communicator.AllReduceSum{T}"/> and for the deterministic reduction of
/// <see cref="GradientAllReduce{T}"/> (1 MiB buckets).
/// </summary>
public static class AllReduceBench
{
    /// <summary>Prints one table per method on rank 0.</summary>
    public static void Run(Communicator comm, int iterations)
    {
        const int maxFloats = 4 << 20;
        var buffer = new float[maxFloats];
        for (int i = 0; i < buffer.Length; i++)
        {
            buffer[i] = i % 7 * 1e-3f;
        }
        Print(comm, "SourceAD Communicator.AllReduceSum (MPI_Allreduce via P/Invoke)", iterations, maxFloats, n =>
            () => comm.AllReduceSum(buffer.AsSpan(0, n)));
        Print(comm, "SourceAD GradientAllReduce, deterministic reduce-scatter + all-gather, messages up to 1 MiB", iterations, maxFloats, n =>
        {
            var reducer = new GradientAllReduce<float>(comm, [n], 1);
            reducer.SetShard(0, buffer.AsSpan(0, n), 1);
            return () => reducer.Reduce();
        });
    }

    private static void Print(Communicator comm, string title, int iterations, int maxFloats, Func<int, Action> prepare)
    {
        if (comm.Rank == 0)
        {
            Console.WriteLine($"# {title}, {comm.Size} ranks, {iterations} calls per size");
            Console.WriteLine("# bytes\tmedian_us\tmin_us\talgbw_GBps(median)\talgbw_GBps(min)");
        }
        var times = new double[iterations];
        for (int n = 1024; n <= maxFloats; n *= 4)
        {
            Action call = prepare(n);
            for (int w = 0; w < 5; w++)
            {
                call();
            }
            for (int k = 0; k < iterations; k++)
            {
                comm.Barrier();
                long t0 = Stopwatch.GetTimestamp();
                call();
                times[k] = Stopwatch.GetElapsedTime(t0).TotalSeconds;
            }
            SlowestRank(comm, times);
            Array.Sort(times);
            double median = times[iterations / 2];
            if (comm.Rank == 0)
            {
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{n * 4}\t{median * 1e6:F1}\t{times[0] * 1e6:F1}\t{n * 4 / median / 1e9:F3}\t{n * 4 / times[0] / 1e9:F3}"));
            }
        }
    }

    /// <summary>On rank 0, each call's time becomes the slowest rank's (as MPI_MAX does in the C loop).</summary>
    private static void SlowestRank(Communicator comm, double[] times)
    {
        if (comm.Rank != 0)
        {
            comm.Send<double>(times, 0, 9);
            return;
        }
        var other = new double[times.Length];
        for (int r = 1; r < comm.Size; r++)
        {
            comm.Receive<double>(other, r, 9);
            for (int i = 0; i < times.Length; i++)
            {
                times[i] = Math.Max(times[i], other[i]);
            }
        }
    }
}
