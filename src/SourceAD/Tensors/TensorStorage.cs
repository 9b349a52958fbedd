namespace SourceAD.Tensors;

/// <summary>
/// The memory behind one or more tensors (a tensor and its reshaped views share it). Reference counted: the last
/// <see cref="Tensor.Dispose"/> returns the memory to its pool, so a training loop that disposes its temporaries
/// reuses the same arrays step after step instead of churning the GC.
/// </summary>
public abstract class TensorStorage
{
    private int _references = 1;

    /// <summary>The element type.</summary>
    public abstract DType DType { get; }

    /// <summary>The device holding the memory.</summary>
    public abstract Device Device { get; }

    /// <summary>Usable elements (the pooled buffer may be longer).</summary>
    public abstract int Length { get; }

    /// <summary>True once the memory went back to its pool.</summary>
    public bool IsReleased => Volatile.Read(ref _references) <= 0;

    /// <summary>Makes a released storage object live again with one reference (for pooled storage objects).</summary>
    private protected void Revive() => Volatile.Write(ref _references, 1);

    internal void AddReference()
    {
        if (Interlocked.Increment(ref _references) <= 1)
        {
            throw new ObjectDisposedException(nameof(Tensor), "The tensor's storage was already released.");
        }
    }

    internal void RemoveReference()
    {
        if (Interlocked.Decrement(ref _references) == 0)
        {
            Release();
        }
    }

    /// <summary>Returns the memory to its pool; called once, when the last tensor using it is disposed.</summary>
    protected abstract void Release();
}

/// <summary>Host memory rented from the CPU backend's array pool (no size limit, kept across steps).</summary>
/// <typeparam name="T">float, double or Half.</typeparam>
public sealed class CpuStorage<T> : TensorStorage where T : unmanaged
{
    private static readonly Stack<CpuStorage<T>> Released = new();
    private T[]? _array;
    private int _length;

    /// <summary>Rents at least <paramref name="length"/> elements; when <paramref name="clear"/>, they are zeroed.</summary>
    public CpuStorage(int length, bool clear)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(length);
        Rent(length, clear);
    }

    /// <summary>A storage object from the pool of released ones (or a new one) holding <paramref name="length"/> elements.</summary>
    internal static CpuStorage<T> Create(int length, bool clear)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(length);
        CpuStorage<T>? storage = null;
        lock (Released)
        {
            Released.TryPop(out storage);
        }
        if (storage is null)
        {
            return new CpuStorage<T>(length, clear);
        }
        storage.Revive();
        storage.Rent(length, clear);
        return storage;
    }

    private void Rent(int length, bool clear)
    {
        _length = length;
        T[] array = Backends.Cpu.CpuArrayPool<T>.Rent(Math.Max(length, 1));
        if (clear)
        {
            System.Array.Clear(array, 0, length);
        }
        Volatile.Write(ref _array, array);
    }

    /// <inheritdoc/>
    public override DType DType => DTypes.Of<T>();

    /// <inheritdoc/>
    public override Device Device => Device.Cpu;

    /// <inheritdoc/>
    public override int Length => _length;

    internal T[] Array => _array ?? throw new ObjectDisposedException(nameof(Tensor), "The tensor was disposed.");

    /// <summary>The elements.</summary>
    public Span<T> Span => (_array ?? throw new ObjectDisposedException(nameof(Tensor), "The tensor was disposed.")).AsSpan(0, _length);

    /// <inheritdoc/>
    protected override void Release()
    {
        T[]? array = Interlocked.Exchange(ref _array, null);
        if (array is not null)
        {
            Backends.Cpu.CpuArrayPool<T>.Return(array);
            lock (Released)
            {
                if (Released.Count < 1024)
                {
                    Released.Push(this);
                }
            }
        }
    }
}
