namespace SourceAD.Tensors;

// Scaled-dot-product attention as one op with its own rules. The rules recompute the probabilities P from q and k (no
// tape entry beyond the inputs) and never build the masked scores' adjoint: P is 0 at masked entries, so the softmax
// rule already zeroes them. The kernels are the backends' batched GEMM and softmax (no tiled flash kernel).
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
        CheckAttention(op, q, k, v);
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
        using Tensor p = AttentionProbabilities(q, k, causal);
        using Tensor pt = Transpose(p, -1, -2), vt = Transpose(v, -1, -2);
        Tensor dv = MatMul(pt, dy);
        using Tensor dp = MatMul(dy, vt);
        using Tensor ds0 = SoftmaxBackward(p, dp);
        using Tensor ds = MulScalar(ds0, AttentionScale(q));
        using Tensor dst = Transpose(ds, -1, -2);
        return (MatMul(ds, k), MatMul(dst, q), dv);
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

    private static double AttentionScale(Tensor q) => 1 / Math.Sqrt(q.Size(-1));

    /// <summary>P = softmax(q·kᵀ/√D) over the last axis, −∞ above the diagonal first when causal.</summary>
    private static Tensor AttentionProbabilities(Tensor q, Tensor k, bool causal)
    {
        using Tensor kt = Transpose(k, -1, -2), raw = MatMul(q, kt);
        using Tensor scores = MulScalar(raw, AttentionScale(q));
        if (!causal)
        {
            return Softmax(scores);
        }
        using Tensor mask = CausalMask(q.Size(-2), k.Size(-2), q);
        using Tensor masked = MaskedFill(scores, mask, double.NegativeInfinity);
        return Softmax(masked);
    }

    /// <summary>[T, S]: 1 where s &gt; t (masked), 0 elsewhere, on <paramref name="like"/>'s device and dtype.</summary>
    private static Tensor CausalMask(int t, int s, Tensor like)
    {
        var values = new double[t * s];
        for (int i = 0; i < t; i++)
        {
            for (int j = i + 1; j < s; j++)
            {
                values[i * s + j] = 1;
            }
        }
        Tensor mask = Tensor.Empty([t, s], like.DType, like.Device);
        mask.CopyFrom<double>(values);
        return mask;
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
