using ILGPU;
using ILGPU.Runtime;
using SourceAD.Tensors;
using Device = SourceAD.Tensors.Device;

namespace SourceAD.Ilgpu;

/// <summary>Device memory behind an ILGPU tensor: a pooled buffer, returned to its backend's pool on release.</summary>
/// <typeparam name="T">float or double.</typeparam>
public sealed class IlgpuStorage<T> : TensorStorage where T : unmanaged
{
    private readonly IlgpuBackend _backend;
    private readonly int _length;
    private MemoryBuffer1D<T, Stride1D.Dense>? _buffer;

    internal IlgpuStorage(IlgpuBackend backend, MemoryBuffer1D<T, Stride1D.Dense> buffer, int length)
    {
        _backend = backend;
        _buffer = buffer;
        _length = length;
    }

    /// <inheritdoc/>
    public override DType DType => DTypes.Of<T>();

    /// <inheritdoc/>
    public override Device Device => _backend.Device;

    /// <inheritdoc/>
    public override int Length => _length;

    /// <summary>The tensor's elements on the device (the pooled buffer may be longer).</summary>
    public ArrayView<T> View
    {
        get
        {
            MemoryBuffer1D<T, Stride1D.Dense> buffer = _buffer ?? throw new ObjectDisposedException(nameof(Tensor), "The tensor was disposed.");
            ObjectDisposedException.ThrowIf(_backend.IsDisposed, _backend);
            return buffer.View.SubView(0, _length);
        }
    }

    /// <inheritdoc/>
    protected override void Release()
    {
        MemoryBuffer1D<T, Stride1D.Dense>? buffer = Interlocked.Exchange(ref _buffer, null);
        if (buffer is not null)
        {
            _backend.Pool.Return(buffer);
        }
    }
}
