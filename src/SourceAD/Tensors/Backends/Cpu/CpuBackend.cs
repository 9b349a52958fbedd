using System.Numerics;
using System.Runtime.InteropServices;

namespace SourceAD.Tensors.Backends.Cpu;

/// <summary>
/// The managed CPU backend: TensorPrimitives and Vector&lt;T&gt; kernels, multi-threaded over data-defined work items,
/// with bitwise-identical results for any thread count. float32 and float64 run natively; float16 tensors are widened
/// to float32, computed, and rounded back once per kernel.
/// </summary>
public sealed partial class CpuBackend : ITensorBackend
{
    private static readonly AsyncLocal<int> ThreadOverride = new();

    /// <summary>The instance <see cref="TensorBackends.For"/> returns for <see cref="Device.Cpu"/>.</summary>
    public static CpuBackend Default { get; } = new();

    /// <summary>
    /// The most threads a kernel uses: the innermost <see cref="UseThreads"/> scope of the calling flow if any,
    /// otherwise <see cref="Environment.ProcessorCount"/>.
    /// </summary>
    public static int MaxThreads => ThreadOverride.Value > 0 ? ThreadOverride.Value : Environment.ProcessorCount;

    /// <summary>
    /// Limits kernels started from the current async flow to <paramref name="threads"/> threads until the returned
    /// scope is disposed (results do not change, only speed; tests use it to prove that).
    /// </summary>
    public static IDisposable UseThreads(int threads)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(threads, 1);
        int previous = ThreadOverride.Value;
        ThreadOverride.Value = threads;
        return new Scope(() => ThreadOverride.Value = previous);
    }

    /// <summary>
    /// Bytes of managed memory that the backend's pool threads allocated while running kernels' work items, since the
    /// process started (a diagnostic: with <see cref="GC.GetAllocatedBytesForCurrentThread"/> on the calling thread it
    /// accounts for every allocation of a step; after warm-up both stay flat).
    /// </summary>
    public static long PoolThreadAllocatedBytes => CpuParallel.WorkerAllocatedBytes;

    /// <inheritdoc/>
    public Device Device => Device.Cpu;

    /// <inheritdoc/>
    public TensorStorage Allocate(DType dtype, int length, bool clear) => dtype switch
    {
        DType.Float32 => CpuStorage<float>.Create(length, clear),
        DType.Float64 => CpuStorage<double>.Create(length, clear),
        DType.Float16 => CpuStorage<Half>.Create(length, clear),
        _ => throw new ArgumentOutOfRangeException(nameof(dtype), dtype, "Unknown dtype."),
    };

    /// <inheritdoc/>
    public void CopyFromHost(ReadOnlySpan<byte> source, DType sourceType, Tensor destination)
    {
        switch (sourceType)
        {
            case DType.Float32: ConvertSpan(MemoryMarshal.Cast<byte, float>(source), destination); break;
            case DType.Float64: ConvertSpan(MemoryMarshal.Cast<byte, double>(source), destination); break;
            default: ConvertSpan(MemoryMarshal.Cast<byte, Half>(source), destination); break;
        }
    }

    /// <inheritdoc/>
    public void CopyToHost(Tensor source, Span<byte> destination, DType destinationType)
    {
        switch (destinationType)
        {
            case DType.Float32: ConvertSpan(source, MemoryMarshal.Cast<byte, float>(destination)); break;
            case DType.Float64: ConvertSpan(source, MemoryMarshal.Cast<byte, double>(destination)); break;
            default: ConvertSpan(source, MemoryMarshal.Cast<byte, Half>(destination)); break;
        }
    }

    /// <inheritdoc/>
    public void Convert(Tensor source, Tensor destination)
    {
        switch (source.DType)
        {
            case DType.Float32: ConvertSpan<float>(source.AsSpan<float>(), destination); break;
            case DType.Float64: ConvertSpan<double>(source.AsSpan<double>(), destination); break;
            default: ConvertSpan<Half>(source.AsSpan<Half>(), destination); break;
        }
    }

    /// <inheritdoc/>
    public void Fill(Tensor destination, double value)
    {
        switch (destination.DType)
        {
            case DType.Float32: destination.AsSpan<float>().Fill((float)value); break;
            case DType.Float64: destination.AsSpan<double>().Fill(value); break;
            default: destination.AsSpan<Half>().Fill((Half)value); break;
        }
    }

    private static void ConvertSpan<TFrom>(ReadOnlySpan<TFrom> source, Tensor destination) where TFrom : unmanaged, INumberBase<TFrom>
    {
        switch (destination.DType)
        {
            case DType.Float32: ConvertSpan(source, destination.AsSpan<float>()); break;
            case DType.Float64: ConvertSpan(source, destination.AsSpan<double>()); break;
            default: ConvertSpan(source, destination.AsSpan<Half>()); break;
        }
    }

    private static void ConvertSpan<TTo>(Tensor source, Span<TTo> destination) where TTo : unmanaged, INumberBase<TTo>
    {
        switch (source.DType)
        {
            case DType.Float32: ConvertSpan<float, TTo>(source.AsSpan<float>(), destination); break;
            case DType.Float64: ConvertSpan<double, TTo>(source.AsSpan<double>(), destination); break;
            default: ConvertSpan<Half, TTo>(source.AsSpan<Half>(), destination); break;
        }
    }

    private static void ConvertSpan<TFrom, TTo>(ReadOnlySpan<TFrom> source, Span<TTo> destination)
        where TFrom : unmanaged, INumberBase<TFrom>
        where TTo : unmanaged, INumberBase<TTo>
    {
        if (typeof(TFrom) == typeof(TTo))
        {
            MemoryMarshal.Cast<TFrom, TTo>(source).CopyTo(destination);
            return;
        }
        for (int i = 0; i < source.Length; i++)
        {
            destination[i] = TTo.CreateTruncating(source[i]);
        }
    }

    /// <summary>The pooled array behind a CPU tensor (every tensor starts at element 0 of its storage).</summary>
    internal static T[] Data<T>(Tensor t) where T : unmanaged =>
        t.Storage is CpuStorage<T> cpu ? cpu.Array : throw new ArgumentException($"Expected a {DTypes.Of<T>()} CPU tensor, got {t}.");

    /// <summary>
    /// Runs a float32 kernel for float16 tensors: widens <paramref name="inputs"/> (and <paramref name="outputs"/> when
    /// <paramref name="readsOutputs"/>), runs, and rounds the outputs back.
    /// </summary>
    private static void ViaFloat32(Tensor?[] inputs, Tensor[] outputs, bool readsOutputs, Action<Tensor?[], Tensor[]> run)
    {
        var wideIn = new Tensor?[inputs.Length];
        var wideOut = new Tensor[outputs.Length];
        try
        {
            for (int i = 0; i < inputs.Length; i++)
            {
                wideIn[i] = inputs[i]?.To(DType.Float32);
            }
            for (int i = 0; i < outputs.Length; i++)
            {
                wideOut[i] = readsOutputs ? outputs[i].To(DType.Float32) : Tensor.Empty(outputs[i].Shape, DType.Float32);
            }
            run(wideIn, wideOut);
            for (int i = 0; i < outputs.Length; i++)
            {
                Default.Convert(wideOut[i], outputs[i]);
            }
        }
        finally
        {
            foreach (Tensor? t in wideIn)
            {
                t?.Dispose();
            }
            foreach (Tensor? t in wideOut)
            {
                t?.Dispose();
            }
        }
    }

    private sealed class Scope(Action onDispose) : IDisposable
    {
        private Action? _onDispose = onDispose;

        public void Dispose() => Interlocked.Exchange(ref _onDispose, null)?.Invoke();
    }
}
