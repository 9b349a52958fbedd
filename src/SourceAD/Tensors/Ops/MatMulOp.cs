namespace SourceAD.Tensors;

public static partial class Ops
{
    /// <summary>
    /// The matrix product a·b: [M, K]·[K, N] = [M, N], or batched like torch.matmul over leading batch axes: [B…, M, K]·[B…, K, N],
    /// [B…, M, K]·[K, N] or [M, K]·[B…, K, N] give [B…, M, N] (B… any number of axes, equal on both operands when both
    /// have them; an attention score is [B, H, T, D]·[B, H, D, T]).
    /// </summary>
    public static Tensor MatMul(Tensor a, Tensor b)
    {
        const string op = nameof(MatMul);
        var backend = BackendOf(op, a, b);
        Tensor y = Tensor.Empty(MatMulShape(op, a, b), a.DType, a.Device);
        using (BatchView a3 = new(a), b3 = new(b), y3 = new(y))
        {
            backend.MatMul(a3.T, false, b3.T, false, y3.T, 0);
        }
        return y;
    }

    /// <summary>Backward rule of <see cref="MatMul"/>: da = dy·bᵀ, db = aᵀ·dy (summed over the batch for a shared 2-D operand).</summary>
    public static (Tensor Da, Tensor Db) MatMulBackward(Tensor a, Tensor b, Tensor dy)
    {
        const string op = nameof(MatMulBackward);
        var backend = BackendOf(op, a, b, dy);
        RequireShape(op, MatMulShape(op, a, b), dy, "the output adjoint");
        Tensor da = EmptyLike(a), db = EmptyLike(b);
        using (BatchView a3 = new(a), b3 = new(b), dy3 = new(dy), da3 = new(da), db3 = new(db))
        {
            backend.MatMul(dy3.T, false, b3.T, true, da3.T, 0);
            backend.MatMul(a3.T, true, dy3.T, false, db3.T, 0);
        }
        return (da, db);
    }

    /// <summary>Forward rule of <see cref="MatMul"/>: ty = ta·b + a·tb (a null tangent is zero).</summary>
    public static Tensor MatMulJvp(Tensor a, Tensor b, Tensor? ta, Tensor? tb)
    {
        const string op = nameof(MatMulJvp);
        var backend = BackendOf(op, a, b, ta, tb);
        Tensor ty = Tensor.Zeros(MatMulShape(op, a, b), a.DType, a.Device);
        using BatchView a3 = new(a), b3 = new(b), ty3 = new(ty);
        if (ta is not null)
        {
            RequireSameShape(op, a, ta, "the tangent of a");
            using BatchView ta3 = new(ta);
            backend.MatMul(ta3.T, false, b3.T, false, ty3.T, 1);
        }
        if (tb is not null)
        {
            RequireSameShape(op, b, tb, "the tangent of b");
            using BatchView tb3 = new(tb);
            backend.MatMul(a3.T, false, tb3.T, false, ty3.T, 1);
        }
        return ty;
    }

    /// <summary>The number of matrices in a batched operand: the product of its leading axes (1 for a matrix).</summary>
    internal static long MatMulBatch(Tensor t)
    {
        long batch = 1;
        for (int i = 0; i < t.Rank - 2; i++) batch *= t.Size(i);
        return batch;
    }

    /// <summary>
    /// An operand as the backend takes it (2-D or 3-D): the tensor itself up to rank 3, else a view with its leading batch
    /// axes merged into one (disposed with this).
    /// </summary>
    private readonly struct BatchView : IDisposable
    {
        private readonly Tensor _original;

        public BatchView(Tensor t)
        {
            _original = t;
            T = t.Rank <= 3 ? t : t.Reshape(-1, t.Size(-2), t.Size(-1)).AsScratch();
        }

        public Tensor T { get; }

        public void Dispose()
        {
            if (!ReferenceEquals(T, _original)) T.Dispose();
        }
    }

    private static int[] MatMulShape(string op, Tensor a, Tensor b)
    {
        if (a.Rank < 2 || b.Rank < 2)
        {
            throw new ArgumentException($"{op}: shapes {TensorShape.Format(a.Shape)} and {TensorShape.Format(b.Shape)} must each have rank 2 or more.");
        }
        if (a.Size(-1) != b.Size(-2))
        {
            throw new ArgumentException($"{op}: shapes {TensorShape.Format(a.Shape)} and {TensorShape.Format(b.Shape)} are not aligned (inner sizes {a.Size(-1)} and {b.Size(-2)}).");
        }
        ReadOnlySpan<int> batchA = a.Shape[..^2], batchB = b.Shape[..^2];
        if (batchA.Length > 0 && batchB.Length > 0 && !batchA.SequenceEqual(batchB))
        {
            throw new ArgumentException($"{op}: shapes {TensorShape.Format(a.Shape)} and {TensorShape.Format(b.Shape)} have different batch axes {TensorShape.Format(batchA)} and {TensorShape.Format(batchB)} (they must be equal, or one operand a matrix).");
        }
        ReadOnlySpan<int> batch = batchA.Length > 0 ? batchA : batchB;
        return [.. batch, a.Size(-2), b.Size(-1)];
    }
}
