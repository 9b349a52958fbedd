using System.Numerics;

namespace SourceAD.Ilgpu.Kernels;

/// <summary>
/// Conversions between an element type and double inside kernels. ILGPU cannot compile T.CreateTruncating (it
/// branches on System.Type), so kernels take this as a struct type argument and call it on default(TReal).
/// </summary>
internal interface IReal<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    double ToDouble(T value);

    T FromDouble(double value);
}

internal readonly struct F32 : IReal<float>
{
    public double ToDouble(float value) => value;

    public float FromDouble(double value) => (float)value;
}

internal readonly struct F64 : IReal<double>
{
    public double ToDouble(double value) => value;

    public double FromDouble(double value) => value;
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

    /// <summary>TieChoice.Share(position, count) for rule 0 Native, 1 Minimal, 2 Hybrid β, computed as the host does.</summary>
    public static double Share(int position, int count, int rule, double beta)
    {
        if (count <= 1)
        {
            return 1.0;
        }
        double native = position == 0 ? 1.0 : 0.0;
        double minimal = 1.0 / count;
        return rule == 1 ? minimal : rule == 2 ? (1.0 - beta) * native + beta * minimal : native;
    }
}
