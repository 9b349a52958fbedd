using System.Numerics;
using ILGPU;
using SourceAD.Tensors.Backends;

namespace SourceAD.Ilgpu.Kernels;

/// <summary>Elementwise, broadcasting and reduction-by-layout kernels. Kind codes are the enums' values.</summary>
internal static class ElementwiseKernels
{
    public static void Fill<T>(Index1D thread, ArrayView<T> y, T value, int elements, int stride) where T : unmanaged
    {
        for (int i = thread; i < elements; i += stride)
        {
            y[i] = value;
        }
    }

    public static void FloatToDouble(Index1D thread, ArrayView<float> x, ArrayView<double> y, int elements, int stride)
    {
        for (int i = thread; i < elements; i += stride)
        {
            y[i] = x[i];
        }
    }

    public static void DoubleToFloat(Index1D thread, ArrayView<double> x, ArrayView<float> y, int elements, int stride)
    {
        for (int i = thread; i < elements; i += stride)
        {
            y[i] = (float)x[i];
        }
    }

    /// <summary>UnaryKind: 0 Relu, 1 LeakyRelu, 2 Tanh, 3 Sigmoid, 4 Scale, 5 Abs, 6 and up the ElementwiseMath kinds (Exp … AddScalar).</summary>
    public static void Unary<T>(Index1D thread, ArrayView<T> x, ArrayView<T> y, int kind, T p, int elements, int stride) where T : unmanaged, IFloatingPointIeee754<T>
    {
        for (int i = thread; i < elements; i += stride)
        {
            T v = x[i];
            y[i] = kind switch
            {
                // v > 0 ? v : 0, so relu(−0) = 0 and NaN stays NaN.
                0 => v > T.Zero || T.IsNaN(v) ? v : T.Zero,
                1 => v > T.Zero ? v : v * p,
                2 => T.Tanh(v),
                3 => T.One / (T.One + T.Exp(-v)),
                4 => v * p,
                5 => T.Abs(v),
                // Exp and the rest: the CPU backend's scalar formulas, compiled for the device.
                _ => ElementwiseMath.Value((UnaryKind)kind, v, p),
            };
        }
    }

