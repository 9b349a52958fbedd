using SourceAD.Tensors.Data;

namespace SourceAD.Distributed;

/// <summary>
/// Splits every batch of a <see cref="MiniBatches"/> order into <see cref="Shards"/> disjoint, contiguous shards and
/// gives each rank its own: rank r of N computes shards [r·S/N, (r+1)·S/N). Each rank computes the epoch's permutation
/// itself (it is a pure function of the seed and the epoch), so no indices are sent.
/// </summary>
/// <remarks>
/// The shard count S is a property of the run, not of the job: a run with S shards gives the same bits on any N that
/// divides S (with <see cref="ReductionMode.Deterministic"/>), which is what lets a checkpoint resume on another number
/// of ranks. Shard sizes differ by at most one (an incomplete last batch is split as evenly as possible; a shard may be
/// empty when the batch has fewer items than shards).
/// </remarks>
public sealed class DistributedSampler
{
    /// <summary>Shards <paramref name="batches"/> (its batch size is the global batch) into <paramref name="shards"/>.</summary>
    public DistributedSampler(MiniBatches batches, int shards)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(shards, 1);
        Batches = batches;
        Shards = shards;
    }

    /// <summary>The global batches: the order every rank agrees on.</summary>
    public MiniBatches Batches { get; }

    /// <summary>Shards per batch.</summary>
    public int Shards { get; }

    /// <summary>
    /// The shards rank <paramref name="rank"/> of <paramref name="size"/> computes. Throws <see cref="DistributedException"/>
    /// unless <paramref name="size"/> divides <see cref="Shards"/>.
    /// </summary>
    public Range LocalShards(int rank, int size)
    {
        CheckWorld(Shards, size);
        int per = Shards / size;
        return new Range(rank * per, (rank + 1) * per);
    }

    /// <summary>Throws a message listing the valid rank counts unless <paramref name="size"/> divides <paramref name="shards"/>.</summary>
    public static void CheckWorld(int shards, int size)
    {
        if (size < 1 || shards % size != 0)
        {
            int[] valid = Enumerable.Range(1, shards).Where(n => shards % n == 0).ToArray();
            throw new DistributedException($"The run has {shards} shards per batch, which {size} ranks cannot share evenly. " +
                $"Run it on {string.Join(", ", valid)} ranks.");
        }
    }

    /// <summary>Items in batch <paramref name="batch"/> (the last one of an epoch may be smaller).</summary>
    public int BatchCount(int batch) => Math.Min(Batches.BatchSize, Batches.Count - batch * Batches.BatchSize);

    /// <summary>The item indices of shard <paramref name="shard"/> of batch <paramref name="batch"/>, from the epoch's order.</summary>
    public int[] Shard(int[] epochOrder, int batch, int shard)
    {
        (int start, int count) = Bounds(batch, shard);
        return epochOrder.AsSpan(batch * Batches.BatchSize + start, count).ToArray();
    }

    /// <summary>
    /// The shard's share of its batch, n_shard / n_batch: the weight that makes the sum of the shards' mean-loss
    /// gradients the gradient of the batch's mean loss.
    /// </summary>
    public double Weight(int batch, int shard) => (double)Bounds(batch, shard).Count / BatchCount(batch);

    private (int Start, int Count) Bounds(int batch, int shard)
    {
        int n = BatchCount(batch);
        int start = (int)((long)shard * n / Shards);
        int end = (int)((long)(shard + 1) * n / Shards);
        return (start, end - start);
    }
}
