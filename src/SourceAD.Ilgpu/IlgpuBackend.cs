using System.Runtime.InteropServices;
using ILGPU;
using ILGPU.Algorithms;
using ILGPU.Runtime;
using ILGPU.Runtime.CPU;
using ILGPU.Runtime.Cuda;
using SourceAD.Ilgpu.Kernels;
using SourceAD.Tensors;
using SourceAD.Tensors.Backends;
using Device = SourceAD.Tensors.Device;
using Half = System.Half;

namespace SourceAD.Ilgpu;

/// <summary>
/// SourceAD's tensor kernels on an ILGPU accelerator (CUDA, or ILGPU's CPU accelerator). float32 and float64 run on the
/// device; float16 tensors are storage only (allocation, host copies, Convert and Fill work; every other op throws
/// <see cref="NotSupportedException"/> naming itself and the dtype). Device memory comes from a per-backend pool; kernels are compiled once per backend on first use.
/// Results match <see cref="Tensors.Backends.Cpu.CpuBackend"/> within rounding (reductions sum in double in the CPU
/// backend's order; tie rules and strict-mode errors are the same).
/// </summary>
/// <remarks>
/// Ops may be called from several threads; each runs under one lock (the accelerator's default stream is shared).
/// Kernels run asynchronously on that stream; copies to the host wait for them.
/// </remarks>
public sealed partial class IlgpuBackend : ITensorBackend, IDisposable
{
    private static int s_nextOrdinal;

    private readonly Lock _gate = new();
    private readonly Context _context;
    private readonly Accelerator _accelerator;
    private readonly MemoryBuffer1D<int, Stride1D.Dense> _flag;
    private KernelSet<float, F32>? _float32;
    private KernelSet<double, F64>? _float64;
    private Action<Index1D, ArrayView<float>, ArrayView<double>, int, int>? _floatToDouble;
    private Action<Index1D, ArrayView<double>, ArrayView<float>, int, int>? _doubleToFloat;
    private readonly int _launchThreads;
    private int _kernelLoads;
    private volatile bool _disposed;

    private IlgpuBackend(Context context, Accelerator accelerator, bool? tiledGemm)
    {
        _context = context;
        _accelerator = accelerator;
        Pool = new IlgpuBufferPool(accelerator);
        _flag = accelerator.Allocate1D<int>(1);
        Device = new Device(DeviceKind.Ilgpu, Interlocked.Increment(ref s_nextOrdinal) - 1);
        UseTiledGemm = tiledGemm ?? accelerator.AcceleratorType != AcceleratorType.CPU;
        // Enough threads to fill the device (two waves on CUDA); on the CPU accelerator a few groups per core.
        int resident = Math.Max(16, accelerator.MaxNumThreadsPerMultiprocessor * accelerator.NumMultiprocessors);
        _launchThreads = accelerator.AcceleratorType == AcceleratorType.CPU ? 16 * resident : 2 * resident;
    }

    /// <summary>
    /// Creates a backend on the accelerator <paramref name="preference"/> names. It is not registered: call
    /// <see cref="TensorBackends.Register"/> (or use <c>Device.Ilgpu(…)</c>, which shares one registered backend).
    /// </summary>
    /// <param name="preference">Which accelerator.</param>
    /// <param name="tiledGemm">Whether MatMul and convolutions use the shared-memory tiled GEMM; null picks it on CUDA only (see <see cref="UseTiledGemm"/>).</param>
    /// <exception cref="NotSupportedException"><see cref="IlgpuAccelerator.Cuda"/> was asked for and there is no CUDA device.</exception>
    public static IlgpuBackend Create(IlgpuAccelerator preference = IlgpuAccelerator.Auto, bool? tiledGemm = null)
    {
        Context context = Context.Create(builder => builder.CPU().Cuda().EnableAlgorithms());
        try
        {
            CudaDevice? cuda = context.GetCudaDevices() is { Count: > 0 } devices ? devices[0] : null;
            Accelerator accelerator = preference switch
            {
                IlgpuAccelerator.Cpu => context.CreateCPUAccelerator(0),
                IlgpuAccelerator.Cuda when cuda is null => throw new NotSupportedException("IlgpuBackend.Create(Cuda): ILGPU found no CUDA device; use IlgpuAccelerator.Cpu or Auto."),
                _ when cuda is not null => cuda.CreateAccelerator(context),
                _ => context.CreateCPUAccelerator(0),
            };
            return new IlgpuBackend(context, accelerator, tiledGemm);
        }
        catch
        {
            context.Dispose();
            throw;
        }
    }

