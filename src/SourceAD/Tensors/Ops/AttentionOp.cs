using SourceAD.Tensors.Backends;

namespace SourceAD.Tensors;

// Scaled-dot-product attention as one op with its own rules. The rules recompute the probabilities P from q and k (no
// tape entry beyond the inputs) and never build the masked scores' adjoint: P is 0 at masked entries, so the softmax
// rule already zeroes them. The kernels are the backends' batched GEMM and softmax, or a backend's fused kernel
// (ITensorBackend.HasFusedAttention: the CPU's for float32, CpuBackend.Attention.cs, one (batch, head) per work item
// with its probabilities in per-thread scratch, never a [..., T, S] tensor).
public static partial class Ops
{
    /// <summary>
    /// torch's F.scaled_dot_product_attention(q, k, v, is_causal): softmax(q·kᵀ/√D [masked]) · v for q [..., T, D],
    /// k [..., S, D] and v [..., S, Dv] with the same leading (batch, head) axes; [..., T, Dv]. With
    /// <paramref name="causal"/> position t attends to positions s ≤ t only (torch's top-left causal mask).
    /// </summary>
    public static Tensor ScaledDotProductAttention(Tensor q, Tensor k, Tensor v, bool causal = false)
    {
        const string op = nameof(ScaledDotProductAttention);
        BackendOf(op, q, k, v);
        int[] shape = CheckAttention(op, q, k, v);
        if (UseFusedAttention(q, k, v))
        {
            Tensor y = Tensor.Empty(shape, q.DType, q.Device);
            q.Backend.Attention(q, k, v, y, causal);
            return y;
        }
        using Tensor p = AttentionProbabilities(q, k, causal);
        return MatMul(p, v);
    }

    /// <summary>Backward rule of <see cref="ScaledDotProductAttention"/>: dv = Pᵀ·dy, dS = softmax′(P)(dy·vᵀ)/√D, dq = dS·k, dk = dSᵀ·q.</summary>
    public static (Tensor Dq, Tensor Dk, Tensor Dv) ScaledDotProductAttentionBackward(Tensor q, Tensor k, Tensor v, Tensor dy, bool causal = false)
    {
        const string op = nameof(ScaledDotProductAttentionBackward);
        BackendOf(op, q, k, v, dy);
        int[] shape = CheckAttention(op, q, k, v);
        RequireShape(op, shape, dy, "the output adjoint");
        var backend = q.Backend;
        if (UseFusedAttention(q, k, v))
        {
            Tensor fdq = EmptyLike(q), fdk = EmptyLike(k), fdv = EmptyLike(v);
            backend.AttentionBackward(q, k, v, dy, fdq, fdk, fdv, causal);
            return (fdq, fdk, fdv);
        }
        using Tensor p = AttentionProbabilities(q, k, causal);
        // The transposed products through the GEMM's transpose flags, not transposed copies.
        Tensor dv = EmptyLike(v);
        BatchedMatMul(backend, p, true, dy, false, dv);
        using Tensor dp = EmptyLike(p).AsScratch();
        BatchedMatMul(backend, dy, false, v, true, dp);
        using Tensor ds = SoftmaxBackward(p, dp).AsScratch();
        backend.Unary(UnaryKind.Scale, AttentionScale(q), ds, ds);
        Tensor dq = EmptyLike(q), dk = EmptyLike(k);
        BatchedMatMul(backend, ds, false, k, false, dq);
        BatchedMatMul(backend, ds, true, q, false, dk);
        return (dq, dk, dv);
    }

    /// <summary>Forward rule of <see cref="ScaledDotProductAttention"/>: ty = softmax′(P)((tq·kᵀ + q·tkᵀ)/√D)·v + P·tv (null tangents are zero).</summary>
    public static Tensor ScaledDotProductAttentionJvp(Tensor q, Tensor k, Tensor v, Tensor? tq, Tensor? tk, Tensor? tv, bool causal = false)
    {
        const string op = nameof(ScaledDotProductAttentionJvp);
        BackendOf(op, q, k, v, tq, tk, tv);
        int[] shape = CheckAttention(op, q, k, v);
        if (tq is not null) RequireSameShape(op, q, tq, "the tangent of q");
        if (tk is not null) RequireSameShape(op, k, tk, "the tangent of k");
        if (tv is not null) RequireSameShape(op, v, tv, "the tangent of v");
        using Tensor p = AttentionProbabilities(q, k, causal);
        Tensor ty = Tensor.Zeros(shape, q.DType, q.Device);
        if (tq is not null || tk is not null)
        {
            using Tensor ts = Tensor.Zeros(p.Shape, q.DType, q.Device);
            if (tq is not null)
            {
                using Tensor kt = Transpose(k, -1, -2), part = MatMul(tq, kt);
                AddInto(ts, part);
            }
            if (tk is not null)
            {
                using Tensor tkt = Transpose(tk, -1, -2), part = MatMul(q, tkt);
                AddInto(ts, part);
            }
            using Tensor scaled = MulScalar(ts, AttentionScale(q));
            using Tensor tp = SoftmaxJvp(p, scaled);
            using Tensor part2 = MatMul(tp, v);
            AddInto(ty, part2);
        }
        if (tv is not null)
        {
            using Tensor part = MatMul(p, tv);
            AddInto(ty, part);
        }
        return ty;
    }

