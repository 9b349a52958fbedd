using System.Runtime.InteropServices;
using SourceAD.Tensors.Backends;

namespace SourceAD.Tensors;

/// <summary>
/// A dense, row-major n-dimensional array with a <see cref="DType"/> (float32 by default), a shape, strides and a
/// <see cref="Device"/>. Ops (<see cref="Ops"/>) dispatch on the device to its backend. Memory comes from a pool and goes
/// back on <see cref="Dispose"/>; views made by <see cref="Reshape(int[])"/> share it until the last one is disposed.
/// </summary>
/// <remarks>Every tensor is contiguous today; <see cref="Strides"/> is there for backends and future views.</remarks>
public sealed class Tensor : IDisposable
{
    private readonly int[] _shape;
    private readonly int[] _strides;
    private TensorStorage? _storage;
    private int _length;

    // Set only on tensors whose every reference is known (ops' internal scratch): their object may be reused after Dispose.
    private bool _recyclable;

    private Tensor(int rank)
    {
        _shape = new int[rank];
        _strides = new int[rank];
    }

    /// <summary>
    /// A tensor object over <paramref name="storage"/> (whose reference it takes over) with a copy of
    /// <paramref name="shape"/>: a disposed tensor object of the same rank when one is pooled, so ops allocate nothing
    /// after warm-up.
    /// </summary>
    private static Tensor Create(TensorStorage storage, ReadOnlySpan<int> shape, int length)
    {
        Tensor t = TensorObjectPool.Rent(shape.Length) ?? new Tensor(shape.Length);
        shape.CopyTo(t._shape);
        int stride = 1;
        for (int i = shape.Length - 1; i >= 0; i--)
        {
            t._strides[i] = stride;
            stride *= Math.Max(shape[i], 1);
        }
        t._length = length;
        t._recyclable = false;
        Volatile.Write(ref t._storage, storage);
        return t;
    }

    /// <summary>The element type.</summary>
    public DType DType => Storage.DType;

    /// <summary>The device that holds the memory and runs the ops.</summary>
    public Device Device => Storage.Device;

    /// <summary>The backend of <see cref="Device"/>.</summary>
    public ITensorBackend Backend => TensorBackends.For(Device);

    /// <summary>The size of each axis.</summary>
    public ReadOnlySpan<int> Shape => _shape;

    /// <summary>The shape as a new array.</summary>
    public int[] ShapeArray => (int[])_shape.Clone();

    /// <summary>Elements to skip to advance one step along each axis.</summary>
    public ReadOnlySpan<int> Strides => _strides;

    /// <summary>The number of axes.</summary>
    public int Rank => _shape.Length;

    /// <summary>The number of elements.</summary>
    public int Length => _length;

    /// <summary>The memory; throws once disposed.</summary>
    public TensorStorage Storage => _storage ?? throw new ObjectDisposedException(nameof(Tensor), "The tensor was disposed.");

    /// <summary>The size of axis <paramref name="axis"/> (negative counts from the end).</summary>
    public int Size(int axis) => _shape[NormalizeAxis(axis, Rank, "Size")];

    /// <summary>An uninitialized tensor from the device's pool: every element must be written before it is read.</summary>
    public static Tensor Empty(ReadOnlySpan<int> shape, DType dtype = DType.Float32, Device? device = null) =>
        Allocate(shape, dtype, device ?? Device.Cpu, clear: false);

    /// <summary>A tensor of zeros.</summary>
    public static Tensor Zeros(ReadOnlySpan<int> shape, DType dtype = DType.Float32, Device? device = null) =>
        Allocate(shape, dtype, device ?? Device.Cpu, clear: true);

    /// <summary>A tensor with every element equal to <paramref name="value"/> (rounded to <paramref name="dtype"/>).</summary>
    public static Tensor Full(ReadOnlySpan<int> shape, double value, DType dtype = DType.Float32, Device? device = null)
    {
        Tensor t = Empty(shape, dtype, device);
        t.Backend.Fill(t, value);
        return t;
    }

    /// <summary>A rank-0 tensor holding <paramref name="value"/>.</summary>
    public static Tensor Scalar(double value, DType dtype = DType.Float32, Device? device = null) => Full([], value, dtype, device);

    /// <summary>A CPU tensor holding a copy of <paramref name="data"/>, whose length must equal the shape's element count.</summary>
    public static Tensor From<T>(ReadOnlySpan<T> data, ReadOnlySpan<int> shape) where T : unmanaged
    {
        Tensor t = Empty(shape, DTypes.Of<T>());
        t.CopyFrom(data);
        return t;
    }

    /// <summary>A float32 CPU tensor holding a copy of <paramref name="data"/>.</summary>
    public static Tensor FromArray(float[] data, params int[] shape) => From<float>(data, shape);