    /// <summary>True when ILGPU sees a CUDA device (what <see cref="IlgpuAccelerator.Auto"/> picks then).</summary>
    public static bool CudaAvailable()
    {
        using Context context = Context.Create(builder => builder.Cuda());
        return context.GetCudaDevices().Count > 0;
    }

    /// <inheritdoc/>
    public Device Device { get; }

    /// <summary>CUDA or CPU.</summary>
    public AcceleratorType AcceleratorType => _accelerator.AcceleratorType;

    /// <summary>The accelerator's name, for logs.</summary>
    public string AcceleratorName => _accelerator.Name;

    /// <summary>True once disposed; its tensors can no longer be used.</summary>
    public bool IsDisposed => _disposed;

    /// <summary>How many kernels this backend has compiled (each at most once).</summary>
    public int KernelLoads => Volatile.Read(ref _kernelLoads);

    /// <summary>
    /// Whether MatMul and convolutions use the shared-memory tiled GEMM, fixed at <see cref="Create"/> (so the shared
    /// backend of <c>Device.Ilgpu(…)</c> behaves the same for everyone). Default: on CUDA only, because ILGPU's CPU
    /// accelerator emulates group barriers with host threads and the tiled kernel runs hundreds of times slower there.
    /// </summary>
    public bool UseTiledGemm { get; }

    /// <summary>Device allocations made by the pool (renting a pooled buffer does not count).</summary>
    public int DeviceAllocations => Pool.Allocations;

    /// <summary>Buffers waiting in the pool.</summary>
    public int PooledBuffers => Pool.FreeBuffers;

    internal IlgpuBufferPool Pool { get; }

    internal Accelerator Accelerator => _accelerator;

    private KernelSet<float, F32> Float32 => _float32 ??= new KernelSet<float, F32>(Compile);

    private KernelSet<double, F64> Float64 => _float64 ??= new KernelSet<double, F64>(Compile);

    /// <summary>
    /// Compiles one kernel and counts it. A failed compilation leaves ILGPU's IR context half-built (later, unrelated
    /// compilations then fail with a NullReferenceException inside ILGPU), so the context's caches are cleared before
    /// the error is reported; kernels already loaded keep working.
    /// </summary>
    private Delegate Compile(string what, Func<Accelerator, Delegate> load)
    {
        try
        {
            Delegate kernel = load(_accelerator);
            Interlocked.Increment(ref _kernelLoads);
            return kernel;
        }
        catch (Exception e) when (e is InternalCompilerException or NotSupportedException or InvalidOperationException or TypeLoadException)
        {
            _context.ClearCache(ClearCacheMode.Everything);
            throw new NotSupportedException($"IlgpuBackend: ILGPU could not compile the kernel {what}: {e.Message}", e);
        }
    }

