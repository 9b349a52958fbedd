using SourceAD.Tensors;
using TorchSharp;

namespace SourceAD.TorchSharp;

/// <summary>
/// The memory of SourceAD tensors on a Torch device: one flat, contiguous libtorch tensor. It is created lazily, so a
/// kernel whose first act on a fresh result is to compute it can hand its libtorch output over (<see cref="TryAdopt"/>)
/// instead of copying it into a buffer allocated for nothing. Shaped views are cached per shape (a SourceAD tensor and its
/// reshaped views share the storage, and each shape is viewed over and over by the kernels), so hot paths allocate
/// neither long[] shapes nor view handles.
/// </summary>
internal sealed class TorchStorage : TensorStorage
{
    /// <summary>Distinct shapes cached per storage; further shapes get uncached views (disposed with the kernel's scope).</summary>
    private const int MaxCachedViews = 4;

    private readonly Lock _lock = new();
    private readonly (int[] Shape, torch.Tensor View)[] _views = new (int[], torch.Tensor)[MaxCachedViews];
    private readonly bool _clear;
    private torch.Tensor? _flat;
    private int _viewCount;
    private bool _released;
    private int _version;
    private bool _exposed;
    private PoolIndices? _poolIndices;

    /// <summary>A storage of <paramref name="length"/> elements; the libtorch memory is made on first use (zeroed when <paramref name="clear"/>).</summary>
    public TorchStorage(TorchBackend backend, DType dtype, int length, bool clear)
    {
        Backend = backend;
        DType = dtype;
        Length = length;
        _clear = clear;
    }

    /// <summary>The backend that owns the device.</summary>
    public TorchBackend Backend { get; }

    /// <inheritdoc/>
    public override DType DType { get; }

    /// <inheritdoc/>
    public override Device Device => Backend.Device;

    /// <inheritdoc/>
    public override int Length { get; }

    /// <summary>True once some caller saw the memory (a kernel read it, or <see cref="TorchTensors.AsTorch"/> exposed it).</summary>
    public bool IsMaterialized => Volatile.Read(ref _flat) is not null;

    /// <summary>The flat libtorch tensor (length <see cref="Length"/>), created on first use. Not registered in any dispose scope.</summary>
    public torch.Tensor Flat
    {
        get
        {
            torch.Tensor? flat = Volatile.Read(ref _flat);
            if (flat is not null)
            {
                return flat;
            }
            lock (_lock)
            {
                ObjectDisposedException.ThrowIf(_released, this);
                if (_flat is null)
                {
                    torch.Tensor made = _clear
                        ? torch.zeros(Length, Backend.ScalarTypeOf(DType), Backend.TorchDevice)
                        : torch.empty(Length, Backend.ScalarTypeOf(DType), Backend.TorchDevice);
                    Volatile.Write(ref _flat, made.DetachFromDisposeScope());
                }
                return _flat;
            }
        }
    }

    /// <summary>
    /// Makes <paramref name="value"/>'s memory this storage's own when nothing has used the storage yet and the value is a
    /// contiguous tensor of this dtype, device and length that no other SourceAD tensor uses (the caller guarantees that:
    /// a kernel's fresh output, or a tensor being wrapped). The value is detached from any dispose scope and kept.
    /// </summary>
    /// <returns>False when the storage is already in use or the value does not fit; the caller then copies.</returns>
    public bool TryAdopt(torch.Tensor value, ReadOnlySpan<int> shape)
    {
        if (Volatile.Read(ref _flat) is not null || value.dtype != Backend.ScalarTypeOf(DType) || value.numel() != Length
            || !value.is_contiguous() || !Backend.IsOnDevice(value))
        {
            return false;
        }
        lock (_lock)
        {
            if (_flat is not null || _released)
            {
                return false;
            }
            value.DetachFromDisposeScope();
            torch.Tensor flat = value.view(-1L).DetachFromDisposeScope();
            if (value.dim() > 0 && ShapeEquals(value, shape))
            {
                _views[_viewCount++] = (shape.ToArray(), value);
            }
            else
            {
                value.Dispose();
            }
            Volatile.Write(ref _flat, flat);
            return true;
        }
    }

