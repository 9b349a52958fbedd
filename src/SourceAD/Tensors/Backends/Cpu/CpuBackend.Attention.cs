using System.Numerics;
using System.Numerics.Tensors;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace SourceAD.Tensors.Backends.Cpu;

// Fused float32 scaled-dot-product attention. The composed rules (Ops.ScaledDotProductAttention) ran one small GEMM per
// (batch, head) in sequence, scaled, masked and normalised whole [..., T, S] tensors in separate passes, and built the
// probabilities twice more in the backward rule. Here one (batch, head) is one work item, and its scores,
// probabilities and score adjoints live in per-thread scratch rows: a causal row stops at its diagonal (the masked
// half is never computed), and the backward pass holds the head's P and dS (T × S each) only while it runs.
//
// Every sum is the composed path's, in the same order: a score is the FMA chain over D from zero (the GEMM's
// micro-kernel for one K block), scaled in float; the row goes through the softmax's own row kernel
// (SoftmaxRowFloat32); an output or gradient row is the FMA chain over the rows it sums, ascending, skipping only the
// masked terms, whose weight is an exact zero. Items never share outputs, so the result does not depend on the thread
// count.
public sealed partial class CpuBackend
{
    /// <inheritdoc/>
    public bool HasFusedAttention(DType dtype) => dtype == DType.Float32;

    /// <inheritdoc/>
    public void Attention(Tensor q, Tensor k, Tensor v, Tensor y, bool causal)
    {
        var shape = new AttentionShape(q, k, v, causal);
        if (shape.Heads == 0 || shape.T == 0)
        {
            return;
        }
        CpuParallel.For(shape.Heads, MaxThreads, new AttentionForwardHeads(shape, Data<float>(q), Data<float>(k), Data<float>(v), Data<float>(y)));
    }

    /// <inheritdoc/>
    public void AttentionBackward(Tensor q, Tensor k, Tensor v, Tensor dy, Tensor dq, Tensor dk, Tensor dv, bool causal)
    {
        var shape = new AttentionShape(q, k, v, causal);
        if (shape.Heads == 0)
        {
            return;
        }
        CpuParallel.For(shape.Heads, MaxThreads, new AttentionBackwardHeads(shape,
            Data<float>(q), Data<float>(k), Data<float>(v), Data<float>(dy), Data<float>(dq), Data<float>(dk), Data<float>(dv)));
    }

    /// <summary>One attention's sizes: Heads (the product of the leading axes), T, S, D, Dv; Sp is S rounded up to whole vectors.</summary>
    private readonly struct AttentionShape
    {
        public readonly int Heads, T, S, D, Dv, Sp;
        public readonly bool Causal;
        public readonly float Scale;

        public AttentionShape(Tensor q, Tensor k, Tensor v, bool causal)
        {
            T = q.Size(-2);
            D = q.Size(-1);
            S = k.Size(-2);
            Dv = v.Size(-1);
            Heads = T * D == 0 ? 0 : q.Length / (T * D);
            int width = Vector<float>.Count;
            Sp = (S + width - 1) / width * width;
            Causal = causal;
            // The composed path's factor: 1/√D in double, applied as a float (UnaryKind.Scale).
            Scale = (float)(1 / Math.Sqrt(D));
        }

        /// <summary>The positions row t attends to: s ≤ t when causal (torch's top-left mask), all S otherwise.</summary>
        public int Columns(int t) => Causal ? Math.Min(t + 1, S) : S;

        /// <summary>The first row that attends to position s.</summary>
        public int FirstRow(int s) => Causal ? s : 0;
    }

    private readonly struct AttentionForwardHeads(AttentionShape shape, float[] q, float[] k, float[] v, float[] y) : IParallelBody
    {
        public void Invoke(int h)
        {
            int sp = shape.Sp;
            int qo = h * shape.T * shape.D, ko = h * shape.S * shape.D, vo = h * shape.S * shape.Dv, yo = h * shape.T * shape.Dv;
            float[] kt = CpuScratch<float>.A(shape.D * sp);
            float[] row = CpuScratch<float>.B(2 * sp);
            AttentionKernels.Transpose(k, ko, shape.S, shape.D, kt, sp);
            for (int t = 0; t < shape.T; t++)
            {
                int n = shape.Columns(t);
                AttentionKernels.Scores(q, qo + t * shape.D, shape.D, kt, sp, n, row, 0);
                Span<float> scores = row.AsSpan(0, n), p = row.AsSpan(sp, n);
                TensorPrimitives.Multiply(scores, shape.Scale, scores);
                SoftmaxRowFloat32(scores, p, log: false);
                AttentionKernels.WeightedRowSum(row, sp, 1, n, v, vo, shape.Dv, shape.Dv, y, yo + t * shape.Dv);
            }
        }
    }

