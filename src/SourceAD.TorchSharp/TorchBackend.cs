using System.Runtime.InteropServices;
using SourceAD.Tensors;
using SourceAD.Tensors.Backends;
using TorchSharp;
using Tensor = SourceAD.Tensors.Tensor;

namespace SourceAD.TorchSharp;

/// <summary>
/// The SourceAD tensor backend on libtorch (through TorchSharp), for libtorch's CPU or one CUDA device. Every kernel
/// runs as libtorch ops under <c>torch.no_grad()</c> inside a dispose scope, so libtorch builds no autograd graph and
/// every temporary is freed before the call returns: SourceAD's generated code does the differentiation. Nonsmooth
/// points follow the <see cref="DerivativePolicy"/> exactly as <see cref="Tensors.Backends.Cpu.CpuBackend"/> does (every
/// tie rule, strict mode). float32 and float64 run natively; float16 tensors are stored as float16 and computed in
/// float32, rounded once per kernel (as the CPU backend does).
/// </summary>
/// <remarks>Obtain it through <c>Device.Torch()</c>, which creates and registers one instance per device.</remarks>
public sealed partial class TorchBackend : ITensorBackend
{
    /// <summary>A backend for libtorch's CPU (<paramref name="cudaOrdinal"/> = −1) or CUDA device <paramref name="cudaOrdinal"/>.</summary>
    /// <exception cref="NotSupportedException">CUDA was asked for and libtorch cannot initialise it (a CPU-only TorchSharp or no GPU).</exception>
    public TorchBackend(int cudaOrdinal = -1)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(cudaOrdinal, -1);
        Device = new Device(DeviceKind.Torch, cudaOrdinal);
        try
        {
            TorchDevice = cudaOrdinal < 0 ? torch.CPU : torch.device(DeviceType.CUDA, cudaOrdinal);
        }
        catch (InvalidOperationException e)
        {
            throw new NotSupportedException(
                $"Device.Torch({cudaOrdinal}): libtorch could not initialise CUDA. Reference a CUDA build of TorchSharp "
                + "(TorchSharp-cuda-linux or TorchSharp-cuda-windows) instead of TorchSharp-cpu and run on a machine with an "
                + "NVIDIA GPU, or use Device.Torch() for libtorch's CPU.", e);
        }
        IsCpu = cudaOrdinal < 0;
        // libtorch's oneDNN float32 convolution backward-data is wrong on some AVX-512 CPUs (see TorchMkldnn).
        TorchMkldnn.Enabled = false;
    }

    /// <inheritdoc/>
    public Device Device { get; }

    /// <summary>The libtorch device the tensors live on.</summary>
    public torch.Device TorchDevice { get; }

    /// <summary>True for libtorch's CPU, whose memory the host can address directly.</summary>
    public bool IsCpu { get; }

    /// <inheritdoc/>
    public TensorStorage Allocate(DType dtype, int length, bool clear)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(length);
        _ = ScalarTypeOf(dtype);
        return new TorchStorage(this, dtype, length, clear);
    }

    /// <inheritdoc/>
    public void CopyFromHost(ReadOnlySpan<byte> source, DType sourceType, Tensor destination)
    {
        TorchStorage storage = Out(destination);
        using var op = Begin();
        if (IsCpu && sourceType == destination.DType)
        {
            source.CopyTo(storage.Flat.bytes);
            return;
        }
        torch.Tensor host = torch.empty(destination.Length, ScalarTypeOf(sourceType));
        source.CopyTo(host.bytes);
        storage.Flat.copy_(host);
    }

    /// <inheritdoc/>
    public void CopyToHost(Tensor source, Span<byte> destination, DType destinationType)
    {
        TorchStorage storage = StorageOf(source);
        using var op = Begin();
        if (IsCpu && destinationType == source.DType)
        {
            storage.Flat.bytes.CopyTo(destination);
            return;
        }
        torch.Tensor host = storage.Flat.to(ScalarTypeOf(destinationType), torch.CPU);
        host.bytes.CopyTo(destination);
    }

    /// <inheritdoc/>
    public void Convert(Tensor source, Tensor destination)
    {
        using var op = Begin();
        Write(destination, View(source));
    }

    /// <inheritdoc/>
    public void Fill(Tensor destination, double value)
    {
        using var op = Begin();
        // Rounded to the element type in .NET first (as the CPU backend does: out-of-range values become ±∞, where
        // libtorch would refuse them).
        double rounded = destination.DType switch
        {
            DType.Float32 => (float)value,
            DType.Float16 => (double)(Half)value,
            _ => value,
        };
        Out(destination).Flat.fill_(rounded);
    }

    /// <summary>The libtorch element type of <paramref name="dtype"/>.</summary>
    internal torch.ScalarType ScalarTypeOf(DType dtype) => dtype switch
    {
        DType.Float32 => torch.ScalarType.Float32,
        DType.Float64 => torch.ScalarType.Float64,
        DType.Float16 => torch.ScalarType.Float16,
        _ => throw new NotSupportedException($"The TorchSharp backend supports float32, float64 and float16 tensors, not {dtype}."),
    };

    /// <summary>True when <paramref name="t"/> lives on this backend's libtorch device.</summary>
    internal bool IsOnDevice(torch.Tensor t) =>
        t.device_type == TorchDevice.type && (IsCpu || t.device_index == TorchDevice.index);

    /// <summary>The storage of a tensor on this backend's device.</summary>
    internal TorchStorage StorageOf(Tensor t) =>
        t.Storage is TorchStorage s && s.Backend == this
            ? s
            : throw new ArgumentException($"Expected a tensor on {Device}, got {t}.");

    /// <summary>The storage of a tensor the kernel is about to write (drops what was cached from its old contents).</summary>
    internal TorchStorage Out(Tensor t)
    {
        TorchStorage storage = StorageOf(t);
        storage.MarkWritten();
        return storage;
    }

    /// <summary>
    /// Starts a kernel: autograd off and a dispose scope that frees every libtorch temporary the kernel makes.
    /// </summary>
    private static OpScope Begin() => new(torch.no_grad(), torch.NewDisposeScope());

    /// <summary>The tensor's memory with its SourceAD shape (a cached view the storage owns; never dispose it).</summary>
    private torch.Tensor View(Tensor t) => StorageOf(t).View(t.Shape);

    /// <summary>
    /// The tensor as a kernel reads it: <see cref="View"/>, widened to float32 for float16 tensors (a temporary of the
    /// current scope).
    /// </summary>
    private torch.Tensor In(Tensor t)
    {
        torch.Tensor view = View(t);
        return t.DType == DType.Float16 ? view.to(torch.ScalarType.Float32) : view;
    }

    /// <summary>The dtype kernels compute in for <paramref name="dtype"/> (float16 is computed in float32).</summary>
    private static torch.ScalarType ComputeType(DType dtype) =>
        dtype == DType.Float64 ? torch.ScalarType.Float64 : torch.ScalarType.Float32;

    /// <summary>
    /// Stores a kernel's result: when <paramref name="fresh"/> (a new libtorch output no SourceAD tensor uses) and the
    /// destination's memory is still unused, the result becomes its memory (no copy); otherwise it is copied (and converted).
    /// </summary>
    private void Store(Tensor destination, torch.Tensor fresh)
    {
        TorchStorage storage = Out(destination);
        if (!storage.TryAdopt(fresh, destination.Shape))
        {
            storage.View(destination.Shape).copy_(fresh);
        }
    }

    /// <summary>Copies <paramref name="value"/> (which may alias another tensor's memory) into the destination.</summary>
    private void Write(Tensor destination, torch.Tensor value) => Out(destination).View(destination.Shape).copy_(value);

    /// <summary>The kernel's context: autograd disabled and a dispose scope, released in reverse order.</summary>
    private readonly struct OpScope(IDisposable noGrad, DisposeScope scope) : IDisposable
    {
        public void Dispose()
        {
            scope.Dispose();
            noGrad.Dispose();
        }
    }

    private static readonly long[][] Pairs = Enumerable.Range(0, 16).Select(v => new long[] { v, v }).ToArray();

    /// <summary>[v, v] for libtorch's 2-D geometry arguments (cached for small v, so kernels allocate no arrays).</summary>
    private static long[] Pair(int v) => (uint)v < (uint)Pairs.Length ? Pairs[v] : [v, v];

    /// <summary>
    /// A per-channel vector t lined up with <paramref name="axis"/> of a rank-<paramref name="rank"/> tensor: viewed as
    /// [C, 1, …, 1] (trailing ones; leading axes broadcast), a view cached by t's storage.
    /// </summary>
    private torch.Tensor PerAxis(Tensor t, int rank, int axis)
    {
        Span<int> shape = stackalloc int[rank - axis];
        shape.Fill(1);
        shape[0] = t.Length;
        torch.Tensor view = StorageOf(t).View(shape);
        return t.DType == DType.Float16 ? view.to(torch.ScalarType.Float32) : view;
    }

    /// <summary>A labels tensor (int64, on the device) built without managed allocations on the CPU.</summary>
    private torch.Tensor Labels(ReadOnlySpan<int> labels)
    {
        torch.Tensor host = torch.empty(labels.Length, torch.ScalarType.Int64);
        Span<long> data = MemoryMarshal.Cast<byte, long>(host.bytes);
        for (int i = 0; i < labels.Length; i++)
        {
            data[i] = labels[i];
        }
        return IsCpu ? host : host.to(TorchDevice);
    }
}
