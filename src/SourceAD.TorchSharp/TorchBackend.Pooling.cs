using SourceAD.Tensors.Backends;
using TorchSharp;
using F = TorchSharp.torch.nn.functional;
using Tensor = SourceAD.Tensors.Tensor;

namespace SourceAD.TorchSharp;

// Pooling. Max-pool derivatives follow the policy's tie rule for every rule: windows are unfolded (im2col), each
// window's exact ties share its adjoint by the rule, and the shares are folded back (col2im). libtorch's own
// first-index kernel serves the Native rule when no window's max is NaN (its NaN choice differs from the CPU backend's):
// the forward keeps its argmax indices with the input's storage, so the backward of the same input reuses them (as
// libtorch autograd does) instead of pooling again.
public sealed partial class TorchBackend
{
    /// <inheritdoc/>
    public void MaxPool2d(Tensor x, Tensor y, Pool2dGeometry geometry)
    {
        using var op = Begin();
        int k = geometry.Kernel, s = geometry.Stride, p = geometry.Padding;
        (torch.Tensor values, torch.Tensor indices) = F.max_pool2d_with_indices(In(x), Pair(k), Pair(s), Pair(p));
        // A NaN (or ∞ − ∞) sum flags windows whose NaN choice the Native fast path must not make.
        bool hasNaN = values.sum().isnan().item<bool>();
        Store(y, values);
        StorageOf(x).KeepPoolIndices(geometry, x.Shape, indices, hasNaN);
    }

    /// <inheritdoc/>
    public void MaxPool2dBackward(Tensor x, Tensor dy, Tensor dx, Pool2dGeometry geometry, TieChoice ties, bool strict)
    {
        using var op = Begin();
        torch.Tensor tx = In(x), tdy = In(dy);
        long n = x.Size(0), c = x.Size(1), h = x.Size(2), w = x.Size(3), ho = dy.Size(2), wo = dy.Size(3);
        // The fast path scatters each window's adjoint to its first maximum only; the CPU backend also adds dy·0 to the
        // other tied entries, which differs when dy is not finite, so such adjoints take the exact path.
        if (ties.Rule == TieRule.Native && !strict && AllFinite(tdy) && NativeIndices(x, tx, geometry) is { } indices)
        {
            torch.Tensor planes = torch.zeros([n, c, h * w], tdy.dtype, TorchDevice);
            planes.scatter_add_(2, indices.view(n, c, ho * wo), tdy.reshape(n, c, ho * wo));
            Store(dx, planes.view(n, c, h, w));
            return;
        }
        (torch.Tensor active, torch.Tensor share) = WindowShares(tx, geometry, ties, strict, tdy.dtype);
        torch.Tensor contributions = torch.where(active, tdy.reshape(n, c, 1, ho * wo) * share, torch.zeros(1, tdy.dtype, TorchDevice));
        Store(dx, FoldWindows(contributions, x, geometry));
    }

    /// <inheritdoc/>
    public void MaxPool2dJvp(Tensor x, Tensor tx, Tensor ty, Pool2dGeometry geometry, TieChoice ties, bool strict)
    {
        using var op = Begin();
        torch.Tensor xv = In(x), txv = In(tx);
        long n = x.Size(0), c = x.Size(1), h = x.Size(2), w = x.Size(3), ho = ty.Size(2), wo = ty.Size(3);
        if (ties.Rule == TieRule.Native && !strict && AllFinite(txv) && NativeIndices(x, xv, geometry) is { } indices)
        {
            Store(ty, txv.reshape(n, c, h * w).gather(2, indices.view(n, c, ho * wo)).view(n, c, ho, wo));
            return;
        }
        (torch.Tensor active, torch.Tensor share) = WindowShares(xv, geometry, ties, strict, txv.dtype);
        torch.Tensor tangents = UnfoldWindows(txv, geometry, 0.0);
        torch.Tensor products = torch.where(active, tangents * share, torch.zeros(1, txv.dtype, TorchDevice));
        Store(ty, products.sum(2).view(n, c, ho, wo));
    }

