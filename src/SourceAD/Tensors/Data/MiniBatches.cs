namespace SourceAD.Tensors.Data;

/// <summary>
/// Seeded shuffling and mini-batching of item indices: epoch e of seed s is always the same permutation
/// (a <see cref="SeededRandom"/> seeded from s and e), cut into batches in order.
/// </summary>
public sealed class MiniBatches
{
    /// <summary>Batches of <paramref name="batchSize"/> over <paramref name="count"/> items.</summary>
    /// <param name="count">Number of items.</param>
    /// <param name="batchSize">Items per batch (the last one may be smaller unless <paramref name="dropLast"/>).</param>
    /// <param name="seed">Fixes every epoch's order.</param>
    /// <param name="shuffle">When false, items come in index order every epoch.</param>
    /// <param name="dropLast">Skip a last, incomplete batch.</param>
    public MiniBatches(int count, int batchSize, ulong seed, bool shuffle = true, bool dropLast = false)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        ArgumentOutOfRangeException.ThrowIfLessThan(batchSize, 1);
        Count = count;
        BatchSize = batchSize;
        Seed = seed;
        Shuffle = shuffle;
        DropLast = dropLast;
    }

    /// <summary>Number of items.</summary>
    public int Count { get; }

    /// <summary>Items per batch.</summary>
    public int BatchSize { get; }

    /// <summary>The seed.</summary>
    public ulong Seed { get; }

    /// <summary>Whether epochs are shuffled.</summary>
    public bool Shuffle { get; }

    /// <summary>Whether an incomplete last batch is skipped.</summary>
    public bool DropLast { get; }

    /// <summary>Batches per epoch.</summary>
    public int BatchesPerEpoch => DropLast ? Count / BatchSize : (Count + BatchSize - 1) / BatchSize;

    /// <summary>The order of items in epoch <paramref name="epoch"/> (a permutation of 0..Count−1).</summary>
    public int[] Order(int epoch)
    {
        int[] order = Enumerable.Range(0, Count).ToArray();
        if (Shuffle)
        {
            // Mix the epoch into the seed with a large odd constant so neighbouring epochs get unrelated streams.
            new SeededRandom(Seed ^ ((ulong)(uint)epoch * 0x9E3779B97F4A7C15UL)).Shuffle<int>(order);
        }
        return order;
    }

    /// <summary>The batches of epoch <paramref name="epoch"/>, each an array of item indices.</summary>
    public IEnumerable<int[]> Epoch(int epoch)
    {
        int[] order = Order(epoch);
        for (int b = 0; b < BatchesPerEpoch; b++)
        {
            int start = b * BatchSize;
            yield return order.AsSpan(start, Math.Min(BatchSize, Count - start)).ToArray();
        }
    }
}
