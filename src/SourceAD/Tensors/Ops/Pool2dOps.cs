using SourceAD.Tensors.Backends;

namespace SourceAD.Tensors;

public static partial class Ops
{
    /// <summary>
    /// PyTorch's max_pool2d(kernel, stride, padding), floor mode: x [N, C, H, W] → [N, C, Ho, Wo]; stride defaults to
    /// kernel; padding (≤ kernel/2) is −∞.
    /// </summary>
    public static Tensor MaxPool2d(Tensor x, int kernel, int? stride = null, int padding = 0)
    {
        Pool2dGeometry g = CheckPool(nameof(MaxPool2d), x, kernel, stride, padding);
        Shape4 outShape = PoolOutputShape(x, g);
        Tensor y = Tensor.Empty(outShape, x.DType, x.Device);
        x.Backend.MaxPool2d(x, y, g);
        return y;
    }

    /// <summary>
    /// Backward rule of <see cref="MaxPool2d"/>: each window's adjoint goes to its active set (the entries equal to the
    /// window max) shared by <see cref="DerivativePolicy.Pooling"/>: Native gives it all to the first in row-major order
    /// (PyTorch), Minimal splits it evenly, Hybrid(β) mixes them. Overlapping windows add up. A strict policy throws at ties.
    /// </summary>
    public static Tensor MaxPool2dBackward(Tensor x, Tensor dy, DerivativePolicy policy, int kernel, int? stride = null, int padding = 0)
    {
        const string op = nameof(MaxPool2dBackward);
        var backend = BackendOf(op, x, dy);
        Pool2dGeometry g = CheckPool(op, x, kernel, stride, padding);
        Shape4 outShape = PoolOutputShape(x, g);
        RequireShape(op, outShape, dy, "the output adjoint");
        Tensor dx = EmptyLike(x);
        backend.MaxPool2dBackward(x, dy, dx, g, policy.Pooling, policy.Strict);
        return dx;
    }

    /// <summary>Forward rule of <see cref="MaxPool2d"/>: each output tangent is the share-weighted sum of its active inputs' tangents (the transpose of the backward rule).</summary>
    public static Tensor MaxPool2dJvp(Tensor x, Tensor tx, DerivativePolicy policy, int kernel, int? stride = null, int padding = 0)
    {
        const string op = nameof(MaxPool2dJvp);
        var backend = BackendOf(op, x, tx);
        Pool2dGeometry g = CheckPool(op, x, kernel, stride, padding);
        RequireSameShape(op, x, tx, "the tangent of x");
        Shape4 outShape = PoolOutputShape(x, g);
        Tensor ty = Tensor.Empty(outShape, x.DType, x.Device);
        backend.MaxPool2dJvp(x, tx, ty, g, policy.Pooling, policy.Strict);
        return ty;
    }

    /// <summary>PyTorch's avg_pool2d(kernel, stride, padding): the mean of each window, padding counted as zeros.</summary>
    public static Tensor AvgPool2d(Tensor x, int kernel, int? stride = null, int padding = 0)
    {
        Pool2dGeometry g = CheckPool(nameof(AvgPool2d), x, kernel, stride, padding);
        Shape4 outShape = PoolOutputShape(x, g);
        Tensor y = Tensor.Empty(outShape, x.DType, x.Device);
        x.Backend.AvgPool2d(x, y, g);
        return y;
    }

    /// <summary>Backward rule of <see cref="AvgPool2d"/>: each input gets dy / kernel² from every window containing it.</summary>
    public static Tensor AvgPool2dBackward(Tensor x, Tensor dy, int kernel, int? stride = null, int padding = 0)
    {
        const string op = nameof(AvgPool2dBackward);
        var backend = BackendOf(op, x, dy);
        Pool2dGeometry g = CheckPool(op, x, kernel, stride, padding);
        Shape4 outShape = PoolOutputShape(x, g);
        RequireShape(op, outShape, dy, "the output adjoint");
        Tensor dx = EmptyLike(x);
        backend.AvgPool2dBackward(dy, dx, g);
        return dx;
    }

    /// <summary>Forward rule of <see cref="AvgPool2d"/> (linear): ty = AvgPool2d(tx).</summary>
    public static Tensor AvgPool2dJvp(Tensor x, Tensor tx, int kernel, int? stride = null, int padding = 0)
    {
        BackendOf(nameof(AvgPool2dJvp), x, tx);
        RequireSameShape(nameof(AvgPool2dJvp), x, tx, "the tangent of x");
        return AvgPool2d(tx, kernel, stride, padding);
    }

    private static Shape4 PoolOutputShape(Tensor x, Pool2dGeometry g) =>
        new(x.Size(0), x.Size(1), g.OutputSize(x.Size(2)), g.OutputSize(x.Size(3)));

    private static Pool2dGeometry CheckPool(string op, Tensor x, int kernel, int? stride, int padding)
    {
        RequireRank(op, nameof(x), x, 4);
        var g = new Pool2dGeometry(kernel, stride ?? kernel, padding);
        if (g.Kernel < 1 || g.Stride < 1)
        {
            throw new ArgumentException($"{op}: kernel and stride must be ≥ 1 (got {g.Kernel} and {g.Stride}).");
        }
        if (padding < 0 || padding > kernel / 2)
        {
            throw new ArgumentException($"{op}: padding must be between 0 and kernel/2 = {kernel / 2} (got {padding}).");
        }
        if (x.Size(2) + 2 * padding < g.Kernel || x.Size(3) + 2 * padding < g.Kernel)
        {
            throw new ArgumentException($"{op}: kernel {g.Kernel} is larger than the padded input of shape {TensorShape.Format(x.Shape)}.");
        }
        return g;
    }
}