    /// <summary>A float64 CPU tensor holding a copy of <paramref name="data"/>.</summary>
    public static Tensor FromArray(double[] data, params int[] shape) => From<double>(data, shape);

    /// <summary>A float16 CPU tensor holding a copy of <paramref name="data"/>.</summary>
    public static Tensor FromArray(Half[] data, params int[] shape) => From<Half>(data, shape);

    /// <summary>The elements of a CPU tensor, in row-major order. <typeparamref name="T"/> must match <see cref="DType"/>.</summary>
    public Span<T> AsSpan<T>() where T : unmanaged
    {
        if (Storage is CpuStorage<T> cpu)
        {
            return cpu.Span[..Length];
        }
        if (Device.Kind != DeviceKind.Cpu)
        {
            throw new InvalidOperationException($"AsSpan: the tensor lives on {Device}; copy it to the host with CopyTo.");
        }
        throw new ArgumentException($"AsSpan: the tensor's dtype is {DType}, not {typeof(T).Name}.", nameof(T));
    }

    /// <summary>Copies host data in; <paramref name="source"/> must have <see cref="Length"/> elements of this dtype.</summary>
    public void CopyFrom<T>(ReadOnlySpan<T> source) where T : unmanaged
    {
        RequireHostLength("CopyFrom", source.Length);
        Backend.CopyFromHost(MemoryMarshal.AsBytes(source), DTypes.Of<T>(), this);
    }

    /// <summary>Copies the elements out; <paramref name="destination"/> must have <see cref="Length"/> elements of this dtype.</summary>
    public void CopyTo<T>(Span<T> destination) where T : unmanaged
    {
        RequireHostLength("CopyTo", destination.Length);
        Backend.CopyToHost(this, MemoryMarshal.AsBytes(destination), DTypes.Of<T>());
    }

    /// <summary>A host array of the elements. <typeparamref name="T"/> must match <see cref="DType"/>.</summary>
    public T[] ToArray<T>() where T : unmanaged
    {
        var result = new T[Length];
        CopyTo<T>(result);
        return result;
    }

    /// <summary>The elements converted to double, whatever the dtype (for tests and printing).</summary>
    public double[] ToDoubleArray()
    {
        using Tensor wide = To(DType.Float64);
        return wide.ToArray<double>();
    }

    /// <summary>The value of a one-element tensor, as a double.</summary>
    public double Item()
    {
        if (Length != 1)
        {
            throw new InvalidOperationException($"Item: the tensor has shape {TensorShape.Format(_shape)}, not one element.");
        }
        if (Storage is CpuStorage<float> f)
        {
            return f.Span[0];
        }
        if (Storage is CpuStorage<double> d)
        {
            return d.Span[0];
        }
        Span<double> one = stackalloc double[1];
        CopyTo(one);
        return one[0];
    }

    /// <summary>A new tensor with the elements converted to <paramref name="dtype"/> (a copy even when the dtype is the same).</summary>
    public Tensor To(DType dtype)
    {
        Tensor result = Empty(_shape, dtype, Device);
        Backend.Convert(this, result);
        return result;
    }

    /// <summary>A copy on <paramref name="device"/> (through host memory), same dtype and shape.</summary>
    public Tensor To(Device device)
    {
        Tensor result = Empty(_shape, DType, device);
        var host = new byte[(long)Length * DType.SizeInBytes()];
        Backend.CopyToHost(this, host, DType);
        result.Backend.CopyFromHost(host, DType, result);
        return result;
    }

    /// <summary>A copy with its own memory.</summary>
    public Tensor Clone() => To(DType);

    /// <summary>
    /// A view with another shape and the same elements (shared memory; dispose it as well). One size may be −1: it is
    /// inferred. Throws an <see cref="ArgumentException"/> naming both shapes when the counts differ.
    /// </summary>
    public Tensor Reshape(params int[] shape) => Reshape((ReadOnlySpan<int>)shape);

    /// <summary>
    /// A view with another shape and the same elements (shared memory; dispose it as well). One size may be −1: it is
    /// inferred. Throws an <see cref="ArgumentException"/> naming both shapes when the counts differ.
    /// </summary>
    public Tensor Reshape(params ReadOnlySpan<int> shape)
    {
        Span<int> resolved = shape.Length <= 16 ? stackalloc int[shape.Length] : new int[shape.Length];
        shape.CopyTo(resolved);
        int infer = resolved.IndexOf(-1);
        if (infer >= 0)
        {
            int known = 1;
            for (int i = 0; i < resolved.Length; i++)
            {
                known *= i == infer ? 1 : resolved[i];
            }
            if (known == 0 || Length % known != 0)
            {
                throw new ArgumentException($"Reshape: cannot reshape {TensorShape.Format(_shape)} into {TensorShape.Format(shape)}.", nameof(shape));
            }
            resolved[infer] = Length / known;
        }
        if (TensorShape.Count(resolved) != Length)
        {
            throw new ArgumentException($"Reshape: cannot reshape {TensorShape.Format(_shape)} ({Length} elements) into {TensorShape.Format(shape)}.", nameof(shape));
        }
        TensorStorage storage = Storage;
        storage.AddReference();
        return Create(storage, resolved, Length);
    }

