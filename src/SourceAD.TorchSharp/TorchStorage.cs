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
            Interlocked.Exchange(ref _flat, null)?.Dispose();
        }
    }
}