    private readonly struct AttentionBackwardHeads(AttentionShape shape, float[] q, float[] k, float[] v, float[] dy,
        float[] dq, float[] dk, float[] dv) : IParallelBody
    {
        public void Invoke(int h)
        {
            int T = shape.T, S = shape.S, D = shape.D, Dv = shape.Dv, sp = shape.Sp;
            int qo = h * T * D, ko = h * S * D, vo = h * S * Dv, yo = h * T * Dv;
            float[] kt = CpuScratch<float>.A(D * sp);
            float[] vt = CpuScratch<float>.B(Dv * sp);
            float[] pm = CpuScratch<float>.C(Math.Max(1, T * sp));
            float[] ds = CpuScratch<float>.D(Math.Max(1, T * sp));
            AttentionKernels.Transpose(k, ko, S, D, kt, sp);
            AttentionKernels.Transpose(v, vo, S, Dv, vt, sp);
            for (int t = 0; t < T; t++)
            {
                int n = shape.Columns(t);
                // P's row, recomputed as in the forward pass (in place: the softmax row kernel reads its input first).
                AttentionKernels.Scores(q, qo + t * D, D, kt, sp, n, pm, t * sp);
                Span<float> p = pm.AsSpan(t * sp, n);
                TensorPrimitives.Multiply(p, shape.Scale, p);
                SoftmaxRowFloat32(p, p, log: false);
                // dP = dy·vᵀ, then the softmax's backward (SoftmaxDerivativeRows' sums) and the scale, into dS's row.
                AttentionKernels.Scores(dy, yo + t * Dv, Dv, vt, sp, n, ds, t * sp);
                Span<float> g = ds.AsSpan(t * sp, n);
                double dot = 0;
                for (int j = 0; j < n; j++)
                {
                    dot += (double)p[j] * g[j];
                }
                for (int j = 0; j < n; j++)
                {
                    g[j] = (float)(p[j] * (g[j] - dot));
                }
                TensorPrimitives.Multiply(g, shape.Scale, g);
            }
            for (int s = 0; s < S; s++)
            {
                int t0 = shape.FirstRow(s), rows = Math.Max(0, T - t0);
                // dv = Pᵀ·dy and dk = dSᵀ·q: column s of P and dS, rows t ≥ t0 (the others are masked zeros).
                AttentionKernels.WeightedRowSum(pm, t0 * sp + s, sp, rows, dy, yo + t0 * Dv, Dv, Dv, dv, vo + s * Dv);
                AttentionKernels.WeightedRowSum(ds, t0 * sp + s, sp, rows, q, qo + t0 * D, D, D, dk, ko + s * D);
            }
            for (int t = 0; t < T; t++)
            {
                // dq = dS·k.
                AttentionKernels.WeightedRowSum(ds, t * sp, 1, shape.Columns(t), k, ko, D, D, dq, qo + t * D);
            }
        }
    }
}

/// <summary>The vector loops of the fused attention kernel (<c>CpuBackend.Attention.cs</c>).</summary>
internal static class AttentionKernels
{
    /// <summary>mt[c·stride + r] = m[offset + r·cols + c] for an rows × cols block, zero for r in [rows, stride).</summary>
    public static void Transpose(float[] m, int offset, int rows, int cols, float[] mt, int stride)
    {
        for (int c = 0; c < cols; c++)
        {
            Span<float> dst = mt.AsSpan(c * stride, stride);
            for (int r = 0; r < rows; r++)
            {
                dst[r] = m[offset + r * cols + c];
            }
            dst[rows..].Clear();
        }
    }

