using System.Buffers;

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

/// <summary>Host memory rented from <see cref="ArrayPool{T}.Shared"/>.</summary>
/// <typeparam name="T">float, double or Half.</typeparam>
public sealed class CpuStorage<T> : TensorStorage where T : unmanaged
{
    private T[]? _array;
    private readonly int _length;

    /// <summary>Rents at least <paramref name="length"/> elements; when <paramref name="clear"/>, they are zeroed.</summary>
    public CpuStorage(int length, bool clear)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(length);
        _length = length;
        _array = ArrayPool<T>.Shared.Rent(Math.Max(length, 1));
        if (clear)
        {
            System.Array.Clear(_array, 0, length);
        }
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
            ArrayPool<T>.Shared.Return(array);
        }
    }
}
