using System.Runtime.InteropServices;
using System.Text;

namespace SourceAD.Distributed;

/// <summary>
/// The ranks of a data-parallel job and the messages between them. <see cref="MpiCommunicator"/> runs over MPI;
/// <see cref="Single"/> is the one-process world, so the same training code (and the same reduction order) runs with
/// and without a launcher.
/// </summary>
/// <remarks>
/// Everything a trainer needs is expressed with these few calls on host memory. A communicator for device memory (NCCL
/// for CUDA tensors) would implement the same members on device pointers; see README.md.
/// </remarks>
public abstract class Communicator : IDisposable
{
    /// <summary>The one-process world: rank 0 of 1. Collectives are no-ops; point-to-point calls have no peer.</summary>
    public static Communicator Single { get; } = new SingleProcessCommunicator();

    /// <summary>This process's rank, 0 ≤ Rank &lt; Size.</summary>
    public abstract int Rank { get; }

    /// <summary>The number of ranks.</summary>
    public abstract int Size { get; }

    /// <summary>One line for logs, e.g. "Open MPI v4.1.4, rank 0 of 2".</summary>
    public abstract string Description { get; }

    /// <summary>Waits until every rank has called it.</summary>
    public abstract void Barrier();

    /// <summary>Copies <paramref name="data"/> from <paramref name="root"/> to every rank (same length on every rank).</summary>
    public abstract void Broadcast<T>(Span<T> data, int root) where T : unmanaged;

    /// <summary>Sends <paramref name="data"/> to <paramref name="destination"/>; returns when the buffer may be reused.</summary>
    public abstract void Send<T>(ReadOnlySpan<T> data, int destination, int tag) where T : unmanaged;

    /// <summary>Receives exactly <paramref name="data"/>'s length from <paramref name="source"/>.</summary>
    public abstract void Receive<T>(Span<T> data, int source, int tag) where T : unmanaged;

    /// <summary>
    /// Starts sending <paramref name="data"/>; it stays pinned, and must not change, until the returned transfer is waited on.
    /// </summary>
    public abstract Transfer StartSend<T>(ReadOnlyMemory<T> data, int destination, int tag) where T : unmanaged;

    /// <summary>Starts receiving into <paramref name="data"/>; its contents are valid once the returned transfer is waited on.</summary>
    public abstract Transfer StartReceive<T>(Memory<T> data, int source, int tag) where T : unmanaged;

    /// <summary>
    /// The library's own all-reduce (sum) of float or double, in place. Its summation order is the library's choice: it
    /// may differ between rank counts and message sizes, so results are bitwise reproducible only for the same rank count
    /// and, beyond 2 ranks, not equal to a one-process sum (see <see cref="ReductionMode"/>).
    /// </summary>
    public abstract void AllReduceSum<T>(Span<T> data) where T : unmanaged;

    /// <summary>The minimum of <paramref name="value"/> over all ranks.</summary>
    public abstract int AllReduceMin(int value);

    /// <summary>
    /// Makes every rank agree on an error. Each rank passes its own finding (null when all is well); if any rank found
    /// one, every rank throws the same <see cref="CollectiveException"/>, carrying the message of the lowest such rank.
    /// A collective call: every rank must make it at the same point.
    /// </summary>
    public void Agree(string? localError)
    {
        int first = AllReduceMin(localError is null ? int.MaxValue : Rank);
        if (first == int.MaxValue)
        {
            return;
        }
        string message = BroadcastString(Rank == first ? localError! : null, first);
        throw new CollectiveException(first, message);
    }

    /// <summary>Broadcasts a string from <paramref name="root"/> (other ranks pass anything, e.g. null).</summary>
    public string BroadcastString(string? value, int root)
    {
        byte[] bytes = BroadcastBytes(Rank == root ? Encoding.UTF8.GetBytes(value ?? "") : null, root);
        return Encoding.UTF8.GetString(bytes);
    }

    /// <summary>Broadcasts a byte array of any length from <paramref name="root"/> (other ranks pass anything, e.g. null).</summary>
    public byte[] BroadcastBytes(byte[]? value, int root)
    {
        Span<long> length = [Rank == root ? value!.Length : 0];
        Broadcast(length, root);
        byte[] result = Rank == root ? value! : new byte[checked((int)length[0])];
        Broadcast(result.AsSpan(), root);
        return result;
    }

    /// <summary>Ends this process's part in the job. The single-process world ignores it.</summary>
    public virtual void Dispose()
    {
        GC.SuppressFinalize(this);
    }

    private sealed class SingleProcessCommunicator : Communicator
    {
        public override int Rank => 0;

        public override int Size => 1;

        public override string Description => "single process";

        public override void Barrier()
        {
        }

        public override void Broadcast<T>(Span<T> data, int root) => CheckRank(root);

        public override void Send<T>(ReadOnlySpan<T> data, int destination, int tag) => throw NoPeer(destination);

        public override void Receive<T>(Span<T> data, int source, int tag) => throw NoPeer(source);

        public override Transfer StartSend<T>(ReadOnlyMemory<T> data, int destination, int tag) => throw NoPeer(destination);

        public override Transfer StartReceive<T>(Memory<T> data, int source, int tag) => throw NoPeer(source);

        public override void AllReduceSum<T>(Span<T> data)
        {
        }

        public override int AllReduceMin(int value) => value;

        public override void Dispose()
        {
            // Shared and stateless: nothing to end.
        }

        private static void CheckRank(int rank) => ArgumentOutOfRangeException.ThrowIfNotEqual(rank, 0);

        private static InvalidOperationException NoPeer(int rank) => new($"The single-process world has no rank {rank} to talk to.");
    }
}

/// <summary>A message in flight (<see cref="Communicator.StartSend{T}"/>, <see cref="Communicator.StartReceive{T}"/>).</summary>
public abstract class Transfer
{
    /// <summary>Blocks until the message is sent (the buffer may be reused) or received (the buffer holds it).</summary>
    public abstract void Wait();
}