    /// <summary>
    /// dst[dstOffset + j] = Σ_d x[xOffset + d]·mt[d·stride + j] for j &lt; n (and up to the next whole vector, which
    /// the caller ignores): for each j the FMA chain over d ascending from zero, as the GEMM's micro-kernel.
    /// </summary>
    public static void Scores(float[] x, int xOffset, int d, float[] mt, int stride, int n, float[] dst, int dstOffset)
    {
        int w = Vector<float>.Count;
        ref float px = ref Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(x), xOffset);
        ref float pm = ref MemoryMarshal.GetArrayDataReference(mt);
        ref float pd = ref Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(dst), dstOffset);
        int j = 0;
        for (; j + 4 * w <= n; j += 4 * w)
        {
            Vector<float> a0 = default, a1 = default, a2 = default, a3 = default;
            for (int i = 0; i < d; i++)
            {
                var b = new Vector<float>(Unsafe.Add(ref px, i));
                nuint at = (nuint)(i * stride + j);
                a0 = CpuGemm.Fma(b, Vector.LoadUnsafe(ref pm, at), a0);
                a1 = CpuGemm.Fma(b, Vector.LoadUnsafe(ref pm, at + (nuint)w), a1);
                a2 = CpuGemm.Fma(b, Vector.LoadUnsafe(ref pm, at + (nuint)(2 * w)), a2);
                a3 = CpuGemm.Fma(b, Vector.LoadUnsafe(ref pm, at + (nuint)(3 * w)), a3);
            }
            a0.StoreUnsafe(ref pd, (nuint)j);
            a1.StoreUnsafe(ref pd, (nuint)(j + w));
            a2.StoreUnsafe(ref pd, (nuint)(j + 2 * w));
            a3.StoreUnsafe(ref pd, (nuint)(j + 3 * w));
        }
        for (; j < n; j += w)
        {
            Vector<float> a0 = default;
            for (int i = 0; i < d; i++)
            {
                a0 = CpuGemm.Fma(new Vector<float>(Unsafe.Add(ref px, i)), Vector.LoadUnsafe(ref pm, (nuint)(i * stride + j)), a0);
            }
            a0.StoreUnsafe(ref pd, (nuint)j);
        }
    }

    /// <summary>
    /// dst[dstOffset + c] = Σ_{i &lt; count} w[wOffset + i·wStride]·m[mOffset + i·mStride + c] for c &lt; cols: for each
    /// c the FMA chain over i ascending from zero (all zeros when count is 0).
    /// </summary>
    public static void WeightedRowSum(float[] w, int wOffset, int wStride, int count,
        float[] m, int mOffset, int mStride, int cols, float[] dst, int dstOffset)
    {
        int width = Vector<float>.Count;
        ref float pw = ref Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(w), wOffset);
        ref float pm = ref Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(m), mOffset);
        ref float pd = ref Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(dst), dstOffset);
        int c = 0;
        for (; c + 4 * width <= cols; c += 4 * width)
        {
            Vector<float> a0 = default, a1 = default, a2 = default, a3 = default;
            for (int i = 0; i < count; i++)
            {
                var b = new Vector<float>(Unsafe.Add(ref pw, i * wStride));
                nuint at = (nuint)(i * mStride + c);
                a0 = CpuGemm.Fma(b, Vector.LoadUnsafe(ref pm, at), a0);
                a1 = CpuGemm.Fma(b, Vector.LoadUnsafe(ref pm, at + (nuint)width), a1);
                a2 = CpuGemm.Fma(b, Vector.LoadUnsafe(ref pm, at + (nuint)(2 * width)), a2);
                a3 = CpuGemm.Fma(b, Vector.LoadUnsafe(ref pm, at + (nuint)(3 * width)), a3);
            }
            a0.StoreUnsafe(ref pd, (nuint)c);
            a1.StoreUnsafe(ref pd, (nuint)(c + width));
            a2.StoreUnsafe(ref pd, (nuint)(c + 2 * width));
            a3.StoreUnsafe(ref pd, (nuint)(c + 3 * width));
        }
        for (; c + width <= cols; c += width)
        {
            Vector<float> a0 = default;
            for (int i = 0; i < count; i++)
            {
                a0 = CpuGemm.Fma(new Vector<float>(Unsafe.Add(ref pw, i * wStride)), Vector.LoadUnsafe(ref pm, (nuint)(i * mStride + c)), a0);
            }
            a0.StoreUnsafe(ref pd, (nuint)c);
        }
        for (; c < cols; c++)
        {
            float a = 0;
            for (int i = 0; i < count; i++)
            {
                a = CpuGemm.Fma(Unsafe.Add(ref pw, i * wStride), Unsafe.Add(ref pm, i * mStride + c), a);
            }
            Unsafe.Add(ref pd, c) = a;
        }
    }
}