    /// <summary>Whether q's backend runs this attention as one fused kernel (its dtype, and no empty axis).</summary>
    private static bool UseFusedAttention(Tensor q, Tensor k, Tensor v) =>
        q.Backend.HasFusedAttention(q.DType) && q.Length > 0 && k.Length > 0 && v.Length > 0;

    private static double AttentionScale(Tensor q) => 1 / Math.Sqrt(q.Size(-1));

    /// <summary>P = softmax(q·kᵀ/√D) over the last axis, −∞ above the diagonal first when causal.</summary>
    private static Tensor AttentionProbabilities(Tensor q, Tensor k, bool causal)
    {
        var backend = q.Backend;
        int[] shape = q.ShapeArray;
        shape[^1] = k.Size(-2);
        using Tensor scores = Tensor.Empty(shape, q.DType, q.Device).AsScratch();
        BatchedMatMul(backend, q, false, k, true, scores);
        backend.Unary(UnaryKind.Scale, AttentionScale(q), scores, scores);
        if (!causal)
        {
            return Softmax(scores);
        }
        using Tensor mask = CausalMask(q.Size(-2), k.Size(-2), q).AsScratch();
        using Tensor masked = MaskedFill(scores, mask, double.NegativeInfinity).AsScratch();
        return Softmax(masked);
    }

    /// <summary>y = op(a)·op(b) over the leading (batch) axes, op the transpose where asked; y's shape is set.</summary>
    private static void BatchedMatMul(ITensorBackend backend, Tensor a, bool transposeA, Tensor b, bool transposeB, Tensor y)
    {
        using BatchView a3 = new(a), b3 = new(b), y3 = new(y);
        backend.MatMul(a3.T, transposeA, b3.T, transposeB, y3.T, 0);
    }

    /// <summary>[T, S]: 1 where s &gt; t (masked), 0 elsewhere, on <paramref name="like"/>'s device and dtype.</summary>
    private static Tensor CausalMask(int t, int s, Tensor like)
    {
        // A pooled host buffer: the mask is rebuilt on every call (forward and backward) and is the op's only host data.
        double[] values = System.Buffers.ArrayPool<double>.Shared.Rent(t * s);
        try
        {
            for (int i = 0; i < t; i++)
            {
                for (int j = 0; j < s; j++)
                {
                    values[i * s + j] = j > i ? 1 : 0;
                }
            }
            Tensor mask = Tensor.Empty([t, s], like.DType, like.Device);
            mask.CopyFrom<double>(values.AsSpan(0, t * s));
            return mask;
        }
        finally
        {
            System.Buffers.ArrayPool<double>.Shared.Return(values);
        }
    }

    /// <summary>The output shape [..., T, Dv], after checking ranks, leading axes and the D and S sizes.</summary>
    private static int[] CheckAttention(string op, Tensor q, Tensor k, Tensor v)
    {
        string Shapes() => $"q {TensorShape.Format(q.Shape)}, k {TensorShape.Format(k.Shape)}, v {TensorShape.Format(v.Shape)}";
        if (q.Rank < 2 || k.Rank != q.Rank || v.Rank != q.Rank)
        {
            throw new ArgumentException($"{op}: q, k and v need one rank ≥ 2: {Shapes()}.");
        }
        for (int axis = 0; axis < q.Rank - 2; axis++)
        {
            if (k.Size(axis) != q.Size(axis) || v.Size(axis) != q.Size(axis))
            {
                throw new ArgumentException($"{op}: q, k and v need the same leading axes: {Shapes()}.");
            }
        }
        if (k.Size(-1) != q.Size(-1))
        {
            throw new ArgumentException($"{op}: q and k need the same last axis (D): {Shapes()}.");
        }
        if (v.Size(-2) != k.Size(-2))
        {
            throw new ArgumentException($"{op}: k and v need the same number of positions (S): {Shapes()}.");
        }
        int[] shape = q.ShapeArray;
        shape[^1] = v.Size(-1);
        return shape;
    }
}
