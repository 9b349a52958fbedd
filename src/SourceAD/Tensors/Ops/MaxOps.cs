using SourceAD.Tensors.Backends;

namespace SourceAD.Tensors;

public static partial class Ops
{
    /// <summary>max(a, b) elementwise with broadcasting (torch.maximum; NaN propagates).</summary>
    public static Tensor Maximum(Tensor a, Tensor b) => Binary(nameof(Maximum), BinaryKind.Maximum, a, b);

    /// <summary>
    /// Backward rule of <see cref="Maximum"/>: the larger operand gets dy; at a tie a and b share it by
    /// <see cref="DerivativePolicy.Binary"/> (Minimal = 0.5/0.5, as torch.maximum; Native = all to a). Each adjoint is
    /// summed back to its operand's shape.
    /// </summary>
    public static (Tensor Da, Tensor Db) MaximumBackward(Tensor a, Tensor b, Tensor dy, DerivativePolicy policy)
    {
        const string op = nameof(MaximumBackward);
        var backend = BackendOf(op, a, b, dy);
        int[] shape = TensorShape.Broadcast(op, a.Shape, b.Shape);
        RequireShape(op, shape, dy, "the output adjoint");
        using Tensor ab = Broadcast(backend, a, shape).AsScratch(), bb = Broadcast(backend, b, shape).AsScratch();
        using Tensor fa = Tensor.Empty(shape, a.DType, a.Device).AsScratch(), fb = Tensor.Empty(shape, a.DType, a.Device).AsScratch();
        backend.MaximumDerivative(ab, bb, dy, fa, fb, policy.Binary, policy.Strict);
        Tensor da = EmptyLike(a), db = EmptyLike(b);
        backend.SumTo(fa, da);
        backend.SumTo(fb, db);
        return (da, db);
    }

    /// <summary>Forward rule of <see cref="Maximum"/>: ty = wa∘ta + wb∘tb with the backward rule's weights (null tangents are zero).</summary>
    public static Tensor MaximumJvp(Tensor a, Tensor b, Tensor? ta, Tensor? tb, DerivativePolicy policy)
    {
        const string op = nameof(MaximumJvp);
        var backend = BackendOf(op, a, b, ta, tb);
        int[] shape = TensorShape.Broadcast(op, a.Shape, b.Shape);
        using Tensor ab = Broadcast(backend, a, shape).AsScratch(), bb = Broadcast(backend, b, shape).AsScratch();
        using Tensor unused = Tensor.Empty(shape, a.DType, a.Device).AsScratch();
        Tensor ty = Tensor.Zeros(shape, a.DType, a.Device);
        foreach ((Tensor? t, Tensor like, bool first) in new[] { (ta, a, true), (tb, b, false) })
        {
            if (t is null)
            {
                continue;
            }
            RequireSameShape(op, like, t, first ? "the tangent of a" : "the tangent of b");
            using Tensor tt = Broadcast(backend, t, shape).AsScratch(), part = Tensor.Empty(shape, a.DType, a.Device).AsScratch();
            backend.MaximumDerivative(ab, bb, tt, first ? part : unused, first ? unused : part, policy.Binary, policy.Strict);
            AddInto(ty, part);
        }
        return ty;
    }

    /// <summary>The max of x over <paramref name="axes"/> (all when null or empty), like torch.amax; NaN propagates.</summary>
    public static Tensor Max(Tensor x, int[]? axes = null, bool keepDims = false)
    {
        (int[] kept, int[] result, _) = ReducedShapes(nameof(Max), x, axes, keepDims);
        using Tensor y = Tensor.Empty(kept, x.DType, x.Device).AsScratch();
        x.Backend.MaxReduce(x, y);
        return y.Reshape(result);
    }

    /// <summary>
    /// Backward rule of <see cref="Max"/>: each group's adjoint goes to its active set (entries equal to the max),
    /// shared by <see cref="DerivativePolicy.Reduction"/> (Minimal = evenly, as torch.amax; Native = the first).
    /// </summary>
    public static Tensor MaxBackward(Tensor x, Tensor dy, DerivativePolicy policy, int[]? axes = null, bool keepDims = false) =>
        MaxDerivative(nameof(MaxBackward), x, dy, policy, axes, keepDims, transpose: true);

    /// <summary>Forward rule of <see cref="Max"/>: the share-weighted sum of each group's active tangents.</summary>
    public static Tensor MaxJvp(Tensor x, Tensor tx, DerivativePolicy policy, int[]? axes = null, bool keepDims = false) =>
        MaxDerivative(nameof(MaxJvp), x, tx, policy, axes, keepDims, transpose: false);

    private static Tensor MaxDerivative(string op, Tensor x, Tensor g, DerivativePolicy policy, int[]? axes, bool keepDims, bool transpose)
    {
        var backend = BackendOf(op, x, g);
        (int[] kept, int[] result, _) = ReducedShapes(op, x, axes, keepDims);
        if (transpose)
        {
            RequireShape(op, result, g, "the output adjoint");
        }
        else
        {
            RequireSameShape(op, x, g, "the tangent of x");
        }
        using Tensor y = Tensor.Empty(kept, x.DType, x.Device).AsScratch();
        backend.MaxReduce(x, y);
        using Tensor gKept = (transpose ? g.Reshape(kept) : g.Reshape(x.ShapeArray)).AsScratch();
        if (transpose)
        {
            Tensor dx = EmptyLike(x);
            backend.MaxReduceDerivative(x, y, gKept, dx, policy.Reduction, policy.Strict, transpose: true);
            return dx;
        }
        using Tensor ty = Tensor.Empty(kept, x.DType, x.Device).AsScratch();
        backend.MaxReduceDerivative(x, y, gKept, ty, policy.Reduction, policy.Strict, transpose: false);
        return ty.Reshape(result);
    }

    private static Tensor Broadcast(ITensorBackend backend, Tensor t, int[] shape)
    {
        if (TensorShape.Equal(t.Shape, shape))
        {
            return t.Reshape(shape);
        }
        Tensor result = Tensor.Empty(shape, t.DType, t.Device);
        backend.BroadcastTo(t, result);
        return result;
    }
}
