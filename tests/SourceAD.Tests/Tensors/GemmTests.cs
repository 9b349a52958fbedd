using SourceAD.Tensors;
using SourceAD.Tensors.Backends.Cpu;
using Xunit;

namespace SourceAD.Tests.Tensors;

/// <summary>The packed GEMM against a naive triple loop, on sizes that exercise every edge of its blocking.</summary>
public class GemmTests
{
    [Theory]
    [InlineData(1, 1, 1)]
    [InlineData(3, 5, 7)]
    [InlineData(33, 129, 257)] // one past MC, NC and KC
    [InlineData(64, 17, 600)]
    [InlineData(6, 25, 9000)] // few tiles, long K: the K-chunked scheme (a conv weight gradient)
    public void MatchesTheNaiveProductForEveryTransposition(int m, int n, int k)
    {
        var rng = new SeededRandom((ulong)(m * 1000 + n * 10 + k));
        foreach (bool ta in new[] { false, true })
        {
            foreach (bool tb in new[] { false, true })
            {
                using Tensor a = TensorInit.Uniform(ta ? [k, m] : [m, k], -1, 1, rng, DType.Float64);
                using Tensor b = TensorInit.Uniform(tb ? [n, k] : [k, n], -1, 1, rng, DType.Float64);
                using Tensor c = TensorInit.Uniform([m, n], -1, 1, rng, DType.Float64);
                double[] expected = Naive(a.ToArray<double>(), ta, b.ToArray<double>(), tb, c.ToArray<double>(), 0.5, m, n, k);
                a.Backend.MatMul(a, ta, b, tb, c, 0.5);
                double[] actual = c.ToArray<double>();
                for (int i = 0; i < expected.Length; i++)
                {
                    Assert.True(Math.Abs(expected[i] - actual[i]) <= 1e-12 * k, $"({ta}, {tb}) element {i}: {actual[i]} vs {expected[i]}");
                }
            }
        }
    }

    /// <summary>float32 (vectorized packing paths) against the naive product in double, every transposition.</summary>
    [Theory]
    [InlineData(128, 512, 784)]
    [InlineData(150, 37, 21)]
    [InlineData(7, 145, 300)]
    public void Float32MatchesTheNaiveProductForEveryTransposition(int m, int n, int k)
    {
        var rng = new SeededRandom((ulong)(m * 1000 + n * 10 + k));
        foreach (bool ta in new[] { false, true })
        {
            foreach (bool tb in new[] { false, true })
            {
                using Tensor a = TensorInit.Uniform(ta ? [k, m] : [m, k], -1, 1, rng);
                using Tensor b = TensorInit.Uniform(tb ? [n, k] : [k, n], -1, 1, rng);
                using Tensor c = TensorInit.Uniform([m, n], -1, 1, rng);
                double[] expected = Naive(a.ToDoubleArray(), ta, b.ToDoubleArray(), tb, c.ToDoubleArray(), 0.5, m, n, k);
                a.Backend.MatMul(a, ta, b, tb, c, 0.5);
                float[] actual = c.ToArray<float>();
                for (int i = 0; i < expected.Length; i++)
                {
                    Assert.True(Math.Abs(expected[i] - actual[i]) <= 1e-5 * k, $"({ta}, {tb}) element {i}: {actual[i]} vs {expected[i]}");
                }
            }
        }
    }

    /// <summary>Tiled (70×260, K = 300) and K-chunked (aᵀ·b: 6×25, K = 10000) products, on 1, 2, 3 and 5 threads.</summary>
    [Theory]
    [InlineData(70, 300, 260, false)]
    [InlineData(6, 10000, 25, true)]
    public void ResultsDoNotDependOnTheThreadCount(int m, int k, int n, bool transposeA)
    {
        var rng = new SeededRandom(8);
        using Tensor a = TensorInit.Uniform(transposeA ? [k, m] : [m, k], -1, 1, rng);
        using Tensor b = TensorInit.Uniform([k, n], -1, 1, rng);
        float[] Run(int threads)
        {
            using (CpuBackend.UseThreads(threads))
            {
                using Tensor y = Tensor.Empty([m, n]);
                a.Backend.MatMul(a, transposeA, b, false, y, 0);
                return y.ToArray<float>();
            }
        }
        float[] one = Run(1);
        Assert.Equal(one, Run(2));
        Assert.Equal(one, Run(3));
        Assert.Equal(one, Run(5));
    }

    private static double[] Naive(double[] a, bool ta, double[] b, bool tb, double[] c, double beta, int m, int n, int k)
    {
        var y = new double[m * n];
        for (int i = 0; i < m; i++)
        {
            for (int j = 0; j < n; j++)
            {
                double s = beta * c[i * n + j];
                for (int p = 0; p < k; p++)
                {
                    s += (ta ? a[p * m + i] : a[i * k + p]) * (tb ? b[j * k + p] : b[p * n + j]);
                }
                y[i * n + j] = s;
            }
        }
        return y;
    }
}
