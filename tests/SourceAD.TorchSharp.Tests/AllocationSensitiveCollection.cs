namespace SourceAD.TorchSharp.Tests;

/// <summary>
/// Tests that count this thread's allocations run alone: other test classes running LeNet-5 steps in parallel rent the
/// same ArrayPool buckets, so the counted thread would see fresh arrays it did not cause.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class AllocationSensitiveCollection
{
    public const string Name = "Allocation-sensitive";
}
