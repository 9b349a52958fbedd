using System.Numerics;
using System.Runtime.Intrinsics;

namespace SourceAD.Tensors.Backends.Cpu;

// Pooling kernels: one (sample, channel) plane per work item, windows scanned in row-major order.
public sealed partial class CpuBackend
{
    /// <inheritdoc/>
    public void MaxPool2d(Tensor x, Tensor y, Pool2dGeometry geometry)
    {
        switch (y.DType)
        {
            case DType.Float32: MaxPool2d<float>(x, y, geometry); break;
            case DType.Float64: MaxPool2d<double>(x, y, geometry); break;
            default: MaxPool2dViaFloat32(x, y, geometry); break;
        }
    }

    // Separate so that the float16 path's closure is not allocated on every float32/float64 call.
    private void MaxPool2dViaFloat32(Tensor x, Tensor y, Pool2dGeometry geometry) =>
        ViaFloat32([x], [y], false, (i, o) => MaxPool2d(i[0]!, o[0], geometry));

    private static void MaxPool2d<T>(Tensor x, Tensor y, Pool2dGeometry g) where T : unmanaged, IFloatingPointIeee754<T>
    {
        PoolDims d = PoolDims.Of(x, g);
        CpuParallel.For(d.Planes, MaxThreads, new MaxPoolPlanes<T>(Data<T>(x), Data<T>(y), d, g));
    }

