using SourceAD.Tensors.Backends;
using TorchSharp;
using F = TorchSharp.torch.nn.functional;
using Tensor = SourceAD.Tensors.Tensor;

namespace SourceAD.TorchSharp;

// Convolutions: libtorch's conv2d and its two adjoints, each one libtorch call.
public sealed partial class TorchBackend
{
    /// <inheritdoc/>
    public void Conv2d(Tensor x, Tensor w, Tensor? bias, Tensor y, Conv2dGeometry geometry)
    {
        using var op = Begin();
        Store(y, F.conv2d(In(x), In(w), bias is null ? null : In(bias), Pair(geometry.Stride), Pair(geometry.Padding)));
    }

    /// <inheritdoc/>
    public void Conv2dBackwardInput(Tensor dy, Tensor w, Tensor dx, Conv2dGeometry geometry)
    {
        using var op = Begin();
        // The adjoint of a strided convolution is the transposed convolution; output_padding restores the rows and
        // columns the forward's floor division dropped.
        int s = geometry.Stride, p = geometry.Padding, kh = w.Size(2), kw = w.Size(3);
        long[] extra = [dx.Size(2) - ((dy.Size(2) - 1) * s - 2 * p + kh), dx.Size(3) - ((dy.Size(3) - 1) * s - 2 * p + kw)];
        Store(dx, F.conv_transpose2d(In(dy), In(w), null, Pair(s), Pair(p), extra));
    }

    /// <inheritdoc/>
    public void Conv2dBackwardWeight(Tensor x, Tensor dy, Tensor dw, Conv2dGeometry geometry)
    {
        using var op = Begin();
        // dw[o, c, i, j] = Σ_n,h,w dy[n, o, h, w]·x[n, c, s·h + i − p, s·w + j − p]: a convolution of x with the batch as
        // channels and dy as the kernel (dilated by the stride); its output is cropped to the kernel size.
        int s = geometry.Stride, p = geometry.Padding, kh = dw.Size(2), kw = dw.Size(3);
        torch.Tensor xt = In(x).transpose(0, 1), dyt = In(dy).transpose(0, 1);
        torch.Tensor full = F.conv2d(xt, dyt, null, Pair(1), Pair(p), Pair(s));
        torch.Tensor cropped = full.size(2) == kh && full.size(3) == kw ? full : full.narrow(2, 0, kh).narrow(3, 0, kw);
        Store(dw, cropped.transpose(0, 1).contiguous());
    }
}
