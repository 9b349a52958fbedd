using SourceAD.Tensors;

namespace SourceAD.Backends.Tests;

/// <summary>
/// The behavioural suite every backend must pass: ops, backward and forward rules, generated model gradients and
/// optimizer steps, each compared with the managed CPU backend (1e-5 relative in float32, exact at ties). A backend
/// joins by a thin subclass that names its device.
/// </summary>
public abstract class BackendSuite
{
    /// <summary>The device under test.</summary>
    protected abstract Device Device { get; }
}
