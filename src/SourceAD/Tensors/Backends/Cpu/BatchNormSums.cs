using System.Numerics;
using System.Runtime.InteropServices;

namespace SourceAD.Tensors.Backends.Cpu;

/// <summary>
/// Batch norm's per-plane loops, vectorised in double: float32 elements are widened to double lanes (float64 ones are
/// loaded as they are), every lane accumulates in double, the lanes are added in a fixed order, then the scalar tail.
/// The order depends on the plane's length only, never on threads. The element-wise derivative computes each element
/// with the same double operations, in the same order, as a scalar loop would.
/// </summary>
internal static class BatchNormSums
{
    /// <summary>Σ x.</summary>
    public static double Sum<T>(ReadOnlySpan<T> x) where T : unmanaged, IFloatingPointIeee754<T>
    {
        Vector<double> acc0 = Vector<double>.Zero, acc1 = Vector<double>.Zero;
        int i = 0;
        if (typeof(T) == typeof(float))
        {
            ReadOnlySpan<float> xf = MemoryMarshal.Cast<T, float>(x);
            for (; i + Vector<float>.Count <= xf.Length; i += Vector<float>.Count)
            {
                Vector.Widen(new Vector<float>(xf[i..]), out Vector<double> lo, out Vector<double> hi);
                acc0 += lo;
                acc1 += hi;
            }
        }
        else if (typeof(T) == typeof(double))
        {
            ReadOnlySpan<double> xd = MemoryMarshal.Cast<T, double>(x);
            for (; i + 2 * Vector<double>.Count <= xd.Length; i += 2 * Vector<double>.Count)
            {
                acc0 += new Vector<double>(xd[i..]);
                acc1 += new Vector<double>(xd[(i + Vector<double>.Count)..]);
            }
        }
        double sum = Vector.Sum(acc0 + acc1);
        for (; i < x.Length; i++)
        {
            sum += double.CreateTruncating(x[i]);
        }
        return sum;
    }

    /// <summary>Σ (x − mu)².</summary>
    public static double SquaredDeviations<T>(ReadOnlySpan<T> x, double mu) where T : unmanaged, IFloatingPointIeee754<T>
    {
        Vector<double> acc0 = Vector<double>.Zero, acc1 = Vector<double>.Zero, m = new(mu);
        int i = 0;
        if (typeof(T) == typeof(float))
        {
            ReadOnlySpan<float> xf = MemoryMarshal.Cast<T, float>(x);
            for (; i + Vector<float>.Count <= xf.Length; i += Vector<float>.Count)
            {
                Vector.Widen(new Vector<float>(xf[i..]), out Vector<double> lo, out Vector<double> hi);
                lo -= m;
                hi -= m;
                acc0 += lo * lo;
                acc1 += hi * hi;
            }
        }
        else if (typeof(T) == typeof(double))
        {
            ReadOnlySpan<double> xd = MemoryMarshal.Cast<T, double>(x);
            for (; i + 2 * Vector<double>.Count <= xd.Length; i += 2 * Vector<double>.Count)
            {
                Vector<double> lo = new Vector<double>(xd[i..]) - m, hi = new Vector<double>(xd[(i + Vector<double>.Count)..]) - m;
                acc0 += lo * lo;
                acc1 += hi * hi;
            }
        }
        double sum = Vector.Sum(acc0 + acc1);
        for (; i < x.Length; i++)
        {
            double d = double.CreateTruncating(x[i]) - mu;
            sum += d * d;
        }
        return sum;
    }