    /// <summary>A view that merges axes <paramref name="startAxis"/> to the last into one (PyTorch's flatten(start_dim)).</summary>
    public Tensor Flatten(int startAxis = 1)
    {
        if (Rank == 0)
        {
            return Reshape(1);
        }
        startAxis = NormalizeAxis(startAxis, Rank, "Flatten");
        Span<int> shape = stackalloc int[startAxis + 1];
        _shape.AsSpan(0, startAxis).CopyTo(shape);
        shape[startAxis] = TensorShape.Count(_shape.AsSpan(startAxis));
        return Reshape(shape);
    }

    /// <summary>
    /// Releases this tensor's hold on its memory; the last holder returns it to the pool. Idempotent, as IDisposable
    /// requires: a disposed tensor throws <see cref="ObjectDisposedException"/> when used, however often it is disposed.
    /// </summary>
    public void Dispose() => Release(_recyclable);

    /// <summary>
    /// For generated code and ops: <see cref="Dispose"/>, and the tensor object itself goes back to a per-thread pool, so a
    /// later op on this thread may hand the same object out as a new tensor. Call it only on a tensor whose every
    /// reference is yours and is never used again, not even to dispose it; that is what makes training steps allocate
    /// nothing. Everyone else calls <see cref="Dispose"/>.
    /// </summary>
    [System.ComponentModel.EditorBrowsable(System.ComponentModel.EditorBrowsableState.Never)]
    public void Recycle() => Release(recycle: true);

    /// <summary>Marks an op's internal scratch tensor (never handed out) so that its <see cref="Dispose"/> recycles it.</summary>
    internal Tensor AsScratch()
    {
        _recyclable = true;
        return this;
    }

    private void Release(bool recycle)
    {
        TensorStorage? storage = Interlocked.Exchange(ref _storage, null);
        if (storage is not null)
        {
            storage.RemoveReference();
            if (recycle)
            {
                TensorObjectPool.Return(this);
            }
        }
    }

    /// <inheritdoc/>
    public override string ToString() =>
        _storage is null ? "Tensor(disposed)" : $"Tensor({TensorShape.Format(_shape)}, {DType}, {Device})";

    internal static int NormalizeAxis(int axis, int rank, string op)
    {
        int a = axis < 0 ? axis + rank : axis;
        if ((uint)a >= (uint)Math.Max(rank, 1))
        {
            throw new ArgumentOutOfRangeException(nameof(axis), axis, $"{op}: axis {axis} is out of range for rank {rank}.");
        }
        return a;
    }

    private static Tensor Allocate(ReadOnlySpan<int> shape, DType dtype, Device device, bool clear)
    {
        int count = TensorShape.Count(shape);
        return Create(TensorBackends.For(device).Allocate(dtype, count, clear), shape, count);
    }

    /// <summary>
    /// Recycled tensor objects by rank (their shape and stride arrays are reused with them), per thread: only tensors
    /// recycled by their sole owner (<see cref="Recycle"/>, ops' scratch) come here, never ones users dispose, and an
    /// object is handed out again only on the thread that recycled it.
    /// </summary>
    private static class TensorObjectPool
    {
        private const int MaxRank = 8;
        private const int PerRank = 256;
        [ThreadStatic] private static Tensor?[][]? _items;
        [ThreadStatic] private static int[]? _counts;

        public static Tensor? Rent(int rank)
        {
            int[]? counts = _counts;
            if (rank > MaxRank || counts is null || counts[rank] == 0)
            {
                return null;
            }
            Tensor?[] items = _items![rank];
            int count = --counts[rank];
            Tensor? t = items[count];
            items[count] = null;
            return t;
        }

        public static void Return(Tensor t)
        {
            int rank = t.Rank;
            if (rank > MaxRank)
            {
                return;
            }
            int[] counts = _counts ??= new int[MaxRank + 1];
            Tensor?[][] all = _items ??= new Tensor?[MaxRank + 1][];
            Tensor?[] items = all[rank] ??= new Tensor?[PerRank];
            if (counts[rank] < PerRank)
            {
                items[counts[rank]++] = t;
            }
        }
    }

    private void RequireHostLength(string op, int length)
    {
        if (length != Length)
        {
            throw new ArgumentException($"{op}: the host buffer has {length} elements but the tensor of shape {TensorShape.Format(_shape)} has {Length}.");
        }
    }
}
