using System.Numerics;
using System.Numerics.Tensors;
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
/// <para>Messages are buckets of at most <see cref="BucketBytes"/>: small tensors share a bucket, a large one is split,
/// and bucket k+1 is added while bucket k is in flight. The generated <c>LossGradient</c> hands its gradients over only
/// when the reverse sweep ends, so there is no overlap with the sweep itself on the CPU backend (see README.md).</para>
/// </remarks>
/// <typeparam name="T">float or double: the precision the optimizer steps in.</typeparam>
public sealed class GradientAllReduce<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <summary>The default bucket size: 1 MiB.</summary>
    public const int DefaultBucketBytes = 1 << 20;

    private const int HeaderTag = 1;
    private const int BucketTag = 2;

    private readonly Communicator _comm;
    private readonly T[][] _shards;
    private readonly bool[] _present;
    private readonly T[] _sum;
    private readonly (int Offset, int Count)[] _buckets;
    private readonly int[] _tensorOffsets;
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
        _shards = Enumerable.Range(0, localShards).Select(_ => new T[Length]).ToArray();
        _present = new bool[localShards];
        // Pinned: buckets of it are in flight (MPI_Isend/Irecv) while the next ones are added.
        _sum = GC.AllocateArray<T>(Length, pinned: true);
        _buckets = Bucketize(lengths, bucketBytes / sizeof(T));
    }

    /// <summary>Elements in the flat gradient.</summary>
    public int Length { get; }

    /// <summary>Shards per step on this rank.</summary>
    public int LocalShards => _shards.Length;

    /// <summary>The summation order.</summary>
    public ReductionMode Mode { get; }

    /// <summary>The largest message, in bytes.</summary>
    public int BucketBytes { get; }

    /// <summary>The messages of one step: offset and length of each bucket in the flat gradient.</summary>
    public IReadOnlyList<(int Offset, int Count)> Buckets => _buckets;

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
        return ReduceAlongChain();
    }

    private ReadOnlySpan<T> ReduceAlongChain()
    {
        int rank = _comm.Rank, last = _comm.Size - 1;
        // The header says whether the running sum has started: shards may be empty at the end of an epoch, and a sum
        // must start as a copy of its first term (0 + x is not x for x = −0).
        Span<int> header = [0];
        if (rank > 0)
        {
            _comm.Receive(header, rank - 1, HeaderTag);
        }
        bool startedIn = header[0] != 0;
        bool startedOut = startedIn || _present.Contains(true);
        var receives = new Transfer?[_buckets.Length];
        if (startedIn)
        {
            for (int k = 0; k < _buckets.Length; k++)
            {
                receives[k] = _comm.StartReceive(_sum.AsMemory(_buckets[k].Offset, _buckets[k].Count), rank - 1, BucketTag);
            }
        }
        var sends = new List<Transfer>(_buckets.Length);
        if (rank < last)
        {
            header[0] = startedOut ? 1 : 0;
            _comm.Send<int>(header, rank + 1, HeaderTag);
        }
        for (int k = 0; k < _buckets.Length; k++)
        {
            (int offset, int count) = _buckets[k];
            receives[k]?.Wait();
            if (!FoldLocal(offset, count, startedIn))
            {
                _sum.AsSpan(offset, count).Clear();
            }
            if (rank < last && startedOut)
            {
                sends.Add(_comm.StartSend<T>(_sum.AsMemory(offset, count), rank + 1, BucketTag));
            }
        }
        foreach (Transfer send in sends)
        {
            send.Wait();
        }
        _comm.Broadcast<T>(_sum, last);
        return _sum;
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

    /// <summary>Consecutive pieces share a bucket up to the limit; a piece larger than the limit is split.</summary>
    private static (int Offset, int Count)[] Bucketize(IReadOnlyList<int> lengths, int maxElements)
    {
        var buckets = new List<(int, int)>();
        int start = 0, end = 0;
        foreach (int length in lengths)
        {
            if (end - start > 0 && end - start + length > maxElements)
            {
                buckets.Add((start, end - start));
                start = end;
            }
            end += length;
            while (end - start > maxElements)
            {
                buckets.Add((start, maxElements));
                start += maxElements;
            }
        }
        if (end > start || buckets.Count == 0)
        {
            buckets.Add((start, end - start));
        }
        return buckets.ToArray();
    }
}
