using ILGPU;
using ILGPU.Runtime;

namespace SourceAD.Ilgpu;

/// <summary>
/// Device buffers kept by element type and power-of-two capacity, so a training loop that disposes its temporaries
/// rents the same device memory step after step instead of allocating (a device allocation synchronizes on CUDA).
/// </summary>
internal sealed class IlgpuBufferPool(Accelerator accelerator) : IDisposable
{
    private const int MinimumCapacity = 16;
    private readonly Lock _gate = new();
    private readonly Dictionary<(Type, long), Stack<MemoryBuffer>> _free = [];
    private bool _disposed;

    /// <summary>Device allocations made so far (a rent served from the pool does not count).</summary>
    public int Allocations { get; private set; }

    /// <summary>Buffers waiting in the pool.</summary>
    public int FreeBuffers
    {
        get
        {
            lock (_gate)
            {
                return _free.Values.Sum(s => s.Count);
            }
        }
    }

    /// <summary>A buffer of at least <paramref name="length"/> elements (contents undefined).</summary>
    public MemoryBuffer1D<T, Stride1D.Dense> Rent<T>(long length) where T : unmanaged
    {
        long capacity = Capacity(length);
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (_free.TryGetValue((typeof(T), capacity), out Stack<MemoryBuffer>? stack) && stack.Count > 0)
            {
                return (MemoryBuffer1D<T, Stride1D.Dense>)stack.Pop();
            }
            Allocations++;
        }
        return accelerator.Allocate1D<T>(capacity);
    }

    /// <summary>Takes a buffer back; after <see cref="Dispose"/> it is freed instead.</summary>
    public void Return<T>(MemoryBuffer1D<T, Stride1D.Dense> buffer) where T : unmanaged
    {
        lock (_gate)
        {
            if (!_disposed && !buffer.IsDisposed)
            {
                (Type, long) key = (typeof(T), buffer.Length);
                if (!_free.TryGetValue(key, out Stack<MemoryBuffer>? stack))
                {
                    _free[key] = stack = new Stack<MemoryBuffer>();
                }
                stack.Push(buffer);
                return;
            }
        }
        buffer.Dispose();
    }

    /// <summary>Frees every pooled buffer; buffers still rented are freed when returned (or with the accelerator).</summary>
    public void Dispose()
    {
        lock (_gate)
        {
            if (_disposed)
            {
                return;
            }
            _disposed = true;
            foreach (Stack<MemoryBuffer> stack in _free.Values)
            {
                foreach (MemoryBuffer buffer in stack)
                {
                    buffer.Dispose();
                }
            }
            _free.Clear();
        }
    }

    private static long Capacity(long length)
    {
        long capacity = MinimumCapacity;
        while (capacity < length)
        {
            capacity <<= 1;
        }
        return capacity;
    }
}