    private readonly struct MaxPoolPlanes<T>(T[] xd, T[] yd, PoolDims d, Pool2dGeometry g) : IParallelBody
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        public void Invoke(int plane)
        {
            int xBase = plane * d.H * d.W, yBase = plane * d.Ho * d.Wo;
            if (g.Kernel == 2 && g.Stride == 2 && g.Padding == 0)
            {
                for (int oh = 0; oh < d.Ho; oh++)
                {
                    int r0 = xBase + 2 * oh * d.W, r1 = r0 + d.W, yRow = yBase + oh * d.Wo;
                    int ow = typeof(T) == typeof(float) ? Pool2x2Avx.Forward(MemoryMarshalFloat(xd), r0, r1, MemoryMarshalFloat(yd), yRow, d.Wo) : 0;
                    for (; ow < d.Wo; ow++)
                    {
                        yd[yRow + ow] = Max4(xd[r0 + 2 * ow], xd[r0 + 2 * ow + 1], xd[r1 + 2 * ow], xd[r1 + 2 * ow + 1]);
                    }
                }
                return;
            }
            for (int oh = 0; oh < d.Ho; oh++)
            {
                for (int ow = 0; ow < d.Wo; ow++)
                {
                    yd[yBase + oh * d.Wo + ow] = g.Padding == 0
                        ? InnerWindowMax(xd, xBase + oh * g.Stride * d.W + ow * g.Stride, d.W, g.Kernel)
                        : WindowMax(xd, xBase, d, g, oh, ow);
                }
            }
        }
    }

    /// <summary><see cref="WindowMax"/> of a 2×2 window in row-major order: the first NaN wins, else the maximum.</summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]
    private static T Max4<T>(T a, T b, T c, T d) where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (T.IsNaN(a) || T.IsNaN(b) || T.IsNaN(c) || T.IsNaN(d))
        {
            return T.IsNaN(a) ? a : T.IsNaN(b) ? b : T.IsNaN(c) ? c : d;
        }
        T ab = b > a ? b : a, cd = d > c ? d : c;
        return cd > ab ? cd : ab;
    }

    /// <summary><see cref="WindowMax"/> for a window inside the input, starting at <paramref name="start"/>.</summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]
    private static T InnerWindowMax<T>(T[] xd, int start, int width, int kernel) where T : unmanaged, IFloatingPointIeee754<T>
    {
        T best = xd[start];
        if (T.IsNaN(best))
        {
            return best;
        }
        for (int i = 0; i < kernel; i++)
        {
            int row = start + i * width;
            for (int j = 0; j < kernel; j++)
            {
                T v = xd[row + j];
                if (v > best)
                {
                    best = v;
                }
                else if (T.IsNaN(v))
                {
                    return v;
                }
            }
        }
        return best;
    }

    /// <summary>The window's maximum; NaN wins, as in PyTorch.</summary>
    private static T WindowMax<T>(T[] xd, int xBase, PoolDims d, Pool2dGeometry g, int oh, int ow) where T : unmanaged, IFloatingPointIeee754<T>
    {
        T best = T.NegativeInfinity;
        bool first = true;
        Window w = Window.Of(d, g, oh, ow);
        for (int i = w.I0; i < w.I1; i++)
        {
            int row = xBase + (w.H0 + i) * d.W + w.W0;
            for (int j = w.J0; j < w.J1; j++)
            {
                T v = xd[row + j];
                if (first || v > best || T.IsNaN(v))
                {
                    best = v;
                    first = false;
                    if (T.IsNaN(v))
                    {
                        return v;
                    }
                }
            }
        }
        return best;
    }

    /// <inheritdoc/>
    public void MaxPool2dBackward(Tensor x, Tensor dy, Tensor dx, Pool2dGeometry geometry, TieChoice ties, bool strict)
    {
        switch (dx.DType)
        {
            case DType.Float32: MaxPool2dShares<float>(x, dy, dx, geometry, ties, strict, transpose: true); break;
            case DType.Float64: MaxPool2dShares<double>(x, dy, dx, geometry, ties, strict, transpose: true); break;
            default: MaxPool2dBackwardViaFloat32(x, dy, dx, geometry, ties, strict); break;
        }
    }

    // Separate so that the float16 path's closure is not allocated on every float32/float64 call.
    private void MaxPool2dBackwardViaFloat32(Tensor x, Tensor dy, Tensor dx, Pool2dGeometry geometry, TieChoice ties, bool strict) =>
        ViaFloat32([x, dy], [dx], false, (i, o) => MaxPool2dBackward(i[0]!, i[1]!, o[0], geometry, ties, strict));

    /// <inheritdoc/>
    public void MaxPool2dJvp(Tensor x, Tensor tx, Tensor ty, Pool2dGeometry geometry, TieChoice ties, bool strict)
    {
        switch (ty.DType)
        {
            case DType.Float32: MaxPool2dShares<float>(x, tx, ty, geometry, ties, strict, transpose: false); break;
            case DType.Float64: MaxPool2dShares<double>(x, tx, ty, geometry, ties, strict, transpose: false); break;
            default: MaxPool2dJvpViaFloat32(x, tx, ty, geometry, ties, strict); break;
        }
    }

    // Separate so that the float16 path's closure is not allocated on every float32/float64 call.
    private void MaxPool2dJvpViaFloat32(Tensor x, Tensor tx, Tensor ty, Pool2dGeometry geometry, TieChoice ties, bool strict) =>
        ViaFloat32([x, tx], [ty], false, (i, o) => MaxPool2dJvp(i[0]!, i[1]!, o[0], geometry, ties, strict));

    /// <summary>
    /// The max-pool derivative with a tie rule (thesis Definition 10). Each window's active set is the entries equal to
    /// its max, in row-major order; entry k of m gets ties.Share(k, m). With <paramref name="transpose"/>, scatters
    /// dy·share into dx (backward); otherwise gathers Σ share·tx into ty (forward).
    /// </summary>
    private static void MaxPool2dShares<T>(Tensor x, Tensor g, Tensor result, Pool2dGeometry geo, TieChoice ties, bool strict, bool transpose)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        PoolDims d = PoolDims.Of(x, geo);
        CpuParallel.For(d.Planes, MaxThreads, new MaxPoolSharePlanes<T>(Data<T>(x), Data<T>(g), Data<T>(result), d, geo, ties, strict, transpose));
    }

    private readonly struct MaxPoolSharePlanes<T>(T[] xd, T[] gd, T[] rd, PoolDims d, Pool2dGeometry geo, TieChoice ties, bool strict, bool transpose)
        : IParallelBody
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        public void Invoke(int plane)
        {
            int window = geo.Kernel * geo.Kernel;
            int xBase = plane * d.H * d.W, yBase = plane * d.Ho * d.Wo;
            if (transpose && !strict && geo.Kernel == 2 && geo.Stride == 2 && geo.Padding == 0)
            {
                Backward2x2(plane, xBase, yBase);
                return;
            }
            Span<int> active = window <= 256 ? stackalloc int[window] : new int[window];
            if (transpose)
            {
                rd.AsSpan(xBase, d.H * d.W).Clear();
            }
            for (int oh = 0; oh < d.Ho; oh++)
            {
                for (int ow = 0; ow < d.Wo; ow++)
                {
                    int count = 0;
                    if (geo.Padding == 0)
                    {
                        int start = xBase + oh * geo.Stride * d.W + ow * geo.Stride;
                        T max = InnerWindowMax(xd, start, d.W, geo.Kernel);
                        bool nan = T.IsNaN(max);
                        for (int i = 0; i < geo.Kernel; i++)
                        {
                            int row = start + i * d.W;
                            for (int j = 0; j < geo.Kernel; j++)
                            {
                                T v = xd[row + j];
                                // NaN max: the first NaN is the only active entry.
                                if (v == max || (nan && T.IsNaN(v) && count == 0))
                                {
                                    active[count++] = row + j;
                                }
                            }
                        }
                    }
                    else
                    {
                        T max = WindowMax(xd, xBase, d, geo, oh, ow);
                        Window w = Window.Of(d, geo, oh, ow);
                        for (int i = w.I0; i < w.I1; i++)
                        {
                            int row = xBase + (w.H0 + i) * d.W + w.W0;
                            for (int j = w.J0; j < w.J1; j++)
                            {
                                if (xd[row + j] == max || (T.IsNaN(max) && T.IsNaN(xd[row + j]) && count == 0))
                                {
                                    active[count++] = row + j;
                                }
                            }
                        }
                    }
                    if (count > 1 && strict)
                    {
                        throw new NonsmoothPointException($"MaxPool2d: window ({oh}, {ow}) of plane {plane} has {count} tied maxima under a strict derivative policy.");
                    }
                    int yi = yBase + oh * d.Wo + ow;
                    if (transpose)
                    {
                        T gy = gd[yi];
                        if (count == 1)
                        {
                            rd[active[0]] += gy; // share 1
                            continue;
                        }
                        for (int k = 0; k < count; k++)
                        {
                            rd[active[k]] += gy * T.CreateTruncating(ties.Share(k, count));
                        }
                    }
                    else
                    {
                        if (count == 1)
                        {
                            rd[yi] = T.Zero + gd[active[0]];
                            continue;
                        }
                        T sum = T.Zero;
                        for (int k = 0; k < count; k++)
                        {
                            sum += gd[active[k]] * T.CreateTruncating(ties.Share(k, count));
                        }
                        rd[yi] = sum;
                    }
                }
            }
        }

        /// <summary>
        /// The backward rule for 2×2 windows with stride 2 (they do not overlap): each window's four adjoints are written
        /// at once, as 0 + dy·share for active entries and 0 elsewhere, which are the same values as clearing the plane
        /// and adding the shares; rows and columns no window covers are zero.
        /// </summary>
        private void Backward2x2(int plane, int xBase, int yBase)
        {
            if (d.H != 2 * d.Ho || d.W != 2 * d.Wo)
            {
                rd.AsSpan(xBase, d.H * d.W).Clear();
            }
            bool native = ties.Rule == TieRule.Native;
            for (int oh = 0; oh < d.Ho; oh++)
            {
                int r0 = xBase + 2 * oh * d.W, r1 = r0 + d.W, yRow = yBase + oh * d.Wo;
                int ow = typeof(T) == typeof(float) && native
                    ? Pool2x2Avx.BackwardNative(MemoryMarshalFloat(xd), MemoryMarshalFloat(gd), MemoryMarshalFloat(rd), r0, r1, yRow, d.Wo)
                    : 0;
                for (; ow < d.Wo; ow++)
                {
                    int i0 = r0 + 2 * ow, i1 = i0 + 1, i2 = r1 + 2 * ow, i3 = i2 + 1;
                    T a = xd[i0], b = xd[i1], c = xd[i2], e = xd[i3];
                    T max = Max4(a, b, c, e);
                    T gy = gd[yRow + ow];
                    if (T.IsNaN(max))
                    {
                        // The first NaN is the only active entry.
                        int first = T.IsNaN(a) ? i0 : T.IsNaN(b) ? i1 : T.IsNaN(c) ? i2 : i3;
                        rd[i0] = rd[i1] = rd[i2] = rd[i3] = T.Zero;
                        rd[first] = T.Zero + gy;
                        continue;
                    }
                    bool ea = a == max, eb = b == max, ec = c == max, ee = e == max;
                    int count = (ea ? 1 : 0) + (eb ? 1 : 0) + (ec ? 1 : 0) + (ee ? 1 : 0);
                    if (count == 1)
                    {
                        rd[i0] = ea ? T.Zero + gy : T.Zero;
                        rd[i1] = eb ? T.Zero + gy : T.Zero;
                        rd[i2] = ec ? T.Zero + gy : T.Zero;
                        rd[i3] = ee ? T.Zero + gy : T.Zero;
                        continue;
                    }
                    int position = 0;
                    rd[i0] = ea ? T.Zero + gy * T.CreateTruncating(ties.Share(position++, count)) : T.Zero;
                    rd[i1] = eb ? T.Zero + gy * T.CreateTruncating(ties.Share(position++, count)) : T.Zero;
                    rd[i2] = ec ? T.Zero + gy * T.CreateTruncating(ties.Share(position++, count)) : T.Zero;
                    rd[i3] = ee ? T.Zero + gy * T.CreateTruncating(ties.Share(position, count)) : T.Zero;
                }
            }
        }
    }

    /// <inheritdoc/>
    public void AvgPool2d(Tensor x, Tensor y, Pool2dGeometry geometry)
    {
        switch (y.DType)
        {
            case DType.Float32: AvgPool2d<float>(x, y, geometry, transpose: false); break;
            case DType.Float64: AvgPool2d<double>(x, y, geometry, transpose: false); break;
            default: AvgPool2dViaFloat32(x, y, geometry); break;
        }
    }

    // Separate so that the float16 path's closure is not allocated on every float32/float64 call.
    private void AvgPool2dViaFloat32(Tensor x, Tensor y, Pool2dGeometry geometry) =>
        ViaFloat32([x], [y], false, (i, o) => AvgPool2d(i[0]!, o[0], geometry));

    /// <inheritdoc/>
    public void AvgPool2dBackward(Tensor dy, Tensor dx, Pool2dGeometry geometry)
    {
        switch (dx.DType)
        {
            case DType.Float32: AvgPool2d<float>(dx, dy, geometry, transpose: true); break;
            case DType.Float64: AvgPool2d<double>(dx, dy, geometry, transpose: true); break;
            default: AvgPool2dBackwardViaFloat32(dy, dx, geometry); break;
        }
    }

    // Separate so that the float16 path's closure is not allocated on every float32/float64 call.
    private void AvgPool2dBackwardViaFloat32(Tensor dy, Tensor dx, Pool2dGeometry geometry) =>
        ViaFloat32([dy], [dx], false, (i, o) => AvgPool2dBackward(i[0]!, o[0], geometry));

    /// <summary>y = window means of x, or with <paramref name="transpose"/> x = the adjoint spread of y (x is then written).</summary>
    private static void AvgPool2d<T>(Tensor x, Tensor y, Pool2dGeometry g, bool transpose) where T : unmanaged, IFloatingPointIeee754<T>
    {
        T[] xd = Data<T>(x), yd = Data<T>(y);
        PoolDims d = PoolDims.Of(x, g);
        T scale = T.One / T.CreateTruncating(g.Kernel * g.Kernel);
        CpuParallel.For(d.Planes, MaxThreads, new AvgPoolPlane<T>(xd, yd, d, g, scale, transpose));
    }

    /// <summary>One plane of <see cref="AvgPool2d{T}"/> (a struct body: the call allocates nothing).</summary>
    private readonly struct AvgPoolPlane<T>(T[] xd, T[] yd, PoolDims d, Pool2dGeometry g, T scale, bool transpose) : IParallelBody
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        public void Invoke(int plane)
        {
            int xBase = plane * d.H * d.W, yBase = plane * d.Ho * d.Wo;
            if (transpose)
            {
                xd.AsSpan(xBase, d.H * d.W).Clear();
            }
            for (int oh = 0; oh < d.Ho; oh++)
            {
                for (int ow = 0; ow < d.Wo; ow++)
                {
                    int yi = yBase + oh * d.Wo + ow;
                    T sum = T.Zero, share = yd[yi] * scale;
                    Window w = Window.Of(d, g, oh, ow);
                    for (int i = w.I0; i < w.I1; i++)
                    {
                        int row = xBase + (w.H0 + i) * d.W + w.W0;
                        for (int j = w.J0; j < w.J1; j++)
                        {
                            if (transpose)
                            {
                                xd[row + j] += share;
                            }
                            else
                            {
                                sum += xd[row + j];
                            }
                        }
                    }
                    if (!transpose)
                    {
                        yd[yi] = sum * scale;
                    }
                }
            }
        }
    }

    private readonly record struct PoolDims(int Planes, int H, int W, int Ho, int Wo)
    {
        public static PoolDims Of(Tensor x, Pool2dGeometry g) =>
            new(x.Size(0) * x.Size(1), x.Size(2), x.Size(3), g.OutputSize(x.Size(2)), g.OutputSize(x.Size(3)));
    }

    /// <summary>
    /// One window: its top-left corner (H0, W0) in input coordinates (negative inside the padding) and the kernel rows
    /// I0..I1−1 and columns J0..J1−1 that fall inside the input. Padding never wins a max and adds 0 to a mean.
    /// </summary>
    private readonly record struct Window(int H0, int W0, int I0, int I1, int J0, int J1)
    {
        public static Window Of(PoolDims d, Pool2dGeometry g, int oh, int ow)
        {
            int h0 = oh * g.Stride - g.Padding, w0 = ow * g.Stride - g.Padding;
            return new(h0, w0, Math.Max(0, -h0), Math.Min(g.Kernel, d.H - h0), Math.Max(0, -w0), Math.Min(g.Kernel, d.W - w0));
        }
    }

    private static float[] MemoryMarshalFloat<T>(T[] array) => (float[])(object)array;

    /// <summary>
    /// 2×2, stride-2 max pooling of float32 rows with AVX2, 8 windows at a time, with exactly the scalar semantics: the
    /// maximum is the first entry (row-major) equal to it (ab = b &gt; a ? b : a, cd likewise, then cd &gt; ab ? cd : ab),
    /// and a group of windows holding a NaN (or, backward, a non-finite adjoint) is left to the scalar code. Each method
    /// returns how many windows of the row it did.
    /// </summary>
    private static class Pool2x2Avx
    {
        public static int Forward(float[] x, int r0, int r1, float[] y, int yRow, int wo)
        {
            if (!System.Runtime.Intrinsics.X86.Avx2.IsSupported)
            {
                return 0;
            }
            int ow = 0;
            for (; ow + 8 <= wo; ow += 8)
            {
                if (!Max(ref x[r0 + 2 * ow], ref x[r1 + 2 * ow], out var max, out _, out _, out _, out _))
                {
                    return ow;
                }
                max.StoreUnsafe(ref y[yRow + ow]);
            }
            int rest = wo - ow;
            if (rest > 0)
            {
                // The last windows through zero-padded copies (the padding's results are dropped).
                Span<float> top = stackalloc float[16], bottom = stackalloc float[16], result = stackalloc float[8];
                top.Clear();
                bottom.Clear();
                x.AsSpan(r0 + 2 * ow, 2 * rest).CopyTo(top);
                x.AsSpan(r1 + 2 * ow, 2 * rest).CopyTo(bottom);
                if (!Max(ref top[0], ref bottom[0], out var max, out _, out _, out _, out _))
                {
                    return ow;
                }
                max.StoreUnsafe(ref result[0]);
                result[..rest].CopyTo(y.AsSpan(yRow + ow, rest));
                ow = wo;
            }
            return ow;
        }

        /// <summary>Backward under Native ties: the first active entry of each window gets 0 + dy, the others +0.</summary>
        public static int BackwardNative(float[] x, float[] g, float[] r, int r0, int r1, int yRow, int wo)
        {
            if (!System.Runtime.Intrinsics.X86.Avx2.IsSupported)
            {
                return 0;
            }
            int ow = 0;
            for (; ow + 8 <= wo; ow += 8)
            {
                if (!Backward8(ref x[r0 + 2 * ow], ref x[r1 + 2 * ow], ref g[yRow + ow], ref r[r0 + 2 * ow], ref r[r1 + 2 * ow]))
                {
                    return ow;
                }
            }
            int rest = wo - ow;
            if (rest > 0)
            {
                Span<float> top = stackalloc float[16], bottom = stackalloc float[16], gy = stackalloc float[8];
                Span<float> outTop = stackalloc float[16], outBottom = stackalloc float[16];
                top.Clear();
                bottom.Clear();
                gy.Clear();
                x.AsSpan(r0 + 2 * ow, 2 * rest).CopyTo(top);
                x.AsSpan(r1 + 2 * ow, 2 * rest).CopyTo(bottom);
                g.AsSpan(yRow + ow, rest).CopyTo(gy);
                if (!Backward8(ref top[0], ref bottom[0], ref gy[0], ref outTop[0], ref outBottom[0]))
                {
                    return ow;
                }
                outTop[..(2 * rest)].CopyTo(r.AsSpan(r0 + 2 * ow, 2 * rest));
                outBottom[..(2 * rest)].CopyTo(r.AsSpan(r1 + 2 * ow, 2 * rest));
                ow = wo;
            }
            return ow;
        }

        private static bool Backward8(ref float top, ref float bottom, ref float g, ref float outTop, ref float outBottom)
        {
            var gy = Vector256.LoadUnsafe(ref g);
            // gy − gy is 0 exactly when gy is finite (∞ − ∞ and NaN give NaN).
            if (!Vector256.EqualsAll(gy - gy, Vector256<float>.Zero)
                || !Max(ref top, ref bottom, out var max, out var a, out var b, out var c, out var e))
            {
                return false;
            }
            var value = Vector256<float>.Zero + gy;
            var ea = Vector256.Equals(a, max);
            var eb = Vector256.AndNot(Vector256.Equals(b, max), ea);
            var seen = ea | eb;
            var ec = Vector256.AndNot(Vector256.Equals(c, max), seen);
            seen |= ec;
            var ee = Vector256.AndNot(Vector256.Equals(e, max), seen);
            Interleave(value & ea, value & eb, out var top0, out var top1);
            Interleave(value & ec, value & ee, out var bottom0, out var bottom1);
            top0.StoreUnsafe(ref outTop);
            top1.StoreUnsafe(ref outTop, 8);
            bottom0.StoreUnsafe(ref outBottom);
            bottom1.StoreUnsafe(ref outBottom, 8);
            return true;
        }

        /// <summary>The maxima of 8 windows and their four entries (a, b top row; c, e bottom row); false if any is NaN.</summary>
        private static bool Max(ref float top, ref float bottom,
            out Vector256<float> max,
            out Vector256<float> a, out Vector256<float> b,
            out Vector256<float> c, out Vector256<float> e)
        {
            var t0 = Vector256.LoadUnsafe(ref top);
            var t1 = Vector256.LoadUnsafe(ref top, 8);
            var b0 = Vector256.LoadUnsafe(ref bottom);
            var b1 = Vector256.LoadUnsafe(ref bottom, 8);
            Deinterleave(t0, t1, out a, out b);
            Deinterleave(b0, b1, out c, out e);
            var nan = ~(Vector256.Equals(a, a) & Vector256.Equals(b, b)
                & Vector256.Equals(c, c) & Vector256.Equals(e, e));
            if (nan != Vector256<float>.Zero)
            {
                max = default;
                return false;
            }
            var ab = Vector256.ConditionalSelect(Vector256.GreaterThan(b, a), b, a);
            var cd = Vector256.ConditionalSelect(Vector256.GreaterThan(e, c), e, c);
            max = Vector256.ConditionalSelect(Vector256.GreaterThan(cd, ab), cd, ab);
            return true;
        }

        /// <summary>Even and odd elements of the 16 floats v0, v1, in order.</summary>
        private static void Deinterleave(Vector256<float> v0, Vector256<float> v1,
            out Vector256<float> even, out Vector256<float> odd)
        {
            // In-lane shuffles give [v0 0 2, v1 0 2 | v0 4 6, v1 4 6]; swapping the middle 64-bit quarters orders them.
            var e = System.Runtime.Intrinsics.X86.Avx.Shuffle(v0, v1, 0b10_00_10_00);
            var o = System.Runtime.Intrinsics.X86.Avx.Shuffle(v0, v1, 0b11_01_11_01);
            even = System.Runtime.Intrinsics.X86.Avx2.Permute4x64(e.AsDouble(), 0b11_01_10_00).AsSingle();
            odd = System.Runtime.Intrinsics.X86.Avx2.Permute4x64(o.AsDouble(), 0b11_01_10_00).AsSingle();
        }

        /// <summary>The inverse of <see cref="Deinterleave"/>: [e0, o0, e1, o1, …] as two vectors.</summary>
        private static void Interleave(Vector256<float> even, Vector256<float> odd,
            out Vector256<float> v0, out Vector256<float> v1)
        {
            var lo = System.Runtime.Intrinsics.X86.Avx.UnpackLow(even, odd);
            var hi = System.Runtime.Intrinsics.X86.Avx.UnpackHigh(even, odd);
            v0 = System.Runtime.Intrinsics.X86.Avx.Permute2x128(lo, hi, 0x20);
            v1 = System.Runtime.Intrinsics.X86.Avx.Permute2x128(lo, hi, 0x31);
        }
    }
}
