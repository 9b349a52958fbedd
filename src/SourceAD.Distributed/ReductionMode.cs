namespace SourceAD.Distributed;

/// <summary>How <see cref="GradientAllReduce{T}"/> sums the shards' gradients.</summary>
public enum ReductionMode
{
    /// <summary>
    /// The default. Every element is a left fold over the shards in shard order, <c>((g₀ + g₁) + g₂) + …</c>, whatever
    /// the number of ranks, so results are bitwise equal on any rank count that divides the shard count, and to the
    /// one-process run with the same shards. Done as a reduce-scatter then an all-gather over point-to-point messages:
    /// rank r receives chunk r of every shard, folds it in shard order, and sends the folded chunk to every rank. With
    /// one shard per rank each rank sends and receives 2(N−1)/N of the gradient, like a ring all-reduce; with k shards
    /// per rank (a run resumed on fewer ranks) the reduce-scatter carries k times as much.
    /// </summary>
    Deterministic,

    /// <summary>
    /// The local fold, then the MPI library's own <c>MPI_Allreduce</c>. Faster on many ranks, but the summation order
    /// is the library's: bitwise reproducible only for the same rank count, and for more than 2 ranks not equal to the
    /// one-process run.
    /// </summary>
    Library,
}