    /// <summary>(Σ g, Σ (x − mu)·inv·g).</summary>
    public static (double SumG, double SumXhatG) GradientSums<T>(ReadOnlySpan<T> x, ReadOnlySpan<T> g, double mu, double inv)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        Vector<double> g0 = Vector<double>.Zero, g1 = Vector<double>.Zero, xg0 = Vector<double>.Zero, xg1 = Vector<double>.Zero;
        Vector<double> m = new(mu), s = new(inv);
        int i = 0;
        if (typeof(T) == typeof(float))
        {
            ReadOnlySpan<float> xf = MemoryMarshal.Cast<T, float>(x), gf = MemoryMarshal.Cast<T, float>(g);
            for (; i + Vector<float>.Count <= xf.Length; i += Vector<float>.Count)
            {
                Vector.Widen(new Vector<float>(xf[i..]), out Vector<double> xlo, out Vector<double> xhi);
                Vector.Widen(new Vector<float>(gf[i..]), out Vector<double> glo, out Vector<double> ghi);
                g0 += glo;
                g1 += ghi;
                xg0 += (xlo - m) * s * glo;
                xg1 += (xhi - m) * s * ghi;
            }
        }
        else if (typeof(T) == typeof(double))
        {
            ReadOnlySpan<double> xd = MemoryMarshal.Cast<T, double>(x), gd = MemoryMarshal.Cast<T, double>(g);
            int v = Vector<double>.Count;
            for (; i + 2 * v <= xd.Length; i += 2 * v)
            {
                Vector<double> glo = new(gd[i..]), ghi = new(gd[(i + v)..]);
                g0 += glo;
                g1 += ghi;
                xg0 += (new Vector<double>(xd[i..]) - m) * s * glo;
                xg1 += (new Vector<double>(xd[(i + v)..]) - m) * s * ghi;
            }
        }
        double sumG = Vector.Sum(g0 + g1), sumXhatG = Vector.Sum(xg0 + xg1);
        for (; i < x.Length; i++)
        {
            double gv = double.CreateTruncating(g[i]);
            sumG += gv;
            sumXhatG += (double.CreateTruncating(x[i]) - mu) * inv * gv;
        }
        return (sumG, sumXhatG);
    }

    /// <summary>r = scale·(g − meanG − (x − mu)·inv·meanXhatG) with batch statistics, scale·g without, in double.</summary>
    public static void InputDerivative<T>(ReadOnlySpan<T> x, ReadOnlySpan<T> g, Span<T> r,
        double mu, double inv, double scale, double meanG, double meanXhatG, bool batchStatistics)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        Vector<double> m = new(mu), s = new(inv), sc = new(scale), mg = new(meanG), mx = new(meanXhatG);
        int i = 0;
        if (typeof(T) == typeof(float))
        {
            ReadOnlySpan<float> xf = MemoryMarshal.Cast<T, float>(x), gf = MemoryMarshal.Cast<T, float>(g);
            Span<float> rf = MemoryMarshal.Cast<T, float>(r);
            for (; i + Vector<float>.Count <= xf.Length; i += Vector<float>.Count)
            {
                Vector.Widen(new Vector<float>(gf[i..]), out Vector<double> glo, out Vector<double> ghi);
                if (batchStatistics)
                {
                    Vector.Widen(new Vector<float>(xf[i..]), out Vector<double> xlo, out Vector<double> xhi);
                    glo = glo - mg - (xlo - m) * s * mx;
                    ghi = ghi - mg - (xhi - m) * s * mx;
                }
                Vector.Narrow(sc * glo, sc * ghi).CopyTo(rf[i..]);
            }
        }
        else if (typeof(T) == typeof(double))
        {
            ReadOnlySpan<double> xd = MemoryMarshal.Cast<T, double>(x), gd = MemoryMarshal.Cast<T, double>(g);
            Span<double> rd = MemoryMarshal.Cast<T, double>(r);
            for (; i + Vector<double>.Count <= xd.Length; i += Vector<double>.Count)
            {
                Vector<double> gv = new(gd[i..]);
                if (batchStatistics)
                {
                    gv = gv - mg - (new Vector<double>(xd[i..]) - m) * s * mx;
                }
                (sc * gv).CopyTo(rd[i..]);
            }
        }
        for (; i < x.Length; i++)
        {
            double gv = double.CreateTruncating(g[i]);
            double xhat = (double.CreateTruncating(x[i]) - mu) * inv;
            r[i] = T.CreateTruncating(scale * (batchStatistics ? gv - meanG - xhat * meanXhatG : gv));
        }
    }
}