    /// <summary>
    /// Records that a kernel is about to write the memory: drops what was derived from the old contents (the max-pool
    /// indices cache).
    /// </summary>
    public void MarkWritten()
    {
        if (Volatile.Read(ref _poolIndices) is null)
        {
            Interlocked.Increment(ref _version);
            return;
        }
        lock (_lock)
        {
            _version++;
            _poolIndices?.Indices.Dispose();
            _poolIndices = null;
        }
    }

    /// <summary>
    /// Records that the memory is visible to code outside the backend (a TorchSharp view or a wrapped TorchSharp tensor),
    /// which can write it without the backend knowing: nothing derived from the contents is cached from then on.
    /// </summary>
    public void MarkExposed()
    {
        lock (_lock)
        {
            _exposed = true;
            _poolIndices?.Indices.Dispose();
            _poolIndices = null;
        }
    }

    /// <summary>
    /// Keeps the argmax indices a max-pool forward computed over this memory (input of <paramref name="geometry"/>, viewed as
    /// <paramref name="shape"/>), so the backward and forward rules need not recompute them. Takes ownership of
    /// <paramref name="indices"/>. Nothing is kept for exposed memory.
    /// </summary>
    public void KeepPoolIndices(Tensors.Backends.Pool2dGeometry geometry, ReadOnlySpan<int> shape, torch.Tensor indices, bool hasNaN)
    {
        lock (_lock)
        {
            _poolIndices?.Indices.Dispose();
            _poolIndices = null;
            if (_exposed || _released)
            {
                indices.Dispose();
                return;
            }
            _poolIndices = new PoolIndices(geometry, shape.ToArray(), _version, indices.DetachFromDisposeScope(), hasNaN);
        }
    }

    /// <summary>
    /// The indices <see cref="KeepPoolIndices"/> kept for the same geometry and shape, when the memory has not been written
    /// since; the storage keeps owning them (valid until the next write or release).
    /// </summary>
    public bool TryGetPoolIndices(Tensors.Backends.Pool2dGeometry geometry, ReadOnlySpan<int> shape, out torch.Tensor? indices, out bool hasNaN)
    {
        lock (_lock)
        {
            PoolIndices? kept = _poolIndices;
            if (kept is not null && kept.Geometry == geometry && kept.Version == _version && shape.SequenceEqual(kept.Shape))
            {
                (indices, hasNaN) = (kept.Indices, kept.HasNaN);
                return true;
            }
            (indices, hasNaN) = (null, false);
            return false;
        }
    }

    private sealed record PoolIndices(Tensors.Backends.Pool2dGeometry Geometry, int[] Shape, int Version, torch.Tensor Indices, bool HasNaN);

    /// <summary>The memory viewed with <paramref name="shape"/>: cached (owned by the storage) for the first few shapes.</summary>
    public torch.Tensor View(ReadOnlySpan<int> shape)
    {
        torch.Tensor flat = Flat;
        lock (_lock)
        {
            for (int i = 0; i < _viewCount; i++)
            {
                if (shape.SequenceEqual(_views[i].Shape))
                {
                    return _views[i].View;
                }
            }
            ObjectDisposedException.ThrowIf(_released, this);
            Span<long> sizes = stackalloc long[shape.Length];
            for (int i = 0; i < shape.Length; i++)
            {
                sizes[i] = shape[i];
            }
            torch.Tensor view = flat.view(sizes.ToArray());
            if (_viewCount < MaxCachedViews)
            {
                _views[_viewCount++] = (shape.ToArray(), view.DetachFromDisposeScope());
            }
            return view;
        }
    }

    private static bool ShapeEquals(torch.Tensor value, ReadOnlySpan<int> shape)
    {
        if (value.dim() != shape.Length)
        {
            return false;
        }
        for (int i = 0; i < shape.Length; i++)
        {
            if (value.size(i) != shape[i])
            {
                return false;
            }
        }
        return true;
    }

    /// <inheritdoc/>
    protected override void Release()
    {
        lock (_lock)
        {
            _released = true;
            for (int i = 0; i < _viewCount; i++)
            {
                _views[i].View.Dispose();
                _views[i] = default;
            }
            _viewCount = 0;
            _poolIndices?.Indices.Dispose();
            _poolIndices = null;
            Interlocked.Exchange(ref _flat, null)?.Dispose();
        }
    }
}
