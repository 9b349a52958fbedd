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
/// not schedule promptly (a busy machine) only means the caller does more items. Loops started by different threads
/// (two trainers in one process, a test host running tests side by side) run on the pool at the same time: each takes
/// one of <see cref="Slots"/> slots, and a worker helps whichever open loop still has items, never more of them than
/// the loop's thread count allows. A loop inside a work item, or one started while every slot is taken, runs serially
/// on its caller. Bodies are structs copied into a per-thread cached job, so after warm-up a loop allocates nothing.
/// An exception is rethrown as itself: the one of the lowest item index, as a serial loop would have thrown first.
/// </remarks>
internal static class CpuParallel
{
    /// <summary>How many loops can run on the pool at once; more run serially on their callers.</summary>
    internal const int Slots = 8;

    private static readonly object Gate = new();
    private static Worker[] _workers = [];
    private static readonly Job?[] Running = new Job?[Slots];

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
        int slot = helpers <= 0 || _inLoop ? -1 : ClaimSlot();
        if (slot < 0)
        {
            TBody local = body;
            for (int i = 0; i < count; i++)
            {
                local.Invoke(i);
            }
            return;
        }
        Job<TBody> job = Job<TBody>.ForThisThread();
        try
        {
            Worker[] workers = EnsureWorkers(helpers);
            job.Body = body;
            job.Start(count, helpers);
            Volatile.Write(ref Running[slot], job);
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
                job.Body = default;
            }
            job.ThrowIfFailed();
        }
        finally
        {
            Volatile.Write(ref Running[slot], null);
        }
    }

    // A free slot marked taken (by a placeholder until the job is published), or −1 when all are taken.
    private static int ClaimSlot()
    {
        for (int i = 0; i < Slots; i++)
        {
            if (Volatile.Read(ref Running[i]) is null && Interlocked.CompareExchange(ref Running[i], Claimed.Instance, null) is null)
            {
                return i;
            }
        }
        return -1;
    }

    /// <summary>Holds a slot between claiming it and publishing the job; never joinable.</summary>
    private sealed class Claimed : Job
    {
        public static readonly Claimed Instance = new();

        protected override void Run(int item)
        {
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
        private int _maxParticipants;
        // Participants inside Work (the caller counts as one); 0 = closed: a late helper must not join.
        private int _active;
        private int _errorIndex;
        private Exception? _error;

        public void Start(int count, int helpers)
        {
            _count = count;
            _next = 0;
            _maxParticipants = helpers + 1;
            _error = null;
            _errorIndex = int.MaxValue;
            Volatile.Write(ref _active, 1);
        }

        /// <summary>Whether items remain to be claimed.</summary>
        public bool HasWork => Volatile.Read(ref _next) < Volatile.Read(ref _count);

        /// <summary>A helper joins unless the caller already closed the loop or it has its thread count of participants.</summary>
        public bool TryJoin()
        {
            int active = Volatile.Read(ref _active);
            while (active > 0 && active < Volatile.Read(ref _maxParticipants))
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
                // Help every open loop that still has items, then sleep until woken again.
                bool helped;
                do
                {
                    helped = false;
                    for (int i = 0; i < Slots; i++)
                    {
                        Job? job = Volatile.Read(ref Running[i]);
                        if (job is null || !job.HasWork || !job.TryJoin())
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
                        helped = true;
                    }
                }
                while (helped);
            }
        }
    }
}
