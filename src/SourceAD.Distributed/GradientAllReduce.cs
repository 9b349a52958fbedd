using System.Numerics;
using System.Numerics.Tensors;
using System.Runtime.CompilerServices;
using SourceAD.Tensors;
using Tensor = SourceAD.Tensors.Tensor;

namespace SourceAD.Distributed;

/// <summary>
/// Sums the gradients of a data-parallel step over every shard of every rank, into one flat vector (the parameters in
/// list order, as <see cref="TensorList"/> lays them out) that is bitwise the same on every rank.
/// </summary>
/// <remarks>
/// <para>A step has S shards, each rank holding S/N of them (<see cref="DistributedSampler"/>). A rank passes each of its
/// local shards' gradients with <see cref="SetShard(int, IReadOnlyList{Tensor?}, double)"/> (a model's generated
/// <c>Gradients.All</c>) or <see cref="SetShard(int, ReadOnlySpan{T}, double)"/> (a scalar program's flat gradient), each
/// scaled by its weight (the shard's share of the batch, so the result is the gradient of the batch's mean loss); then
/// <see cref="CheckFinite"/> and <see cref="Reduce"/>. The sum's order is set by <see cref="Mode"/>.</para>
/// <para>The gradients are packed into one flat vector, so small tensors travel together: each message is a chunk of
/// that vector of at most <see cref="BucketBytes"/>, never one message per tensor. A chunk is folded as soon as all
/// its shards have arrived while the others are still in flight. The generated <c>LossGradient</c> hands its
/// gradients over only when the reverse sweep ends, so there is no overlap with the sweep itself on the CPU backend
/// (see README.md).</para>
/// </remarks>
/// <typeparam name="T">float or double: the precision the optimizer steps in.</typeparam>
public sealed class GradientAllReduce<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <summary>The default largest message: 1 MiB.</summary>
    public const int DefaultBucketBytes = 1 << 20;

    private const int PresenceTag = 1;
    private const int DataTag = 2;
    private const int GatherTag = 3;

    private readonly Communicator _comm;
    private readonly T[][] _shards;
    private readonly bool[] _present;
    private readonly T[] _sum;
    private readonly int[] _presence;
    private readonly int[] _tensorOffsets;
    private T[]? _staging;
    private readonly IReadOnlyList<string>? _names;

    /// <summary>
    /// A reducer for gradients of <paramref name="parameters"/> (their total length; bucket boundaries fall between
    /// tensors where they can), with <paramref name="localShards"/> shards on this rank.
    /// </summary>
    /// <param name="comm">The job.</param>
    /// <param name="parameters">The model's parameters, in the order of its gradients.</param>
    /// <param name="localShards">Shards this rank computes per step (S/N).</param>
    /// <param name="names">Names of the parameters, for error messages (optional).</param>
    /// <param name="mode">The summation order.</param>
    /// <param name="bucketBytes">The largest message.</param>
    public GradientAllReduce(Communicator comm, IReadOnlyList<Tensor> parameters, int localShards, IReadOnlyList<string>? names = null,
        ReductionMode mode = ReductionMode.Deterministic, int bucketBytes = DefaultBucketBytes)
        : this(comm, parameters.Select(p => p.Length).ToArray(), localShards, names, mode, bucketBytes)
    {
    }

    /// <summary>A reducer for a flat gradient made of pieces of <paramref name="lengths"/> (one piece: a scalar program's span).</summary>
    /// <param name="comm">The job.</param>
    /// <param name="lengths">The pieces' lengths in order (one per tensor, or one for a flat span).</param>
    /// <param name="localShards">Shards this rank computes per step (S/N).</param>
    /// <param name="names">Names of the pieces, for error messages (optional).</param>
    /// <param name="mode">The summation order.</param>
    /// <param name="bucketBytes">The largest message.</param>
    public unsafe GradientAllReduce(Communicator comm, IReadOnlyList<int> lengths, int localShards, IReadOnlyList<string>? names = null,
        ReductionMode mode = ReductionMode.Deterministic, int bucketBytes = DefaultBucketBytes)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(localShards, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(bucketBytes, sizeof(T));
        _comm = comm;
        _names = names;
        Mode = mode;
        BucketBytes = bucketBytes;
        _tensorOffsets = new int[lengths.Count + 1];
        for (int i = 0; i < lengths.Count; i++)
        {
            _tensorOffsets[i + 1] = checked(_tensorOffsets[i] + lengths[i]);
        }
        Length = _tensorOffsets[^1];
        // Pinned: they are sent and received in place (MPI_Isend/Irecv) while the other messages are folded.
        _shards = Enumerable.Range(0, localShards).Select(_ => GC.AllocateArray<T>(Length, pinned: true)).ToArray();
        _present = new bool[localShards];
        _presence = GC.AllocateArray<int>(comm.Size * localShards, pinned: true);
        _sum = GC.AllocateArray<T>(Length, pinned: true);
    }

    /// <summary>Elements in the flat gradient.</summary>
    public int Length { get; }

    /// <summary>Shards per step on this rank.</summary>
    public int LocalShards => _shards.Length;

    /// <summary>The summation order.</summary>
    public ReductionMode Mode { get; }

    /// <summary>The largest message, in bytes (a chunk larger than this is sent as several).</summary>
    public int BucketBytes { get; }

    /// <summary>
    /// Stores local shard <paramref name="localShard"/>'s gradients (in parameter order; a null tensor counts as zeros)
    /// times <paramref name="weight"/>, converted to <typeparamref name="T"/>. The tensors may be disposed afterwards.
    /// </summary>
    public void SetShard(int localShard, IReadOnlyList<Tensor?> gradients, double weight)
    {
        if (gradients.Count != _tensorOffsets.Length - 1)
        {
            throw new ArgumentException($"Expected {_tensorOffsets.Length - 1} gradients, got {gradients.Count}.", nameof(gradients));
        }
        T[] into = _shards[localShard];
        for (int i = 0; i < gradients.Count; i++)
        {
            Span<T> slice = into.AsSpan(_tensorOffsets[i], _tensorOffsets[i + 1] - _tensorOffsets[i]);
            if (gradients[i] is { } g)
            {
                if (g.Length != slice.Length)
                {
                    throw new ArgumentException($"Gradient {Name(i)} has {g.Length} elements; its parameter has {slice.Length}.", nameof(gradients));
                }
                g.CopyTo(slice);
            }
            else
            {
                slice.Clear();
            }
        }
        Scale(into, weight);
        _present[localShard] = true;
    }

    /// <summary>Stores local shard <paramref name="localShard"/>'s flat gradient times <paramref name="weight"/>.</summary>
    public void SetShard(int localShard, ReadOnlySpan<T> gradient, double weight)
    {
        if (gradient.Length != Length)
        {
            throw new ArgumentException($"Expected a gradient of {Length} elements, got {gradient.Length}.", nameof(gradient));
        }
        gradient.CopyTo(_shards[localShard]);
        Scale(_shards[localShard], weight);
        _present[localShard] = true;
    }

    /// <summary>Marks local shard <paramref name="localShard"/> as empty this step (a last batch smaller than the shard count).</summary>
    public void SkipShard(int localShard) => _present[localShard] = false;

    /// <summary>
    /// Stops the job before the optimizer step when any rank's gradients hold a NaN or an infinity: every rank throws
    /// the same <see cref="CollectiveException"/>, naming the lowest such rank, its shard and the parameter. Collective.
    /// </summary>
    /// <param name="where">Where the job is, for the message (e.g. "step 12").</param>
    /// <param name="firstShard">The global index of this rank's first shard, for the message.</param>
    public void CheckFinite(string where, int firstShard)
    {
        string? error = null;
        for (int s = 0; s < _shards.Length && error is null; s++)
        {
            if (!_present[s])
            {
                continue;
            }
            int bad = IndexOfNonFinite(_shards[s]);
            if (bad >= 0)
            {
                int tensor = Array.FindLastIndex(_tensorOffsets, o => o <= bad);
                error = $"Rank {_comm.Rank} diverged at {where}: the gradient of {Name(tensor)} is {_shards[s][bad]} at element " +
                    $"{bad - _tensorOffsets[tensor]} (shard {firstShard + s}). The optimizer step was not taken on any rank.";
            }
        }
        _comm.Agree(error);
    }

    /// <summary>
    /// The sum of every shard of every rank (weights applied), the same bits on every rank; valid until the next
    /// <see cref="SetShard(int, ReadOnlySpan{T}, double)"/>. Collective.
    /// </summary>
    public ReadOnlySpan<T> Reduce()
    {
        if (_comm.Size == 1 || Mode == ReductionMode.Library)
        {
            bool started = FoldLocal(0, Length, started: false);
            if (!started)
            {
                _sum.AsSpan().Clear();
            }
            if (_comm.Size > 1)
            {
                _comm.AllReduceSum<T>(_sum);
            }
            return _sum;
        }
        return ReduceScatterGather();
    }

    /// <summary>
    /// Reduce-scatter then all-gather, both point to point: rank r owns chunk r of the flat vector, receives chunk r of
    /// every shard of every other rank, folds the S shards in shard order, and sends its folded chunk to every rank.
    /// Each rank sends and receives (N−1)/N of the vector per local shard in each phase: the volume of a ring
    /// all-reduce when every rank holds one shard.
    /// </summary>
    private ReadOnlySpan<T> ReduceScatterGather()
    {
        int size = _comm.Size, rank = _comm.Rank, k = _shards.Length, shards = size * k;
        var transfers = new List<Transfer>();
        // Which shards are present (a shard is empty when a last batch has fewer items than shards): every rank learns
        // every flag, so every chunk owner skips the same shards.
        Span<int> mine = _presence.AsSpan(rank * k, k);
        for (int j = 0; j < k; j++)
        {
            mine[j] = _present[j] ? 1 : 0;
        }
        var presence = new Transfer?[size];
        for (int q = 0; q < size; q++)
        {
            if (q != rank)
            {
                presence[q] = _comm.StartReceive(_presence.AsMemory(q * k, k), q, PresenceTag);
                transfers.Add(_comm.StartSend<int>(_presence.AsMemory(rank * k, k), q, PresenceTag));
            }
        }
        // Reduce-scatter: chunk q of each local shard goes to rank q; chunk r of every other rank's shards comes here.
        (int offset, int count) = ChunkOf(rank);
        var arrivals = new List<Transfer>[size * k];
        for (int q = 0; q < size; q++)
        {
            if (q == rank)
            {
                continue;
            }
            (int qOffset, int qCount) = ChunkOf(q);
            for (int j = 0; j < k; j++)
            {
                foreach ((int o, int c) in Pieces(qOffset, qCount))
                {
                    transfers.Add(_comm.StartSend<T>(_shards[j].AsMemory(o, c), q, DataTag));
                }
                arrivals[q * k + j] = [];
                foreach ((int o, int c) in Pieces(0, count))
                {
                    arrivals[q * k + j].Add(_comm.StartReceive(Staging(q, j, count).Slice(o, c), q, DataTag));
                }
            }
        }
        foreach (Transfer? t in presence)
        {
            t?.Wait();
        }
        Span<T> sum = _sum.AsSpan(offset, count);
        bool started = false;
        for (int s = 0; s < shards; s++)
        {
            int q = s / k, j = s % k;
            if (_presence[s] == 0)
            {
                continue;
            }
            ReadOnlySpan<T> term;
            if (q == rank)
            {
                term = _shards[j].AsSpan(offset, count);
            }
            else
            {
                arrivals[s].ForEach(t => t.Wait());
                term = Staging(q, j, count).Span;
            }
            if (started)
            {
                TensorPrimitives.Add(sum, term, sum);
            }
            else
            {
                term.CopyTo(sum);
                started = true;
            }
        }
        if (!started)
        {
            sum.Clear();
        }
        // All-gather: this rank's folded chunk to every rank, every other chunk from its owner.
        for (int q = 0; q < size; q++)
        {
            if (q == rank)
            {
                continue;
            }
            (int qOffset, int qCount) = ChunkOf(q);
            foreach ((int o, int c) in Pieces(offset, count))
            {
                transfers.Add(_comm.StartSend<T>(_sum.AsMemory(o, c), q, GatherTag));
            }
            foreach ((int o, int c) in Pieces(qOffset, qCount))
            {
                transfers.Add(_comm.StartReceive(_sum.AsMemory(o, c), q, GatherTag));
            }
        }
        foreach (List<Transfer>? list in arrivals)
        {
            list?.ForEach(t => t.Wait());
        }
        transfers.ForEach(t => t.Wait());
        return _sum;
    }

    /// <summary>The part of the flat vector that rank <paramref name="rank"/> sums: N contiguous chunks whose sizes differ by at most one.</summary>
    public (int Offset, int Count) ChunkOf(int rank)
    {
        int start = (int)((long)rank * Length / _comm.Size), end = (int)((long)(rank + 1) * Length / _comm.Size);
        return (start, end - start);
    }

    /// <summary>A chunk as messages of at most <see cref="BucketBytes"/>.</summary>
    private IEnumerable<(int Offset, int Count)> Pieces(int offset, int count)
    {
        int max = Math.Max(1, BucketBytes / Unsafe.SizeOf<T>());
        for (int o = 0; o < count; o += max)
        {
            yield return (offset + o, Math.Min(max, count - o));
        }
    }

    /// <summary>Where chunk r of rank q's local shard j arrives.</summary>
    private Memory<T> Staging(int q, int j, int count)
    {
        int slot = (q < _comm.Rank ? q : q - 1) * _shards.Length + j;
        _staging ??= GC.AllocateArray<T>((_comm.Size - 1) * _shards.Length * count, pinned: true);
        return _staging.AsMemory(slot * count, count);
    }

    /// <summary>Adds the local shards, in order, into the running sum's [offset, offset+count); returns whether it has started.</summary>
    private bool FoldLocal(int offset, int count, bool started)
    {
        Span<T> sum = _sum.AsSpan(offset, count);
        for (int s = 0; s < _shards.Length; s++)
        {
            if (!_present[s])
            {
                continue;
            }
            ReadOnlySpan<T> term = _shards[s].AsSpan(offset, count);
            if (started)
            {
                TensorPrimitives.Add(sum, term, sum);
            }
            else
            {
                term.CopyTo(sum);
                started = true;
            }
        }
        return started;
    }

    private static void Scale(Span<T> values, double weight)
    {
        if (weight != 1)
        {
            TensorPrimitives.Multiply(values, T.CreateChecked(weight), values);
        }
    }

    private static int IndexOfNonFinite(ReadOnlySpan<T> values)
    {
        for (int i = 0; i < values.Length; i++)
        {
            if (!T.IsFinite(values[i]))
            {
                return i;
            }
        }
        return -1;
    }

    private string Name(int tensor) => _names is not null && tensor < _names.Count ? _names[tensor] : $"parameter #{tensor}";
}