    /// <summary>
    /// libtorch's argmax of each window (flat index within the plane: the first maximum in row-major order, as the
    /// Native rule takes it), or null when a window's max is NaN (libtorch then keeps the last NaN, the CPU backend the first).
    /// </summary>
    private torch.Tensor? NativeIndices(Tensor x, torch.Tensor xv, Pool2dGeometry g)
    {
        if (StorageOf(x).TryGetPoolIndices(g, x.Shape, out torch.Tensor? kept, out bool keptNaN))
        {
            return keptNaN ? null : kept;
        }
        int k = g.Kernel, s = g.Stride, p = g.Padding;
        (torch.Tensor values, torch.Tensor indices) = F.max_pool2d_with_indices(xv, Pair(k), Pair(s), Pair(p));
        return values.sum().isnan().item<bool>() ? null : indices;
    }

    /// <summary>True when every element is finite (a finite sum; an overflowing sum errs on the safe side).</summary>
    private static bool AllFinite(torch.Tensor t) => t.sum().isfinite().item<bool>();

    /// <summary>The windows of x [N, C, H, W] as [N, C, k·k, L] (row-major inside a window), padding filled with <paramref name="fill"/>.</summary>
    private static torch.Tensor UnfoldWindows(torch.Tensor x, Pool2dGeometry g, double fill)
    {
        int k = g.Kernel, s = g.Stride, p = g.Padding;
        torch.Tensor padded = p == 0 ? x : F.pad(x, [p, p, p, p], PaddingModes.Constant, fill);
        torch.Tensor cols = F.unfold(padded, k, 1, 0, s);
        return cols.view(x.size(0), x.size(1), k * k, cols.size(2));
    }

    /// <summary>Sums window entries [N, C, k·k, L] back onto the input's positions: dx [N, C, H, W] (padding dropped).</summary>
    private static torch.Tensor FoldWindows(torch.Tensor windows, Tensor x, Pool2dGeometry g)
    {
        int k = g.Kernel, s = g.Stride, p = g.Padding, h = x.Size(2), w = x.Size(3);
        torch.Tensor folded = F.fold(windows.reshape(x.Size(0), (long)x.Size(1) * k * k, windows.size(3)), (h + 2 * p, w + 2 * p), (k, k), stride: (s, s));
        return p == 0 ? folded : folded.narrow(2, p, h).narrow(3, p, w).contiguous();
    }

    /// <summary>Each window's active set and shares by the tie rule ([N, C, k·k, L]).</summary>
    private (torch.Tensor Active, torch.Tensor Share) WindowShares(torch.Tensor x, Pool2dGeometry g, TieChoice ties, bool strict, torch.ScalarType type)
    {
        torch.Tensor windows = UnfoldWindows(x, g, double.NegativeInfinity);
        torch.Tensor? valid = null;
        if (g.Padding > 0)
        {
            // Padding never joins an active set, even when a window's real entries are all −∞.
            torch.Tensor ones = torch.ones([1, 1, x.size(2), x.size(3)], torch.ScalarType.Float32, TorchDevice);
            valid = UnfoldWindows(ones, g, 0.0).gt(0);
        }
        torch.Tensor max = windows.amax([2L], keepdim: true);
        return TieShares(windows, max, 2, valid, ties, strict, type, "MaxPool2d");
    }

    /// <inheritdoc/>
    public void AvgPool2d(Tensor x, Tensor y, Pool2dGeometry geometry)
    {
        using var op = Begin();
        int k = geometry.Kernel, s = geometry.Stride, p = geometry.Padding;
        Store(y, F.avg_pool2d(In(x), Pair(k), Pair(s), Pair(p), ceil_mode: false, count_include_pad: true));
    }

    /// <inheritdoc/>
    public void AvgPool2dBackward(Tensor dy, Tensor dx, Pool2dGeometry geometry)
    {
        using var op = Begin();
        int k = geometry.Kernel;
        torch.Tensor tdy = In(dy);
        long n = dy.Size(0), c = dy.Size(1), l = (long)dy.Size(2) * dy.Size(3);
        // Each window spreads dy/k² over its entries (padding included, then dropped), as the CPU backend does.
        torch.Tensor share = (tdy * RoundTo(1.0 / (k * k), dy.DType)).reshape(n, c, 1, l).expand(n, c, k * k, l);
        Store(dx, FoldWindows(share, dx, geometry));
    }
}
