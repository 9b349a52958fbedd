namespace SourceAD.Tensors.Backends.Cpu;

/// <summary>
/// Runs independent work items on up to a given number of threads. Callers split work by data (rows, planes, tiles)
/// into items whose results do not depend on which thread runs them, never by thread count, so results are bitwise
/// the same for any number of threads.
/// </summary>
internal static class CpuParallel
{
    public static void For(int count, int threads, Action<int> body)
    {
        if (threads <= 1 || count <= 1)
        {
            for (int i = 0; i < count; i++)
            {
                body(i);
            }
            return;
        }
        try
        {
            Parallel.For(0, count, new ParallelOptions { MaxDegreeOfParallelism = threads }, body);
        }
        catch (AggregateException e) when (e.InnerExceptions.Count > 0)
        {
            // Callers see the same exception type whatever the thread count (e.g. NonsmoothPointException).
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(e.InnerExceptions[0]).Throw();
            throw;
        }
    }

    /// <summary>Runs <paramref name="body"/>(start, length) over fixed-size chunks of [0, <paramref name="length"/>).</summary>
    public static void ForChunks(int length, int chunk, int threads, Action<int, int> body)
    {
        int chunks = (length + chunk - 1) / chunk;
        For(chunks, threads, c =>
        {
            int start = c * chunk;
            body(start, Math.Min(chunk, length - start));
        });
    }
}
