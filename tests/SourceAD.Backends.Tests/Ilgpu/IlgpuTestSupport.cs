using SourceAD.Ilgpu;
using SourceAD.Tensors;
using SourceAD.Tensors.Backends;
using SourceAD.Tensors.Backends.Cpu;

namespace SourceAD.Backends.Tests.Ilgpu;

/// <summary>ILGPU tests share one process-wide CPU-accelerator backend (compiling kernels is the slow part) and run one at a time.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class IlgpuCollection
{
    public const string Name = "ILGPU";
}

internal static class IlgpuTestSupport
{
    public static IlgpuBackend Backend => IlgpuDevice.SharedBackend(IlgpuAccelerator.Cpu);

    private static readonly Lazy<IlgpuBackend> Tiled = new(() =>
    {
        IlgpuBackend backend = IlgpuBackend.Create(IlgpuAccelerator.Cpu, tiledGemm: true);
        TensorBackends.Register(backend);
        return backend;
    });

    /// <summary>A second CPU-accelerator backend, created with the tiled GEMM (the shared one uses the simple kernel there).</summary>
    public static IlgpuBackend TiledBackend => Tiled.Value;

    public static Device IlgpuCpu => Device.Ilgpu(IlgpuAccelerator.Cpu);

    public static CpuBackend Cpu => CpuBackend.Default;

    /// <summary>A CPU tensor of values in [−1, 1) from a fixed seed (quantized when asked, to make ties).</summary>
    public static Tensor Random(int[] shape, int seed, DType dtype = DType.Float32, int levels = 0)
    {
        var random = new Random(seed);
        double[] values = new double[TensorShape.Count(shape)];
        for (int i = 0; i < values.Length; i++)
        {
            double v = random.NextDouble() * 2 - 1;
            values[i] = levels > 0 ? Math.Round(v * levels) / levels : v;
        }
        using Tensor wide = Tensor.From<double>(values, shape);
        return wide.To(dtype);
    }

    public static Tensor OnDevice(Tensor cpu) => cpu.To(IlgpuCpu);

    /// <summary>Asserts equal shapes and |a − b| ≤ tol·max(1, |b|) elementwise (tol = 0: bitwise equal values).</summary>
    public static void AssertClose(Tensor expected, Tensor actual, double tol, string what)
    {
        Assert.Equal(expected.ShapeArray, actual.ShapeArray);
        double[] e = expected.ToDoubleArray(), a = actual.ToDoubleArray();
        for (int i = 0; i < e.Length; i++)
        {
            bool ok = tol == 0
                ? BitConverter.DoubleToInt64Bits(e[i]) == BitConverter.DoubleToInt64Bits(a[i]) || (double.IsNaN(e[i]) && double.IsNaN(a[i]))
                : (double.IsNaN(e[i]) && double.IsNaN(a[i])) || e[i] == a[i] || Math.Abs(e[i] - a[i]) <= tol * Math.Max(1, Math.Abs(e[i]));
            Assert.True(ok, $"{what}: element {i} is {a[i]:R} on ILGPU, {e[i]:R} on the CPU backend.");
        }
    }

    public static double Tolerance(DType dtype) => dtype == DType.Float32 ? 1e-5 : 1e-12;

    /// <summary>
    /// Runs <paramref name="op"/> on the CPU backend and on the ILGPU backend with the same inputs (copied to the device) and
    /// fresh outputs of the given shapes, then compares every output.
    /// </summary>
    public static void Compare(string what, DType dtype, Tensor[] inputs, int[][] outputShapes, Action<ITensorBackend, Tensor[], Tensor[]> op, double? tol = null) =>
        Compare(Backend, what, dtype, inputs, outputShapes, op, tol);

    /// <summary><see cref="Compare(string, DType, Tensor[], int[][], Action{ITensorBackend, Tensor[], Tensor[]}, double?)"/> on a given ILGPU backend.</summary>
    public static void Compare(IlgpuBackend backend, string what, DType dtype, Tensor[] inputs, int[][] outputShapes, Action<ITensorBackend, Tensor[], Tensor[]> op, double? tol = null)
    {
        Tensor[] cpuOut = outputShapes.Select(s => Tensor.Zeros(s, dtype)).ToArray();
        Tensor[] devIn = inputs.Select(t => t.To(backend.Device)).ToArray();
        Tensor[] devOut = outputShapes.Select(s => Tensor.Zeros(s, dtype, backend.Device)).ToArray();
        try
        {
            op(Cpu, inputs, cpuOut);
            op(backend, devIn, devOut);
            for (int i = 0; i < cpuOut.Length; i++)
            {
                AssertClose(cpuOut[i], devOut[i], tol ?? Tolerance(dtype), $"{what} ({dtype}) output {i}");
            }
        }
        finally
        {
            foreach (Tensor t in cpuOut.Concat(devIn).Concat(devOut))
            {
                t.Dispose();
            }
        }
    }
}