    /// <inheritdoc/>
    public TensorStorage Allocate(DType dtype, int length, bool clear)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(length);
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            return dtype switch
            {
                DType.Float32 => Allocate<float>(length, clear),
                DType.Float64 => Allocate<double>(length, clear),
                DType.Float16 => Allocate<Half>(length, clear),
                _ => throw new ArgumentOutOfRangeException(nameof(dtype), dtype, "Unknown dtype."),
            };
        }
    }

    private IlgpuStorage<T> Allocate<T>(int length, bool clear) where T : unmanaged
    {
        MemoryBuffer1D<T, Stride1D.Dense> buffer = Pool.Rent<T>(length);
        if (clear && length > 0)
        {
            buffer.View.SubView(0, length).MemSetToZero();
        }
        return new IlgpuStorage<T>(this, buffer, length);
    }

    /// <inheritdoc/>
    public void CopyFromHost(ReadOnlySpan<byte> source, DType sourceType, Tensor destination)
    {
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            switch (destination.DType)
            {
                case DType.Float32: Upload(source, sourceType, View<float>(destination, "CopyFromHost")); break;
                case DType.Float64: Upload(source, sourceType, View<double>(destination, "CopyFromHost")); break;
                default: Upload(source, sourceType, View<Half>(destination, "CopyFromHost")); break;
            }
        }
    }

    private void Upload<T>(ReadOnlySpan<byte> source, DType sourceType, ArrayView<T> destination) where T : unmanaged
    {
        if (destination.Length == 0)
        {
            return;
        }
        if (sourceType == DTypes.Of<T>())
        {
            destination.CopyFromCPU(MemoryMarshal.Cast<byte, T>(source));
            return;
        }
        // Convert on the host, as the CPU backend does (T.CreateTruncating), then one copy.
        var host = new T[destination.Length];
        using Tensor staging = Tensor.Empty([(int)destination.Length], DTypes.Of<T>());
        Tensors.Backends.Cpu.CpuBackend.Default.CopyFromHost(source, sourceType, staging);
        staging.CopyTo<T>(host);
        destination.CopyFromCPU(host);
    }

    /// <inheritdoc/>
    public void CopyToHost(Tensor source, Span<byte> destination, DType destinationType)
    {
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            switch (source.DType)
            {
                case DType.Float32: Download(View<float>(source, "CopyToHost"), destination, destinationType); break;
                case DType.Float64: Download(View<double>(source, "CopyToHost"), destination, destinationType); break;
                default: Download(View<Half>(source, "CopyToHost"), destination, destinationType); break;
            }
        }
    }

    private void Download<T>(ArrayView<T> source, Span<byte> destination, DType destinationType) where T : unmanaged
    {
        _accelerator.Synchronize();
        if (source.Length == 0)
        {
            return;
        }
        if (destinationType == DTypes.Of<T>())
        {
            source.CopyToCPU(MemoryMarshal.Cast<byte, T>(destination));
            return;
        }
        var host = new T[source.Length];
        source.CopyToCPU(host);
        using Tensor staging = Tensor.From<T>(host, [host.Length]);
        Tensors.Backends.Cpu.CpuBackend.Default.CopyToHost(staging, destination, destinationType);
    }

    /// <inheritdoc/>
    public void Convert(Tensor source, Tensor destination)
    {
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            int n = source.Length;
            switch ((source.DType, destination.DType))
            {
                case (DType.Float32, DType.Float32):
                    View<float>(destination, "Convert").CopyFrom(View<float>(source, "Convert"));
                    break;
                case (DType.Float64, DType.Float64):
                    View<double>(destination, "Convert").CopyFrom(View<double>(source, "Convert"));
                    break;
                case (DType.Float32, DType.Float64):
                    _floatToDouble ??= LoadCounted<Action<Index1D, ArrayView<float>, ArrayView<double>, int, int>>("FloatToDouble", a =>
                        a.LoadAutoGroupedStreamKernel<Index1D, ArrayView<float>, ArrayView<double>, int, int>(ElementwiseKernels.FloatToDouble));
                    Launch(n, (i, launchCount, launchStride) => _floatToDouble(i, View<float>(source, "Convert"), View<double>(destination, "Convert"), launchCount, launchStride));
                    break;
                case (DType.Float64, DType.Float32):
                    _doubleToFloat ??= LoadCounted<Action<Index1D, ArrayView<double>, ArrayView<float>, int, int>>("DoubleToFloat", a =>
                        a.LoadAutoGroupedStreamKernel<Index1D, ArrayView<double>, ArrayView<float>, int, int>(ElementwiseKernels.DoubleToFloat));
                    Launch(n, (i, launchCount, launchStride) => _doubleToFloat(i, View<double>(source, "Convert"), View<float>(destination, "Convert"), launchCount, launchStride));
                    break;
                case (DType.Float16, DType.Float16):
                    View<Half>(destination, "Convert").CopyFrom(View<Half>(source, "Convert"));
                    break;
                default:
                    // float16 has no kernels: through the host, converted by the CPU backend's rules (exact rounding).
                    var host = new byte[(long)n * source.DType.SizeInBytes()];
                    switch (source.DType)
                    {
                        case DType.Float32: Download(View<float>(source, "Convert"), host, source.DType); break;
                        case DType.Float64: Download(View<double>(source, "Convert"), host, source.DType); break;
                        default: Download(View<Half>(source, "Convert"), host, source.DType); break;
                    }
                    switch (destination.DType)
                    {
                        case DType.Float32: Upload(host, source.DType, View<float>(destination, "Convert")); break;
                        case DType.Float64: Upload(host, source.DType, View<double>(destination, "Convert")); break;
                        default: Upload(host, source.DType, View<Half>(destination, "Convert")); break;
                    }
                    break;
            }
        }
    }

    private TDelegate LoadCounted<TDelegate>(string what, Func<Accelerator, TDelegate> load) where TDelegate : Delegate =>
        (TDelegate)Compile(what, a => load(a));

    /// <inheritdoc/>
    public void Fill(Tensor destination, double value)
    {
        if (destination.DType == DType.Float16)
        {
            // No float16 kernels: fill on the host and copy (float16 tensors are storage only).
            lock (_gate)
            {
                ObjectDisposedException.ThrowIf(_disposed, this);
                var host = new Half[destination.Length];
                Array.Fill(host, (Half)value);
                Upload(MemoryMarshal.AsBytes(host.AsSpan()), DType.Float16, View<Half>(destination, "Fill"));
            }
            return;
        }
        Dispatch("Fill", destination.DType,
            k => Launch(destination.Length, (i, launchCount, launchStride) => k.Fill(i, View<float>(destination, "Fill"), (float)value, launchCount, launchStride)),
            k => Launch(destination.Length, (i, launchCount, launchStride) => k.Fill(i, View<double>(destination, "Fill"), value, launchCount, launchStride)));
    }

    /// <summary>Waits until every queued kernel has finished.</summary>
    public void Synchronize()
    {
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            _accelerator.Synchronize();
        }
    }

    /// <summary>
    /// Frees the pool, the accelerator and the ILGPU context, and unregisters the backend when it is the registered one.
    /// Tensors still alive on it throw <see cref="ObjectDisposedException"/> when used.
    /// </summary>
    public void Dispose()
    {
        lock (_gate)
        {
            if (_disposed)
            {
                return;
            }
            _disposed = true;
            try
            {
                if (TensorBackends.For(Device) == this)
                {
                    TensorBackends.Unregister(this);
                }
            }
            catch (NotSupportedException)
            {
                // Never registered.
            }
            _accelerator.Synchronize();
            Pool.Dispose();
            _flag.Dispose();
            _float32 = null;
            _float64 = null;
            _floatToDouble = null;
            _doubleToFloat = null;
            _accelerator.Dispose();
            _context.Dispose();
        }
    }

    /// <inheritdoc/>
    public override string ToString() => $"IlgpuBackend({Device}, {_accelerator.AcceleratorType}: {_accelerator.Name})";

    /// <summary>Runs the float32 or float64 body under the lock; float16 throws.</summary>
    private void Dispatch(string op, DType dtype, Action<KernelSet<float, F32>> float32, Action<KernelSet<double, F64>> float64)
    {
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            switch (dtype)
            {
                case DType.Float32: float32(Float32); break;
                case DType.Float64: float64(Float64); break;
                default: throw Unsupported(op, dtype);
            }
        }
    }

    private static NotSupportedException Unsupported(string op, DType dtype) =>
        new($"IlgpuBackend.{op}: {dtype} tensors can be stored on ILGPU devices but not computed (ops run in float32 and float64); convert first, e.g. tensor.To(DType.Float32).");

    /// <summary>
    /// Launches a grid-stride kernel over n elements: at most <see cref="_launchThreads"/> threads, thread t handling
    /// elements t, t + stride, … (each element still computed by exactly one thread, so results do not depend on the
    /// thread count). ILGPU's CPU accelerator pays ~5 µs per 16-thread group, so one thread per element made a 1M-element
    /// op take seconds; on CUDA this is the usual grid-stride loop. An empty launch is skipped.
    /// </summary>
    private void Launch(int n, Action<Index1D, int, int> launch)
    {
        if (n > 0)
        {
            int threads = Math.Min(n, _launchThreads);
            launch(threads, n, threads);
        }
    }

    /// <summary>The device view of a tensor of this backend, or an ArgumentException naming the op.</summary>
    private ArrayView<T> View<T>(Tensor t, string op) where T : unmanaged
    {
        if (t.Storage is IlgpuStorage<T> storage && t.Device == Device)
        {
            return storage.View.SubView(0, t.Length);
        }
        throw new ArgumentException($"IlgpuBackend.{op}: expected a {DTypes.Of<T>()} tensor on {Device}, got {t}.");
    }

    private ArrayView<T> View<T>(Tensor? t, string op, ArrayView<T> dummy) where T : unmanaged => t is null ? dummy : View<T>(t, op);

    /// <summary>A pooled device copy of host ints (layouts, labels); return it with <see cref="IlgpuBufferPool.Return{T}"/>.</summary>
    private MemoryBuffer1D<int, Stride1D.Dense> UploadInts(ReadOnlySpan<int> values)
    {
        MemoryBuffer1D<int, Stride1D.Dense> buffer = Pool.Rent<int>(Math.Max(values.Length, 1));
        if (values.Length > 0)
        {
            ((ArrayView<int>)buffer.View).SubView(0, values.Length).CopyFromCPU(values);
        }
        return buffer;
    }

    /// <summary>Arms the strict-mode flag: kernels lower it to the smallest offending index.</summary>
    private ArrayView<int> ResetFlag()
    {
        ((ArrayView<int>)_flag.View).CopyFromCPU([int.MaxValue]);
        return _flag.View;
    }

    /// <summary>The smallest offending index a strict kernel recorded, or −1.</summary>
    private int ReadFlag()
    {
        _accelerator.Synchronize();
        var value = new int[1];
        _flag.View.CopyToCPU(value);
        return value[0] == int.MaxValue ? -1 : value[0];
    }
}
