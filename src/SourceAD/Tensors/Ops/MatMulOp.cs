namespace SourceAD.Tensors;

public static partial class Ops
{
    /// <summary>The matrix product a·b of a [M, K] and b [K, N]: [M, N].</summary>
    public static Tensor MatMul(Tensor a, Tensor b)
    {
        const string op = nameof(MatMul);
        var backend = BackendOf(op, a, b);
        RequireRank(op, nameof(a), a, 2);
        RequireRank(op, nameof(b), b, 2);
        if (a.Size(1) != b.Size(0))
        {
            throw new ArgumentException($"{op}: shapes {TensorShape.Format(a.Shape)} and {TensorShape.Format(b.Shape)} are not aligned (inner sizes {a.Size(1)} and {b.Size(0)}).");
        }
        Tensor y = Tensor.Empty([a.Size(0), b.Size(1)], a.DType, a.Device);
        backend.MatMul(a, false, b, false, y, 0);
        return y;
    }

    /// <summary>Backward rule of <see cref="MatMul"/>: da = dy·bᵀ, db = aᵀ·dy.</summary>
    public static (Tensor Da, Tensor Db) MatMulBackward(Tensor a, Tensor b, Tensor dy)
    {
        const string op = nameof(MatMulBackward);
        var backend = BackendOf(op, a, b, dy);
        if (dy.Rank != 2 || dy.Size(0) != a.Size(0) || dy.Size(1) != b.Size(1))
        {
            throw new ArgumentException($"{op}: the output adjoint has shape {TensorShape.Format(dy.Shape)} but [{a.Size(0)}, {b.Size(1)}] is required for shapes {TensorShape.Format(a.Shape)} and {TensorShape.Format(b.Shape)}.");
        }
        Tensor da = EmptyLike(a), db = EmptyLike(b);
        backend.MatMul(dy, false, b, true, da, 0);
        backend.MatMul(a, true, dy, false, db, 0);
        return (da, db);
    }

    /// <summary>Forward rule of <see cref="MatMul"/>: ty = ta·b + a·tb (a null tangent is zero).</summary>
    public static Tensor MatMulJvp(Tensor a, Tensor b, Tensor? ta, Tensor? tb)
    {
        const string op = nameof(MatMulJvp);
        var backend = BackendOf(op, a, b, ta, tb);
        Tensor ty = Tensor.Zeros([a.Size(0), b.Size(1)], a.DType, a.Device);
        if (ta is not null)
        {
            RequireSameShape(op, a, ta, "the tangent of a");
            backend.MatMul(ta, false, b, false, ty, 1);
        }
        if (tb is not null)
        {
            RequireSameShape(op, b, tb, "the tangent of b");
            backend.MatMul(a, false, tb, false, ty, 1);
        }
        return ty;
    }
}
