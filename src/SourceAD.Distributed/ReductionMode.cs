namespace SourceAD.Distributed;

/// <summary>How <see cref="GradientAllReduce{T}"/> sums the shards' gradients.</summary>
public enum ReductionMode
{
    /// <summary>
    /// The default. A left fold over the shards in shard order, <c>((g₀ + g₁) + g₂) + …</c>, carried along the ranks
    /// in rank order (rank r receives the running sum from rank r−1, adds its own shards, passes it on; bucket by
    /// bucket, so the buckets pipeline), then broadcast from the last rank. Every element is summed in the same order
    /// whatever the number of ranks, so results are bitwise equal on 1, 2 or S ranks and to the one-process run with S
    /// shards. Its bandwidth term is about 2·bytes/bandwidth, like a ring all-reduce; its latency term grows with the
    /// number of ranks.
    /// </summary>
    Deterministic,

    /// <summary>
    /// The local fold, then the MPI library's own <c>MPI_Allreduce</c>. Faster on many ranks, but the summation order
    /// is the library's: bitwise reproducible only for the same rank count, and for more than 2 ranks not equal to the
    /// one-process run.
    /// </summary>
    Library,
}
