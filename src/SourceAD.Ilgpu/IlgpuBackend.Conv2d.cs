using System.Numerics;
using ILGPU;
using ILGPU.Runtime;
using SourceAD.Ilgpu.Kernels;
using SourceAD.Tensors;
using SourceAD.Tensors.Backends;

namespace SourceAD.Ilgpu;

// Convolution as im2col + one GEMM (cols [C·Kh·Kw, N·P]), the CPU backend's layout; scratch buffers come from the pool.
public sealed partial class IlgpuBackend
{
    /// <inheritdoc/>
    public void Conv2d(Tensor x, Tensor w, Tensor? bias, Tensor y, Conv2dGeometry geometry) => Dispatch("Conv2d", y.DType,
        k => Conv2d(k, x, w, bias, y, geometry),
        k => Conv2d(k, x, w, bias, y, geometry));

    private void Conv2d<T, TReal>(KernelSet<T, TReal> k, Tensor x, Tensor w, Tensor? bias, Tensor y, Conv2dGeometry g)
        where T : unmanaged, IFloatingPointIeee754<T>
        where TReal : struct, IReal<T>
    {
        ConvArgs d = ConvArgsOf(x, w, g);
        int np = d.N * d.P;
        MemoryBuffer1D<T, Stride1D.Dense> cols = Pool.Rent<T>(Math.Max((long)d.Patch * np, 1));
        MemoryBuffer1D<T, Stride1D.Dense> yt = Pool.Rent<T>(Math.Max((long)d.O * np, 1));
        try
        {
            Launch(d.Patch * np, (i, launchCount, launchStride) => k.Im2Col(i, View<T>(x, "Conv2d"), cols.View, d, launchCount, launchStride));
            Gemm(k, View<T>(w, "Conv2d"), cols.View, yt.View, Plain(d.O, np, d.Patch, d.Patch, false, np, false, np), T.Zero);
            ArrayView<T> biasView = bias is null ? yt.View : View<T>(bias, "Conv2d");
            Launch(y.Length, (i, launchCount, launchStride) => k.ToBatchFirst(i, yt.View, biasView, View<T>(y, "Conv2d"), d, bias is null ? 0 : 1, launchCount, launchStride));
        }
        finally
        {
            Pool.Return(cols);
            Pool.Return(yt);
        }
    }

    /// <inheritdoc/>
    public void Conv2dBackwardInput(Tensor dy, Tensor w, Tensor dx, Conv2dGeometry geometry) => Dispatch("Conv2dBackwardInput", dx.DType,
        k => Conv2dBackwardInput(k, dy, w, dx, geometry),
        k => Conv2dBackwardInput(k, dy, w, dx, geometry));

    private void Conv2dBackwardInput<T, TReal>(KernelSet<T, TReal> k, Tensor dy, Tensor w, Tensor dx, Conv2dGeometry g)
        where T : unmanaged, IFloatingPointIeee754<T>
        where TReal : struct, IReal<T>
    {
        ConvArgs d = ConvArgsOf(dx, w, g);
        int np = d.N * d.P;
        MemoryBuffer1D<T, Stride1D.Dense> dyt = Pool.Rent<T>(Math.Max((long)d.O * np, 1));
        MemoryBuffer1D<T, Stride1D.Dense> dcols = Pool.Rent<T>(Math.Max((long)d.Patch * np, 1));
        try
        {
            Launch(d.O * np, (i, launchCount, launchStride) => k.ToChannelsFirst(i, View<T>(dy, "Conv2dBackwardInput"), dyt.View, d, launchCount, launchStride));
            // dcols = Wᵀ · dY
            Gemm(k, View<T>(w, "Conv2dBackwardInput"), dyt.View, dcols.View, Plain(d.Patch, np, d.O, d.Patch, true, np, false, np), T.Zero);
            Launch(dx.Length, (i, launchCount, launchStride) => k.Col2Im(i, dcols.View, View<T>(dx, "Conv2dBackwardInput"), d, launchCount, launchStride));
        }
        finally
        {
            Pool.Return(dyt);
            Pool.Return(dcols);
        }
    }

    /// <inheritdoc/>
    public void Conv2dBackwardWeight(Tensor x, Tensor dy, Tensor dw, Conv2dGeometry geometry) => Dispatch("Conv2dBackwardWeight", dw.DType,
        k => Conv2dBackwardWeight(k, x, dy, dw, geometry),
        k => Conv2dBackwardWeight(k, x, dy, dw, geometry));

    private void Conv2dBackwardWeight<T, TReal>(KernelSet<T, TReal> k, Tensor x, Tensor dy, Tensor dw, Conv2dGeometry g)
        where T : unmanaged, IFloatingPointIeee754<T>
        where TReal : struct, IReal<T>
    {
        ConvArgs d = ConvArgsOf(x, dw, g);
        int np = d.N * d.P;
        MemoryBuffer1D<T, Stride1D.Dense> cols = Pool.Rent<T>(Math.Max((long)d.Patch * np, 1));
        MemoryBuffer1D<T, Stride1D.Dense> dyt = Pool.Rent<T>(Math.Max((long)d.O * np, 1));
        try
        {
            Launch(d.Patch * np, (i, launchCount, launchStride) => k.Im2Col(i, View<T>(x, "Conv2dBackwardWeight"), cols.View, d, launchCount, launchStride));
            Launch(d.O * np, (i, launchCount, launchStride) => k.ToChannelsFirst(i, View<T>(dy, "Conv2dBackwardWeight"), dyt.View, d, launchCount, launchStride));
            // dW = dY · colsᵀ: the sum over the batch is the GEMM's K loop.
            Gemm(k, dyt.View, cols.View, View<T>(dw, "Conv2dBackwardWeight"), Plain(d.O, d.Patch, np, np, false, np, true, d.Patch), T.Zero);
        }
        finally
        {
            Pool.Return(cols);
            Pool.Return(dyt);
        }
    }

    private static GemmArgs Plain(int m, int n, int k, int lda, bool transposeA, int ldb, bool transposeB, int ldc) =>
        new(m, n, k, 0, lda, transposeA ? 1 : 0, 0, 0, ldb, transposeB ? 1 : 0, 0, 0, ldc, 0, 1, 0);

    private static ConvArgs ConvArgsOf(Tensor x, Tensor w, Conv2dGeometry g) => new(
        x.Size(0), x.Size(1), x.Size(2), x.Size(3), w.Size(0), w.Size(2), w.Size(3),
        g.OutputSize(x.Size(2), w.Size(2)), g.OutputSize(x.Size(3), w.Size(3)), g.Stride, g.Padding);
}
