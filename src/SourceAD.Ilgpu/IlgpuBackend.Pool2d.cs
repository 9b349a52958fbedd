using System.Numerics;
using SourceAD.Ilgpu.Kernels;
using SourceAD.Tensors;
using SourceAD.Tensors.Backends;

namespace SourceAD.Ilgpu;

public sealed partial class IlgpuBackend
{
    /// <inheritdoc/>
    public void MaxPool2d(Tensor x, Tensor y, Pool2dGeometry geometry) => Dispatch("MaxPool2d", y.DType,
        k => Launch(y.Length, (i, launchCount, launchStride) => k.MaxPool(i, View<float>(x, "MaxPool2d"), View<float>(y, "MaxPool2d"), PoolArgsOf(x, geometry), launchCount, launchStride)),
        k => Launch(y.Length, (i, launchCount, launchStride) => k.MaxPool(i, View<double>(x, "MaxPool2d"), View<double>(y, "MaxPool2d"), PoolArgsOf(x, geometry), launchCount, launchStride)));

    /// <inheritdoc/>
    public void MaxPool2dBackward(Tensor x, Tensor dy, Tensor dx, Pool2dGeometry geometry, TieChoice ties, bool strict) =>
        Dispatch("MaxPool2dBackward", dx.DType,
            k => MaxPool2dBackward(k, x, dy, dx, geometry, ties, strict),
            k => MaxPool2dBackward(k, x, dy, dx, geometry, ties, strict));

    private void MaxPool2dBackward<T, TReal>(KernelSet<T, TReal> k, Tensor x, Tensor dy, Tensor dx, Pool2dGeometry geometry, TieChoice ties, bool strict)
        where T : unmanaged, IFloatingPointIeee754<T>
        where TReal : struct, IReal<T>
    {
        PoolArgs d = PoolArgsOf(x, geometry);
        if (strict)
        {
            // Checked first, so a strict failure leaves dx untouched, as the CPU backend's throw does (mostly).
            var flag = ResetFlag();
            Launch(dy.Length, (i, launchCount, launchStride) => k.MaxPoolTies(i, View<T>(x, "MaxPool2dBackward"), d, flag, launchCount, launchStride));
            ThrowOnPoolTie(d);
        }
        Launch(dx.Length, (i, launchCount, launchStride) => k.MaxPoolBackward(i, View<T>(x, "MaxPool2dBackward"), View<T>(dy, "MaxPool2dBackward"), View<T>(dx, "MaxPool2dBackward"),
            d, (int)ties.Rule, ties.Beta, launchCount, launchStride));
    }

    /// <inheritdoc/>
    public void MaxPool2dJvp(Tensor x, Tensor tx, Tensor ty, Pool2dGeometry geometry, TieChoice ties, bool strict) =>
        Dispatch("MaxPool2dJvp", ty.DType,
            k => MaxPool2dJvp(k, x, tx, ty, geometry, ties, strict),
            k => MaxPool2dJvp(k, x, tx, ty, geometry, ties, strict));

    private void MaxPool2dJvp<T, TReal>(KernelSet<T, TReal> k, Tensor x, Tensor tx, Tensor ty, Pool2dGeometry geometry, TieChoice ties, bool strict)
        where T : unmanaged, IFloatingPointIeee754<T>
        where TReal : struct, IReal<T>
    {
        PoolArgs d = PoolArgsOf(x, geometry);
        var flag = ResetFlag();
        Launch(ty.Length, (i, launchCount, launchStride) => k.MaxPoolJvp(i, View<T>(x, "MaxPool2dJvp"), View<T>(tx, "MaxPool2dJvp"), View<T>(ty, "MaxPool2dJvp"),
            d, (int)ties.Rule, ties.Beta, strict ? 1 : 0, flag, launchCount, launchStride));
        if (strict)
        {
            ThrowOnPoolTie(d);
        }
    }

    /// <summary>Throws the CPU backend's NonsmoothPointException for the first tied window the strict kernel found.</summary>
    private void ThrowOnPoolTie(PoolArgs d)
    {
        int at = ReadFlag();
        if (at < 0)
        {
            return;
        }
        int plane = at / (d.Ho * d.Wo), oh = at / d.Wo % d.Ho, ow = at % d.Wo;
        throw new NonsmoothPointException($"MaxPool2d: window ({oh}, {ow}) of plane {plane} has tied maxima under a strict derivative policy.");
    }

    /// <inheritdoc/>
    public void AvgPool2d(Tensor x, Tensor y, Pool2dGeometry geometry) => Dispatch("AvgPool2d", y.DType,
        k => Launch(y.Length, (i, launchCount, launchStride) => k.AvgPool(i, View<float>(x, "AvgPool2d"), View<float>(y, "AvgPool2d"), PoolArgsOf(x, geometry),
            1f / (geometry.Kernel * geometry.Kernel), launchCount, launchStride)),
        k => Launch(y.Length, (i, launchCount, launchStride) => k.AvgPool(i, View<double>(x, "AvgPool2d"), View<double>(y, "AvgPool2d"), PoolArgsOf(x, geometry),
            1.0 / (geometry.Kernel * geometry.Kernel), launchCount, launchStride)));

    /// <inheritdoc/>
    public void AvgPool2dBackward(Tensor dy, Tensor dx, Pool2dGeometry geometry) => Dispatch("AvgPool2dBackward", dx.DType,
        k => Launch(dx.Length, (i, launchCount, launchStride) => k.AvgPoolBackward(i, View<float>(dy, "AvgPool2dBackward"), View<float>(dx, "AvgPool2dBackward"),
            PoolArgsOf(dx, geometry), 1f / (geometry.Kernel * geometry.Kernel), launchCount, launchStride)),
        k => Launch(dx.Length, (i, launchCount, launchStride) => k.AvgPoolBackward(i, View<double>(dy, "AvgPool2dBackward"), View<double>(dx, "AvgPool2dBackward"),
            PoolArgsOf(dx, geometry), 1.0 / (geometry.Kernel * geometry.Kernel), launchCount, launchStride)));

    private static PoolArgs PoolArgsOf(Tensor x, Pool2dGeometry g) => new(
        x.Size(0) * x.Size(1), x.Size(2), x.Size(3), g.OutputSize(x.Size(2)), g.OutputSize(x.Size(3)), g.Kernel, g.Stride, g.Padding);
}
