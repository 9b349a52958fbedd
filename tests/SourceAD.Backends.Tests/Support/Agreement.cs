using SourceAD.Tensors;

namespace SourceAD.Backends.Tests;

/// <summary>
/// How a device result is compared with the CPU reference. Element i passes when
/// |device − reference| ≤ rtol · max(|reference_i|, floor), floor = <see cref="FloorFraction"/> · max |reference|:
/// relative to the element itself, but never tighter than relative to a tenth of the tensor's largest magnitude, so an element
/// that cancels to nearly 0 (a sum of terms of both signs, added in another order) is held to the accuracy the sum's
/// terms allow rather than to its own tiny magnitude. rtol is 1e-5 for float32, 1e-12 for float64, 4e-3 for float16.
/// </summary>
internal static class Agreement
{
    /// <summary>The fraction of the largest reference magnitude below which errors are judged absolutely.</summary>
    public const double FloorFraction = 0.1;

    public static double RelativeTolerance(DType dtype) => dtype switch
    {
        DType.Float64 => 1e-12,
        DType.Float16 => 4e-3,
        _ => 1e-5,
    };

    /// <summary>The elements as doubles, copied to the host in the tensor's own dtype (no device-side conversion).</summary>
    public static double[] HostValues(Tensor t) => t.DType switch
    {
        DType.Float32 => Array.ConvertAll(t.ToArray<float>(), v => (double)v),
        DType.Float64 => t.ToArray<double>(),
        _ => Array.ConvertAll(t.ToArray<Half>(), v => (double)v),
    };

    /// <summary>
    /// Asserts the elementwise rule above with the given <paramref name="floorFraction"/>: <see cref="FloorFraction"/>
    /// for ops and shallow models; 1 (the max norm, ‖device − reference‖∞ ≤ rtol · ‖reference‖∞) for the float32
    /// gradients of deep networks, whose early layers' gradients carry the rounding of every layer above them.
    /// </summary>
    public static void Close(Tensor reference, Tensor device, string what, bool bitwise, double floorFraction = FloorFraction)
    {
        SameLayout(reference, device, what);
        if (bitwise)
        {
            Exact(reference, device, what);
            return;
        }
        double[] e = HostValues(reference), a = HostValues(device);
        double rtol = RelativeTolerance(reference.DType);
        double scale = 0;
        foreach (double v in e)
        {
            if (double.IsFinite(v))
            {
                scale = Math.Max(scale, Math.Abs(v));
            }
        }
        double floor = floorFraction * scale;
        int bad = 0, worst = -1;
        double worstRatio = 0;
        for (int i = 0; i < e.Length; i++)
        {
            double ratio;
            if (double.IsNaN(e[i]) || double.IsNaN(a[i]) || double.IsInfinity(e[i]) || double.IsInfinity(a[i]))
            {
                ratio = e[i].Equals(a[i]) ? 0 : double.PositiveInfinity;
            }
            else
            {
                double tol = rtol * Math.Max(Math.Abs(e[i]), floor);
                double diff = Math.Abs(a[i] - e[i]);
                ratio = diff == 0 ? 0 : tol == 0 ? double.PositiveInfinity : diff / tol;
            }
            if (ratio > 1)
            {
                bad++;
                if (ratio > worstRatio)
                {
                    (worstRatio, worst) = (ratio, i);
                }
            }
        }
        if (bad > 0)
        {
            Assert.Fail($"{what}: {bad} of {e.Length} elements differ from the CPU backend beyond rtol {rtol:E0} " +
                $"(floor {floor:E2}); worst at flat index {worst} ({Index(reference.Shape, worst)}): CPU {e[worst]:R}, device {a[worst]:R}, " +
                $"{worstRatio:F1}× the tolerance.");
        }
    }

    public static void Exact(Tensor reference, Tensor device, string what)
    {
        SameLayout(reference, device, what);
        double[] e = HostValues(reference), a = HostValues(device);
        int bad = 0, first = -1;
        for (int i = 0; i < e.Length; i++)
        {
            // == treats −0 and +0 as equal; Equals treats NaN as equal to NaN.
            if (!(e[i] == a[i] || e[i].Equals(a[i])))
            {
                bad++;
                first = first < 0 ? i : first;
            }
        }
        if (bad > 0)
        {
            Assert.Fail($"{what}: {bad} of {e.Length} elements are not exactly the CPU backend's; first at flat index {first} " +
                $"({Index(reference.Shape, first)}): CPU {e[first]:R}, device {a[first]:R}.");
        }
    }

    private static void SameLayout(Tensor reference, Tensor device, string what)
    {
        Assert.True(TensorShape.Equal(reference.Shape, device.Shape),
            $"{what}: shape {TensorShape.Format(device.Shape)} on the device, {TensorShape.Format(reference.Shape)} on the CPU.");
        Assert.True(reference.DType == device.DType, $"{what}: dtype {device.DType} on the device, {reference.DType} on the CPU.");
    }

    /// <summary>The multi-index of a flat row-major index, e.g. "[1, 0, 2]".</summary>
    private static string Index(ReadOnlySpan<int> shape, int flat)
    {
        var index = new int[shape.Length];
        for (int d = shape.Length - 1; d >= 0; d--)
        {
            index[d] = shape[d] == 0 ? 0 : flat % shape[d];
            flat = shape[d] == 0 ? 0 : flat / shape[d];
        }
        return TensorShape.Format(index);
    }
}
