using SourceAD.Tensors;
using SourceAD.Tensors.Backends.Cpu;

namespace SourceAD.Backends.Tests;

/// <summary>
/// The CPU backend's fused float32 attention (CpuBackend.Attention.cs: one (batch, head) per work item) against
/// attention written out in double from the same inputs, value and the three adjoints; and, bit for bit, against the
/// same attention composed from the CPU's own MatMul, MulScalar, MaskedFill and Softmax (the fused kernel keeps their
/// sums in their order). Shapes cover T ≠ S both ways, sizes below, at and across the vector and four-vector steps,
/// a single position, and causal and full masks. One thread and four must agree bit for bit.
/// </summary>
public sealed class CpuAttentionTests
{
    public static TheoryData<int[], int, int, int, int, bool> Shapes => new()
    {
        { [2, 3], 9, 9, 8, 5, true },
        { [2, 3], 9, 9, 8, 5, false },
        { [1], 37, 37, 32, 32, true },
        { [2], 5, 70, 3, 33, false },
        { [2], 5, 70, 3, 33, true },
        { [2], 70, 5, 17, 8, true },
        { [1, 1], 1, 1, 1, 1, true },
        { [4, 2], 64, 64, 32, 32, true },
    };

    [Theory]
    [MemberData(nameof(Shapes))]
    public void FusedAttentionMatchesAttentionInDouble(int[] heads, int t, int s, int d, int dv, bool causal)
    {
        var rng = new SeededRandom((ulong)(31 * t + s + d));
        using Tensor q = TensorInit.Uniform([.. heads, t, d], -2, 2, rng, DType.Float32);
        using Tensor k = TensorInit.Uniform([.. heads, s, d], -2, 2, rng, DType.Float32);
        using Tensor v = TensorInit.Uniform([.. heads, s, dv], -2, 2, rng, DType.Float32);
        using Tensor dy = TensorInit.Uniform([.. heads, t, dv], -1, 1, rng, DType.Float32);
        double[][] expected = Reference(q.ToDoubleArray(), k.ToDoubleArray(), v.ToDoubleArray(), dy.ToDoubleArray(), t, s, d, dv, causal);
        string[] names = ["y", "dq", "dk", "dv"];
        double[][]? first = null;
        foreach (int threads in new[] { 1, 4 })
        {
            using IDisposable scope = CpuBackend.UseThreads(threads);
            double[][] got = Run(q, k, v, dy, causal);
            for (int i = 0; i < got.Length; i++)
            {
                AssertClose(names[i], expected[i], got[i]);
            }
            if (first is null)
            {
                first = got;
            }
            else
            {
                for (int i = 0; i < got.Length; i++)
                {
                    Assert.Equal(first[i], got[i]);
                }
            }
        }
    }

    [Theory]
    [MemberData(nameof(Shapes))]
    public void FusedAttentionEqualsComposedOpsBitForBit(int[] heads, int t, int s, int d, int dv, bool causal)
    {
        var rng = new SeededRandom((ulong)(7 * t + s + d));
        using Tensor q = TensorInit.Uniform([.. heads, t, d], -2, 2, rng, DType.Float32);
        using Tensor k = TensorInit.Uniform([.. heads, s, d], -2, 2, rng, DType.Float32);
        using Tensor v = TensorInit.Uniform([.. heads, s, dv], -2, 2, rng, DType.Float32);
        using Tensor dy = TensorInit.Uniform([.. heads, t, dv], -1, 1, rng, DType.Float32);
        double[][] fused = Run(q, k, v, dy, causal);

        using Tensor mask = Tensor.Empty([t, s], DType.Float32);
        mask.CopyFrom<double>(Enumerable.Range(0, t * s).Select(i => i % s > i / s ? 1.0 : 0.0).ToArray());
        double scale = 1 / Math.Sqrt(d);
        using Tensor kt = Ops.Transpose(k, -1, -2), raw = Ops.MatMul(q, kt), scores = Ops.MulScalar(raw, scale);
        using Tensor masked = causal ? Ops.MaskedFill(scores, mask, double.NegativeInfinity) : scores.Reshape(scores.ShapeArray);
        using Tensor p = Ops.Softmax(masked), y = Ops.MatMul(p, v);
        (Tensor dp, Tensor dvc) = Ops.MatMulBackward(p, v, dy);
        using (dp)
        using (dvc)
        {
            using Tensor dm = Ops.SoftmaxBackward(p, dp);
            using Tensor ds = causal ? Ops.MaskedFillBackward(dm, mask) : dm.Reshape(dm.ShapeArray);
            using Tensor dsScaled = Ops.MulScalarBackward(ds, scale);
            (Tensor dqc, Tensor dkt) = Ops.MatMulBackward(q, kt, dsScaled);
            using (dqc)
            using (dkt)
            {
                using Tensor dkc = Ops.TransposeBackward(dkt, -1, -2);
                double[][] composed = [y.ToDoubleArray(), dqc.ToDoubleArray(), dkc.ToDoubleArray(), dvc.ToDoubleArray()];
                string[] names = ["y", "dq", "dk", "dv"];
                for (int i = 0; i < composed.Length; i++)
                {
                    Assert.True(composed[i].SequenceEqual(fused[i]), $"{names[i]} differs from the composed ops");
                }
            }
        }
    }

