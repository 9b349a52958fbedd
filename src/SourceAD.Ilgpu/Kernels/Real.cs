using System.Numerics;
using ILGPU.Runtime;
using ILGPU.Runtime.Cuda;

namespace SourceAD.Ilgpu.Kernels;

/// <summary>
/// Conversions between an element type and double inside kernels. ILGPU cannot compile T.CreateTruncating (it
/// branches on System.Type), so kernels take this as a struct type argument and call it on default(TReal).
/// </summary>
internal interface IReal<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    double ToDouble(T value);

    T FromDouble(double value);

    /// <summary>
    /// a·b rounded on its own. ILGPU emits mul.f32/add.f32 without a rounding mode, which ptxas may fuse into an FMA
    /// (one rounding instead of two); an inline mul.rn never fuses, so sums of products at ties keep the CPU backend's
    /// bits. The branch is a constant in every backend (ptxas drops the other side).
    /// </summary>
    T Mul(T a, T b);
}

internal readonly struct F32 : IReal<float>
{
    public double ToDouble(float value) => value;

    public float FromDouble(double value) => (float)value;

    public float Mul(float a, float b)
    {
        if (Accelerator.CurrentType == AcceleratorType.Cuda)
        {
            CudaAsm.Emit("mul.rn.f32 %0, %1, %2;", out float product, a, b);
            return product;
        }
        return a * b;
    }
}

internal readonly struct F64 : IReal<double>
{
    public double ToDouble(double value) => value;

    public double FromDouble(double value) => value;

    public double Mul(double a, double b)
    {
        if (Accelerator.CurrentType == AcceleratorType.Cuda)
        {
            CudaAsm.Emit("mul.rn.f64 %0, %1, %2;", out double product, a, b);
            return product;
        }
        return a * b;
    }
}

/// <summary>Square GEMM tile sides as types: shared memory needs a compile-time size, which ILGPU folds from these.</summary>
internal interface ITile
{
    int Side { get; }
}

/// <summary>16×16 tiles (256 threads per group): the CUDA choice.</summary>
internal readonly struct Tile16 : ITile
{
    public int Side => 16;
}

/// <summary>4×4 tiles: ILGPU's CPU accelerator allows at most 16 threads per group.</summary>
internal readonly struct Tile4 : ITile
{
    public int Side => 4;
}

/// <summary>Scalar helpers shared by kernels.</summary>
internal static class KernelMath
{
    /// <summary>max(a, b) with NaN propagating and +0 above −0 (TensorPrimitives.Max); PTX max.f32 would drop NaN.</summary>
    public static T Maximum<T>(T a, T b) where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (T.IsNaN(a))
        {
            return a;
        }
        if (T.IsNaN(b))
        {
            return b;
        }
        if (a > b)
        {
            return a;
        }
        if (b > a)
        {
            return b;
        }
        // Equal: only ±0 can differ, and (+0) + (−0) = +0 while (−0) + (−0) = −0.
        return a == T.Zero ? a + b : a;
    }
}
