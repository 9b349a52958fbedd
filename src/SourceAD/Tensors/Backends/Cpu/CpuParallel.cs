using System.Runtime.ExceptionServices;

namespace SourceAD.Tensors.Backends.Cpu;

/// <summary>One work item of a parallel loop: a struct holding the loop's state, so a loop allocates nothing.</summary>
internal interface IParallelBody
{
    void Invoke(int item);
}

/// <summary>
/// Runs independent work items on up to a given number of threads. Callers split work by data (rows, planes, tiles)
/// into items whose results do not depend on which thread runs them, never by thread count, so results are bitwise
/// the same for any number of threads.
/// </summary>
/// <remarks>
/// A small pool of persistent worker threads (grown on demand to the largest thread count asked for) helps the calling
/// thread, which always works too: items are claimed one at a time from a shared counter, so a helper that the OS does
/// not schedule promptly (a busy machine) only means the caller does more items. One loop runs on the pool at a time;
/// a loop started while another runs (another caller thread, or a loop inside a work item) runs serially on its
/// caller. Bodies are structs copied into a per-thread cached job, so after warm-up a loop allocates nothing. An
/// exception is rethrown as itself: the one of the lowest item index, as a serial loop would have thrown first.
/// </remarks>
internal static class CpuParallel
{
    private static readonly object Gate = new();
    private static Worker[] _workers = [];
    private static Job? _current;
    private static int _busy;

    private static long _workerAllocatedBytes;

    [ThreadStatic] private static bool _inLoop;

    /// <summary>Bytes allocated by pool threads while running work items, since the process started.</summary>
    public static long WorkerAllocatedBytes => Interlocked.Read(ref _workerAllocatedBytes);

    /// <summary>Runs <paramref name="body"/>.Invoke(i) for every i in [0, <paramref name="count"/>).</summary>
    public static void For<TBody>(int count, int threads, in TBody body) where TBody : struct, IParallelBody
    {
        if (count <= 0)
        {
            return;
        }
        int helpers = Math.Min(threads, count) - 1;
        if (helpers <= 0 || _inLoop || Interlocked.CompareExchange(ref _busy, 1, 0) != 0)
        {
            TBody local = body;
            for (int i = 0; i < count; i++)
            {
                local.Invoke(i);
            }
            return;
        }
        try
        {
            Worker[] workers = EnsureWorkers(helpers);
            Job<TBody> job = Job<TBody>.ForThisThread();
            job.Body = body;
            job.Start(count);
            Volatile.Write(ref _current, job);
            for (int w = 0; w < helpers; w++)
            {
                workers[w].Wake();
            }
            _inLoop = true;
            try
            {
                job.Work();
            }
            finally
            {
                _inLoop = false;
                job.Finish();
                Volatile.Write(ref _current, null);
                job.Body = default;
            }
            job.ThrowIfFailed();
        }
        finally
        {
            Volatile.Write(ref _busy, 0);
        }
    }

    /// <summary>Runs a delegate per item (for code off the hot path; the delegate itself may allocate a closure).</summary>
    public static void For(int count, int threads, Action<int> body) => For(count, threads, new ActionBody(body));

    /// <summary>Runs <paramref name="body"/>(start, length) over fixed-size chunks of [0, <paramref name="length"/>).</summary>
    public static void ForChunks(int length, int chunk, int threads, Action<int, int> body) =>
        For((length + chunk - 1) / chunk, threads, new ChunkActionBody(body, length, chunk));

    private readonly struct ActionBody(Action<int> body) : IParallelBody
    {
        public void Invoke(int item) => body(item);
    }

    private readonly struct ChunkActionBody(Action<int, int> body, int length, int chunk) : IParallelBody
    {
        public void Invoke(int item)
        {
            int start = item * chunk;
            body(start, Math.Min(chunk, length - start));
        }
    }

    private static Worker[] EnsureWorkers(int count)
    {
        Worker[] workers = Volatile.Read(ref _workers);
        if (workers.Length >= count)
        {
            return workers;
        }
        lock (Gate)
        {
            workers = _workers;
            if (workers.Length < count)
            {
                var grown = new Worker[count];
                Array.Copy(workers, grown, workers.Length);
                for (int i = workers.Length; i < count; i++)
                {
                    grown[i] = new Worker(i);
                }
                Volatile.Write(ref _workers, grown);
                workers = grown;
            }
            return workers;
        }
    }

    private abstract class Job
    {
        private int _count;
        private int _next;
        // Participants inside Work (the caller counts as one); 0 = closed: a late helper must not join.
        private int _active;
        private int _errorIndex;
        private Exception? _error;

        public void Start(int count)
        {
            _count = count;
            _next = 0;
            _error = null;
            _errorIndex = int.MaxValue;
            Volatile.Write(ref _active, 1);
        }

        /// <summary>A helper joins unless the caller already closed the loop.</summary>
        public bool TryJoin()
        {
            int active = Volatile.Read(ref _active);
            while (active > 0)
            {
                int seen = Interlocked.CompareExchange(ref _active, active + 1, active);
                if (seen == active)
                {
                    return true;
                }
                active = seen;
            }
            return false;
        }

        public void Leave() => Interlocked.Decrement(ref _active);

        /// <summary>The caller leaves and waits for the helpers that joined.</summary>
        public void Finish()
        {
            if (Interlocked.Decrement(ref _active) == 0)
            {
                return;
            }
            var spin = new SpinWait();
            while (Volatile.Read(ref _active) != 0)
            {
                spin.SpinOnce();
            }
        }

        public void Work()
        {
            while (true)
            {
                int item = Interlocked.Increment(ref _next) - 1;
                if (item >= _count)
                {
                    return;
                }
                try
                {
                    Run(item);
                }
                catch (Exception e)
                {
                    lock (this)
                    {
                        if (item < _errorIndex)
                        {
                            _errorIndex = item;
                            _error = e;
                        }
                    }
                }
            }
        }

        public void ThrowIfFailed()
        {
            Exception? error = _error;
            if (error is not null)
            {
                _error = null;
                ExceptionDispatchInfo.Capture(error).Throw();
            }
        }

        protected abstract void Run(int item);
    }

    private sealed class Job<TBody> : Job where TBody : struct, IParallelBody
    {
        [ThreadStatic] private static Job<TBody>? _cached;

        public TBody Body;

        public static Job<TBody> ForThisThread() => _cached ??= new Job<TBody>();

        protected override void Run(int item) => Body.Invoke(item);
    }

    private sealed class Worker
    {
        private readonly SemaphoreSlim _signal = new(0);

        public Worker(int index)
        {
            var thread = new Thread(Loop) { IsBackground = true, Name = $"SourceAD CPU worker {index}" };
            thread.Start();
        }

        public void Wake()
        {
            if (_signal.CurrentCount == 0)
            {
                _signal.Release();
            }
        }

        private void Loop()
        {
            _inLoop = true; // loops started inside a work item run serially on this thread
            while (true)
            {
                _signal.Wait();
                Job? job = Volatile.Read(ref _current);
                if (job is null || !job.TryJoin())
                {
                    continue;
                }
                long before = GC.GetAllocatedBytesForCurrentThread();
                try
                {
                    job.Work();
                }
                finally
                {
                    Interlocked.Add(ref _workerAllocatedBytes, GC.GetAllocatedBytesForCurrentThread() - before);
                    job.Leave();
                }
            }
        }
    }
}