    private static double[][] Run(Tensor q, Tensor k, Tensor v, Tensor dy, bool causal)
    {
        using Tensor y = Ops.ScaledDotProductAttention(q, k, v, causal);
        (Tensor dq, Tensor dk, Tensor dv) = Ops.ScaledDotProductAttentionBackward(q, k, v, dy, causal);
        using (dq)
        using (dk)
        using (dv)
        {
            return [y.ToDoubleArray(), dq.ToDoubleArray(), dk.ToDoubleArray(), dv.ToDoubleArray()];
        }
    }

    /// <summary>y, dq, dk, dv of softmax(q·kᵀ/√D [causal])·v in double, head by head, written out loop by loop.</summary>
    private static double[][] Reference(double[] q, double[] k, double[] v, double[] dy, int t, int s, int d, int dv, bool causal)
    {
        int heads = q.Length / (t * d);
        double scale = 1 / Math.Sqrt(d);
        double[] y = new double[heads * t * dv], dq = new double[q.Length], dk = new double[k.Length], dvOut = new double[v.Length];
        for (int h = 0; h < heads; h++)
        {
            int qo = h * t * d, ko = h * s * d, vo = h * s * dv, yo = h * t * dv;
            for (int i = 0; i < t; i++)
            {
                double[] p = new double[s];
                double max = double.NegativeInfinity;
                for (int j = 0; j < s; j++)
                {
                    if (causal && j > i)
                    {
                        p[j] = double.NegativeInfinity;
                        continue;
                    }
                    double dot = 0;
                    for (int c = 0; c < d; c++)
                    {
                        dot += q[qo + i * d + c] * k[ko + j * d + c];
                    }
                    p[j] = dot * scale;
                    max = Math.Max(max, p[j]);
                }
                double sum = 0;
                for (int j = 0; j < s; j++)
                {
                    p[j] = Math.Exp(p[j] - max);
                    sum += p[j];
                }
                double[] dp = new double[s];
                double pdp = 0;
                for (int j = 0; j < s; j++)
                {
                    p[j] /= sum;
                    for (int c = 0; c < dv; c++)
                    {
                        y[yo + i * dv + c] += p[j] * v[vo + j * dv + c];
                        dvOut[vo + j * dv + c] += p[j] * dy[yo + i * dv + c];
                        dp[j] += dy[yo + i * dv + c] * v[vo + j * dv + c];
                    }
                    pdp += p[j] * dp[j];
                }
                for (int j = 0; j < s; j++)
                {
                    double ds = p[j] * (dp[j] - pdp) * scale;
                    for (int c = 0; c < d; c++)
                    {
                        dq[qo + i * d + c] += ds * k[ko + j * d + c];
                        dk[ko + j * d + c] += ds * q[qo + i * d + c];
                    }
                }
            }
        }
        return [y, dq, dk, dvOut];
    }

    /// <summary>Within 1e-5 of the largest expected magnitude (float32 sums of up to 70 terms of inputs up to 2).</summary>
    private static void AssertClose(string what, double[] expected, double[] actual)
    {
        Assert.Equal(expected.Length, actual.Length);
        double tolerance = 1e-5 * (expected.Max(Math.Abs) + 1);
        for (int i = 0; i < expected.Length; i++)
        {
            Assert.True(Math.Abs(actual[i] - expected[i]) <= tolerance, $"{what}[{i}]: expected {expected[i]:R}, got {actual[i]:R}");
        }
    }
}
