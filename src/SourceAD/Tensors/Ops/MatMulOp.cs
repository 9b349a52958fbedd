namespace SourceAD.Tensors;

public static partial class Ops
{
    /// <summary>
    /// The matrix product a·b: [M, K]·[K, N] = [M, N], or batched like torch.matmul: [B, M, K]·[B, K, N], [B, M, K]·[K, N]
    /// or [M, K]·[B, K, N] give [B, M, N].
    /// </summary>
    public static Tensor MatMul(Tensor a, Tensor b)
    {
        const string op = nameof(MatMul);
        var backend = BackendOf(op, a, b);
        Tensor y = Tensor.Empty(MatMulShape(op, a, b), a.DType, a.Device);
        backend.MatMul(a, false, b, false, y, 0);
        return y;
    }

    /// <summary>Backward rule of <see cref="MatMul"/>: da = dy·bᵀ, db = aᵀ·dy (summed over the batch for a shared 2-D operand).</summary>
    public static (Tensor Da, Tensor Db) MatMulBackward(Tensor a, Tensor b, Tensor dy)
    {
        const string op = nameof(MatMulBackward);
        var backend = BackendOf(op, a, b, dy);
        RequireShape(op, MatMulShape(op, a, b), dy, "the output adjoint");
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
        Tensor ty = Tensor.Zeros(MatMulShape(op, a, b), a.DType, a.Device);
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

    private static int[] MatMulShape(string op, Tensor a, Tensor b)
    {
        if (a.Rank is < 2 or > 3 || b.Rank is < 2 or > 3)
        {
            throw new ArgumentException($"{op}: shapes {TensorShape.Format(a.Shape)} and {TensorShape.Format(b.Shape)} must each have rank 2 or 3.");
        }
        if (a.Size(-1) != b.Size(-2))
        {
            throw new ArgumentException($"{op}: shapes {TensorShape.Format(a.Shape)} and {TensorShape.Format(b.Shape)} are not aligned (inner sizes {a.Size(-1)} and {b.Size(-2)}).");
        }
        if (a.Rank == 3 && b.Rank == 3 && a.Size(0) != b.Size(0))
        {
            throw new ArgumentException($"{op}: shapes {TensorShape.Format(a.Shape)} and {TensorShape.Format(b.Shape)} have different batch sizes.");
        }
        int m = a.Size(-2), n = b.Size(-1);
        return a.Rank == 3 ? [a.Size(0), m, n] : b.Rank == 3 ? [b.Size(0), m, n] : [m, n];
    }
}