    /// <summary>
    /// result = f′(x)·g. For the kinks (ReLU, leaky ReLU, |x|) <paramref name="below"/>, <paramref name="atZero"/> and
    /// <paramref name="atNaN"/> are the host's <c>KinkFactors</c> (NonsmoothSemantics); under a strict policy the smallest
    /// index of an exact 0 goes to <paramref name="flag"/>[0] and the host throws.
    /// </summary>
    public static void DerivativeProduct<T>(
        Index1D thread, ArrayView<T> x, ArrayView<T> y, ArrayView<T> g, ArrayView<T> r, int kind, T p, T below, T atZero, T atNaN, int strict, ArrayView<int> flag, int elements, int stride)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        for (int i = thread; i < elements; i += stride)
        {
            T v = x[i], yv = y[i], gv = g[i];
            if (strict != 0 && (kind == 0 || kind == 1 || kind == 5) && v == T.Zero)
            {
                Atomic.Min(ref flag[0], i);
            }
            r[i] = kind switch
            {
                2 => gv * (T.One - yv * yv),
                3 => gv * (yv * (T.One - yv)),
                4 => gv * p,
                >= 6 => gv * ElementwiseMath.Derivative((UnaryKind)kind, v, yv, p),
                _ => gv * (v > T.Zero ? T.One : v < T.Zero ? below : v == T.Zero ? atZero : atNaN),
            };
        }
    }

    private static T Apply<T>(int kind, T a, T b) where T : unmanaged, IFloatingPointIeee754<T> => kind switch
    {
        0 => a + b,
        1 => a - b,
        2 => a * b,
        3 => a / b,
        4 => KernelMath.Maximum(a, b),
        _ => a,
    };

    /// <summary>Same-shape operands. BinaryKind codes, plus 5 = copy a (broadcast).</summary>
    public static void Binary<T>(Index1D thread, ArrayView<T> a, ArrayView<T> b, ArrayView<T> y, int kind, int elements, int stride) where T : unmanaged, IFloatingPointIeee754<T>
    {
        for (int i = thread; i < elements; i += stride)
        {
            y[i] = Apply(kind, a[i], b[i]);
        }
    }

    /// <summary>Broadcasting: meta = [rank, y shape…, a strides…, b strides…] (stride 0 on stretched axes).</summary>
    public static void BinaryBroadcast<T>(Index1D thread, ArrayView<T> a, ArrayView<T> b, ArrayView<T> y, int kind, ArrayView<int> meta, int elements, int stride)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        for (int i = thread; i < elements; i += stride)
        {
            int rank = meta[0];
            int rem = i, offA = 0, offB = 0;
            for (int axis = rank - 1; axis >= 0; axis--)
            {
                int size = meta[1 + axis];
                int idx = rem % size;
                rem /= size;
                offA += idx * meta[1 + rank + axis];
                offB += idx * meta[1 + 2 * rank + axis];
            }
            y[i] = Apply(kind, a[offA], b[offB]);
        }
    }

    /// <summary>y[group] = Σ of the group's x elements in ascending order, in double (as the CPU backend).</summary>
    public static void SumTo<T, TReal>(Index1D thread, ArrayView<T> x, ArrayView<T> y, ArrayView<int> layout, int elements, int stride)
        where T : unmanaged, IFloatingPointIeee754<T>
        where TReal : struct, IReal<T>
    {
        for (int group = thread; group < elements; group += stride)
        {
            int start = Layout.Start(layout, group), count = Layout.Count(layout);
            double sum = 0;
            for (int r = 0; r < count; r++)
            {
                sum += default(TReal).ToDouble(x[start + Layout.Offset(layout, r)]);
            }
            y[group] = default(TReal).FromDouble(sum);
        }
    }

    /// <summary>y[…, c, …] += bias[c] with c = (i / inner) % channels.</summary>
    public static void AddBias<T>(Index1D thread, ArrayView<T> y, ArrayView<T> bias, int channels, int inner, int elements, int stride) where T : unmanaged, IFloatingPointIeee754<T>
    {
        for (int i = thread; i < elements; i += stride)
        {
            y[i] += bias[i / inner % channels];
        }
    }

    /// <summary>bias[c] = Σ over (outer, inner) in order, in double.</summary>
    public static void SumToBias<T, TReal>(Index1D thread, ArrayView<T> x, ArrayView<T> bias, int outer, int channels, int inner, int elements, int stride)
        where T : unmanaged, IFloatingPointIeee754<T>
        where TReal : struct, IReal<T>
    {
        for (int c = thread; c < elements; c += stride)
        {
            double sum = 0;
            for (int o = 0; o < outer; o++)
            {
                int row = (o * channels + c) * inner;
                for (int k = 0; k < inner; k++)
                {
                    sum += default(TReal).ToDouble(x[row + k]);
                }
            }
            bias[c] = default(TReal).FromDouble(sum);
        }
    }
}

/// <summary>
/// The reduction layout on the device: [kept, reduced, kept sizes…, kept strides…, reduced sizes…, reduced strides…]
/// (x strides), so group g's elements are Start(g) + Offset(r), r ascending = row-major order.
/// </summary>
internal static class Layout
{
    public static int Count(ArrayView<int> m)
    {
        int kept = m[0], reduced = m[1], count = 1;
        for (int k = 0; k < reduced; k++)
        {
            count *= m[2 + 2 * kept + k];
        }
        return count;
    }

    public static int Start(ArrayView<int> m, int group)
    {
        int kept = m[0], start = 0, rem = group;
        for (int k = kept - 1; k >= 0; k--)
        {
            int size = m[2 + k];
            start += rem % size * m[2 + kept + k];
            rem /= size;
        }
        return start;
    }

    public static int Offset(ArrayView<int> m, int r)
    {
        int kept = m[0], reduced = m[1], baseIndex = 2 + 2 * kept, offset = 0, rem = r;
        for (int k = reduced - 1; k >= 0; k--)
        {
            int size = m[baseIndex + k];
            offset += rem % size * m[baseIndex + reduced + k];
            rem /= size;
        }
        return offset;
    }
}
