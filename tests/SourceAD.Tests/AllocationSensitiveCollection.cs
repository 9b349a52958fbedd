using Xunit;

namespace SourceAD.Tests;

/// <summary>
/// Tests that count this thread's allocations run alone, after the parallel tests: tests running beside them rent from
/// the same pools (tensor memory, ArrayPool buckets, tapes), so the counted thread would see fresh arrays it did not cause.
/// Every allocation-sensitive assertion in this assembly belongs here.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class AllocationSensitiveCollection
{
    public const string Name = "Allocation-sensitive";
}
