using System.Numerics;

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
        CpuParallel.For(d.Planes, MaxThreads, plane =>
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
        });
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
}
