using SourceAD.Tensors;

namespace SourceAD.Backends.Tests;

/// <summary>
/// The behavioural suite every backend must pass: ops, backward and forward rules, exact ties under every nonsmooth
/// policy, generated model gradients, a short training run, optimizer steps and argument errors, each compared with
/// the managed CPU backend (1e-5 relative in float32, 1e-12 in float64, exact at ties and for optimizer steps). A
/// backend joins by a thin subclass that names its device (see README.md). The tests live in the partial files
/// named after what they test (BackendSuite.Ops.cs, .Rules.cs, .Ties.cs, .Models.cs, .Optimizers.cs, .Errors.cs, .Memory.cs).
/// </summary>
public abstract partial class BackendSuite
{
    /// <summary>The device under test.</summary>
    protected abstract Device Device { get; }

    /// <summary>
    /// True when every result must equal the reference bit for bit, not just within the float tolerances (the CPU
    /// subclass: the CPU backend promises the same bits for any thread count).
    /// </summary>
    protected virtual bool Bitwise => false;

    /// <summary>
    /// Whether the device holds float16 tensors. A backend without them (ILGPU) must refuse to allocate one with a
    /// <see cref="NotSupportedException"/> naming Float16; the float16 cases then check exactly that. A capability,
    /// not a tolerance: float32 and float64 are required of every backend.
    /// </summary>
    protected virtual bool SupportsFloat16 => true;

    /// <summary>
    /// False when the case needs a float16 tensor on a device without them, after asserting that the device refuses it
    /// cleanly; true when the case can run.
    /// </summary>
    protected bool CanRunOnDevice(params DType[] deviceDTypes)
    {
        if (SupportsFloat16 || !deviceDTypes.Contains(DType.Float16))
        {
            return true;
        }
        var e = Assert.Throws<NotSupportedException>(() => Tensor.Empty([3], DType.Float16, Device).Dispose());
        Assert.Contains("Float16", e.Message);
        return false;
    }

    /// <summary>A scope around every reference computation on <see cref="Tensors.Device.Cpu"/> (null: none).</summary>
    protected virtual IDisposable? ReferenceScope() => null;

    /// <summary>A scope around every computation on the device under test (null: none).</summary>
    protected virtual IDisposable? DeviceScope() => null;

    /// <summary>Runs <paramref name="compute"/> as the CPU reference.</summary>
    protected T OnReference<T>(Func<T> compute)
    {
        using IDisposable? scope = ReferenceScope();
        return compute();
    }

    /// <summary>Runs <paramref name="compute"/> on the device under test (its inputs must already be there).</summary>
    protected T OnDevice<T>(Func<T> compute)
    {
        using IDisposable? scope = DeviceScope();
        return compute();
    }

    /// <summary>A copy of a host tensor on the device under test.</summary>
    protected Tensor ToDevice(Tensor host)
    {
        Tensor t = host.To(Device);
        Assert.Equal(Device, t.Device);
        return t;
    }

    /// <summary>Copies of host tensors on the device (null stays null).</summary>
    protected Tensor?[] ToDevice(Tensor?[] host) => host.Select(t => t is null ? null : ToDevice(t)).ToArray();

    /// <summary>Asserts that a device result matches the reference within the dtype's tolerance (bitwise when <see cref="Bitwise"/>).</summary>
    protected void AssertAgrees(Tensor reference, Tensor device, string what, double floorFraction = Agreement.FloorFraction)
    {
        Assert.True(device.Device == Device, $"{what}: the result lives on {device.Device}, not on the device under test {Device}.");
        Agreement.Close(reference, device, what, Bitwise, floorFraction);
    }

    /// <summary>Asserts exact equality (±0 equal, NaN equal to NaN): for results at exact ties and optimizer steps.</summary>
    protected void AssertExact(Tensor reference, Tensor device, string what)
    {
        Assert.True(device.Device == Device, $"{what}: the result lives on {device.Device}, not on the device under test {Device}.");
        Agreement.Exact(reference, device, what);
    }

    /// <summary>Disposes every tensor given (nulls ignored).</summary>
    protected static void DisposeAll(params IEnumerable<Tensor?>[] groups)
    {
        foreach (IEnumerable<Tensor?> group in groups)
        {
            foreach (Tensor? t in group)
            {
                t?.Dispose();
            }
        }
    }
}
