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
/// local shards' gradients with <see cref="SetShard(int, IReadOnlyList{Tensor?}, double, double)"/> (a model's generated
/// <c>Gradients.All</c>) or <see cref="SetShard(int, ReadOnlySpan{T}, double, double)"/> (a scalar program's flat gradient), each
/// scaled by its weight (the shard's share of the batch, so the result is the gradient of the batch's mean loss); then
/// <see cref="Reduce"/>, which also checks that every shard is finite. The sum's order is set by <see cref="Mode"/>.</para>
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

    private const int HeaderTag = 1;

    /// <summary>Per local shard in a rank's header: present (0/1), weight·loss, first non-finite index (−1: none), its value.</summary>
    private const int HeaderPerShard = 4;
    private const int DataTag = 2;
    private const int GatherTag = 3;

    private readonly Communicator _comm;
    private readonly T[][] _shards;
    private readonly T[] _sum;
    private readonly double[] _headers;
    private int _errorRank;
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
        HeaderLength = 1 + HeaderPerShard * localShards;
        _headers = GC.AllocateArray<double>(comm.Size * HeaderLength, pinned: true);
        _sum = GC.AllocateArray<T>(Length, pinned: true);
    }

    /// <summary>Elements in the flat gradient.</summary>
    public int Length { get; }

    /// <summary>Shards per step on this rank.</summary>
    public int LocalShards => _shards.Length;

    /// <summary>The summation order.</summary>
    public ReductionMode Mode { get; }

    /// <summary>Doubles in one rank's header: a stop flag, then <see cref="HeaderPerShard"/> per local shard.</summary>
    private int HeaderLength { get; }

    /// <summary>The largest message, in bytes (a chunk larger than this is sent as several).</summary>
    public int BucketBytes { get; }

    /// <summary>
    /// Stores local shard <paramref name="localShard"/>'s gradients (in parameter order; a null tensor counts as zeros)
    /// times <paramref name="weight"/>, converted to <typeparamref name="T"/>, and its loss. The tensors may be disposed
    /// afterwards.
    /// </summary>
    public void SetShard(int localShard, IReadOnlyList<Tensor?> gradients, double weight, double loss = 0)
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
        Store(localShard, weight, loss);
    }

    /// <summary>Stores local shard <paramref name="localShard"/>'s flat gradient times <paramref name="weight"/>, and its loss.</summary>
    public void SetShard(int localShard, ReadOnlySpan<T> gradient, double weight, double loss = 0)
    {
        if (gradient.Length != Length)
        {
            throw new ArgumentException($"Expected a gradient of {Length} elements, got {gradient.Length}.", nameof(gradient));
        }
        gradient.CopyTo(_shards[localShard]);
        Store(localShard, weight, loss);
    }

    /// <summary>Marks local shard <paramref name="localShard"/> as empty this step (a last batch smaller than the shard count).</summary>
    public void SkipShard(int localShard) => MyHeader()[1 + HeaderPerShard * localShard] = 0;

    /// <summary>The batch's loss after <see cref="Reduce"/>: Σ weight·loss over the shards, summed in shard order.</summary>
    public double Loss { get; private set; }

    /// <summary>After <see cref="Reduce"/>: whether any rank passed <c>requestStop</c> (every rank sees the same value).</summary>
    public bool StopRequested { get; private set; }

    /// <summary>
    /// The sum of every shard of every rank (weights applied), the same bits on every rank; valid until the next
    /// <c>SetShard</c>. Collective. One exchange of a small header per rank goes with it: which shards are empty, each
    /// shard's loss (<see cref="Loss"/>), a stop request (<see cref="StopRequested"/>), and whether a shard's gradient
    /// holds a NaN or an infinity. In that case every rank throws the same <see cref="CollectiveException"/>, naming the
    /// lowest such rank, its shard and the parameter, before anyone can take the optimizer step.
    /// </summary>
    /// <param name="where">Where the job is, for that message (e.g. "step 12").</param>
    /// <param name="requestStop">This rank asks every rank to stop after this step (e.g. on Ctrl+C).</param>
    public ReadOnlySpan<T> Reduce(string where = "this step", bool requestStop = false)
    {
        MyHeader()[0] = requestStop ? 1 : 0;
        if (_comm.Size > 1 && Mode == ReductionMode.Deterministic)
        {
            return ReduceScatterGather(where);
        }
        var headers = ExchangeHeaders();
        headers.ForEach(t => t.Wait());
        ReadHeaders(where);
        if (!FoldLocal(0, Length, started: false))
        {
            _sum.AsSpan().Clear();
        }
        if (_comm.Size > 1)
        {
            _comm.AllReduceSum<T>(_sum);
        }
        return _sum;
    }

    private void Store(int localShard, double weight, double loss)
    {
        T[] values = _shards[localShard];
        if (weight != 1)
        {
            TensorPrimitives.Multiply(values, T.CreateChecked(weight), values);
        }
        Span<double> h = MyHeader().Slice(1 + HeaderPerShard * localShard, HeaderPerShard);
        h[0] = 1;
        h[1] = weight * loss;
        int bad = IndexOfNonFinite(values);
        h[2] = bad;
        h[3] = bad >= 0 ? double.CreateChecked(values[bad]) : 0;
    }

    private Span<double> MyHeader() => _headers.AsSpan(_comm.Rank * HeaderLength, HeaderLength);

    private bool Present(int shard) => _headers[Header(shard)] != 0;

    /// <summary>Where shard <paramref name="shard"/>'s entries start in <see cref="_headers"/>.</summary>
    private int Header(int shard) => shard / _shards.Length * HeaderLength + 1 + HeaderPerShard * (shard % _shards.Length);

    /// <summary>Sends this rank's header to every rank and receives theirs (point to point; nothing on one process).</summary>
    private List<Transfer> ExchangeHeaders()
    {
        var transfers = new List<Transfer>();
        for (int q = 0; q < _comm.Size; q++)
        {
            if (q != _comm.Rank)
            {
                transfers.Add(_comm.StartReceive(_headers.AsMemory(q * HeaderLength, HeaderLength), q, HeaderTag));
                transfers.Add(_comm.StartSend<double>(_headers.AsMemory(_comm.Rank * HeaderLength, HeaderLength), q, HeaderTag));
            }
        }
        return transfers;
    }

    /// <summary>From every rank's header: the loss (folded in shard order), the stop request, and the first non-finite shard.</summary>
    private string? ReadHeaders(string where, bool throwNow = true)
    {
        int shards = _comm.Size * _shards.Length;
        double loss = 0;
        bool started = false, stop = false;
        string? error = null;
        for (int s = 0; s < shards; s++)
        {
            stop |= _headers[s / _shards.Length * HeaderLength] != 0;
            if (!Present(s))
            {
                continue;
            }
            int h = Header(s);
            loss = started ? loss + _headers[h + 1] : _headers[h + 1];
            started = true;
            if (error is null && _headers[h + 2] >= 0)
            {
                int bad = (int)_headers[h + 2];
                int tensor = Array.FindLastIndex(_tensorOffsets, o => o <= bad);
                error = $"Rank {s / _shards.Length} diverged at {where}: the gradient of {Name(tensor)} is {_headers[h + 3]} at element " +
                    $"{bad - _tensorOffsets[tensor]} (shard {s}). The optimizer step was not taken on any rank.";
                _errorRank = s / _shards.Length;
            }
        }
        (Loss, StopRequested) = (loss, stop);
        if (error is not null && throwNow)
        {
            throw new CollectiveException(_errorRank, error);
        }
        return error;
    }

    /// <summary>
    /// Reduce-scatter then all-gather, both point to point: rank r owns chunk r of the flat vector, receives chunk r of
    /// every shard of every other rank, folds the S shards in shard order, and sends its folded chunk to every rank.
    /// Each rank sends and receives (N−1)/N of the vector per local shard in each phase: the volume of a ring
    /// all-reduce when every rank holds one shard.
    /// </summary>
    private ReadOnlySpan<T> ReduceScatterGather(string where)
    {
        int size = _comm.Size, rank = _comm.Rank, k = _shards.Length, shards = size * k;
        List<Transfer> headers = ExchangeHeaders();
        var transfers = new List<Transfer>();
        // Reduce-scatter: chunk q of each local shard goes to rank q; chunk r of every other rank's shards comes here.
        // Every shard is sent, empty or not: its header says whether to use it.
        (int offset, int count) = ChunkOf(rank);
        var arrivals = new List<Transfer>[shards];
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
        headers.ForEach(t => t.Wait());
        string? error = ReadHeaders(where, throwNow: false);
        if (error is not null)
        {
            // Every rank read the same headers: all skip the rest, let the messages in flight land, and stop together.
            Array.ForEach(arrivals, list => list?.ForEach(t => t.Wait()));
            transfers.ForEach(t => t.Wait());
            throw new CollectiveException(_errorRank, error);
        }
        Span<T> sum = _sum.AsSpan(offset, count);
        bool started = false;
        for (int s = 0; s < shards; s++)
        {
            int q = s / k, j = s % k;
            if (!Present(s))
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
        Array.ForEach(arrivals, list => list?.ForEach(t => t.Wait()));
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
            if (!Present(_comm.Rank * _shards.Length + s))
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
