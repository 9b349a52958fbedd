using SourceAD.Tensors;
using SourceAD.Tensors.Backends.Cpu;

namespace SourceAD.Backends.Tests;

/// <summary>
/// The suite on the managed CPU backend itself: the device under test is <see cref="Device.Cpu"/> with at least four
/// threads, the reference the same backend limited to one thread, and every result must match bit for bit (the CPU
/// backend splits work by data, never by thread count). So this subclass checks determinism across thread counts,
/// and that the suite's own plumbing (copies, scopes, comparisons) holds.
/// </summary>
public sealed class CpuSuite : BackendSuite
{
    protected override Device Device => Device.Cpu;

    protected override bool Bitwise => true;

    protected override IDisposable? ReferenceScope() => CpuBackend.UseThreads(1);

    protected override IDisposable? DeviceScope() => CpuBackend.UseThreads(Math.Max(4, Environment.ProcessorCount));

    /// <summary>The two sides really run with different thread counts (otherwise the bitwise comparisons would prove nothing).</summary>
    [Fact]
    public void ReferenceAndDeviceRunWithDifferentThreadCounts()
    {
        Assert.Equal(1, OnReference(() => CpuBackend.MaxThreads));
        Assert.True(OnDevice(() => CpuBackend.MaxThreads) >= 4);
    }
}
