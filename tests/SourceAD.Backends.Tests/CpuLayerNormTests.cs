using SourceAD.Tensors;
using SourceAD.Tensors.Backends.Cpu;

namespace SourceAD.Backends.Tests;

/// <summary>
/// The CPU backend's fused layer norm (one pass per row each way, CpuBackend.LayerNorm.cs) against layer norm written
/// out in double from the same inputs: the output, the input gradient and the weight and bias gradients, float32 and
/// float64, for row lengths below, at and across the eight-wide vector step, a single row and more rows than one
/// backward block. One thread and four must agree bit for bit (the weight gradient sums rows in fixed blocks).
/// </summary>
public sealed class CpuLayerNormTests
{
    private const double Eps = 1e-5;

    public static TheoryData<int[], DType> Shapes => new()
    {
        { [1, 1], DType.Float32 },
        { [1, 7], DType.Float32 },
        { [37, 8], DType.Float32 },
        { [37, 9], DType.Float32 },
        { [2, 3, 131], DType.Float32 },
        { [70, 128], DType.Float32 },
        { [1, 1], DType.Float64 },
        { [1, 13], DType.Float64 },
        { [37, 9], DType.Float64 },
        { [2, 3, 131], DType.Float64 },
        { [70, 128], DType.Float64 },
    };

    [Theory]
    [MemberData(nameof(Shapes))]
    public void FusedLayerNormMatchesLayerNormInDouble(int[] shape, DType dtype)
    {
        int d = shape[^1];
        var rng = new SeededRandom((ulong)(11 + d));
        // An offset on x makes the mean matter (a one-pass variance would lose digits to it).
        using Tensor x = TensorInit.Uniform(shape, 2, 4, rng, dtype), dy = TensorInit.Uniform(shape, -1, 1, rng, dtype);
        using Tensor w = TensorInit.Uniform([d], 0.5, 1.5, rng, dtype), b = TensorInit.Uniform([d], -1, 1, rng, dtype);
        (double[] y, double[] dx, double[] dw, double[] db) = Reference(x.ToDoubleArray(), w.ToDoubleArray(), b.ToDoubleArray(), dy.ToDoubleArray(), d);
        double[][]? first = null;
        foreach (int threads in new[] { 1, 4 })
        {
            using IDisposable scope = CpuBackend.UseThreads(threads);
            using Tensor ya = Ops.LayerNorm(x, w, b, Eps);
            (Tensor dxa, Tensor dwa, Tensor dba) = Ops.LayerNormBackward(x, w, dy, Eps);
            using (dxa)
            using (dwa)
            using (dba)
            {
                double[][] got = [ya.ToDoubleArray(), dxa.ToDoubleArray(), dwa.ToDoubleArray(), dba.ToDoubleArray()];
                AssertClose("y", y, got[0], dtype);
                AssertClose("dx", dx, got[1], dtype);
                AssertClose("dweight", dw, got[2], dtype);
                AssertClose("dbias", db, got[3], dtype);
                if (first is null)
                {
                    first = got;
                }
                else
                {
                    for (int k = 0; k < got.Length; k++)
                    {
                        Assert.Equal(first[k], got[k]);
                    }
                }
            }
        }
    }

    /// <summary>Layer norm and its gradients in double, two passes per row (mean, then the deviations).</summary>
    private static (double[] Y, double[] Dx, double[] Dw, double[] Db) Reference(double[] x, double[] w, double[] b, double[] dy, int d)
    {
        int rows = x.Length / d;
        double[] y = new double[x.Length], dx = new double[x.Length], dw = new double[d], db = new double[d];
        for (int r = 0; r < rows; r++)
        {
            double mean = 0, variance = 0, meanG = 0, meanXG = 0;
            for (int c = 0; c < d; c++)
            {
                mean += x[r * d + c] / d;
            }
            for (int c = 0; c < d; c++)
            {
                variance += (x[r * d + c] - mean) * (x[r * d + c] - mean) / d;
            }
            double invStd = 1 / Math.Sqrt(variance + Eps);
            for (int c = 0; c < d; c++)
            {
                int k = r * d + c;
                double xhat = (x[k] - mean) * invStd, g = dy[k] * w[c];
                y[k] = xhat * w[c] + b[c];
                meanG += g / d;
                meanXG += xhat * g / d;
                dw[c] += dy[k] * xhat;
                db[c] += dy[k];
            }
            for (int c = 0; c < d; c++)
            {
                int k = r * d + c;
                dx[k] = invStd * (dy[k] * w[c] - meanG - (x[k] - mean) * invStd * meanXG);
            }
        }
        return (y, dx, dw, db);
    }

    /// <summary>
    /// Within two units in the last place of the expected value, or a small fraction of the largest expected magnitude
    /// (dx subtracts near-equal terms, and single rows give exact zeros).
    /// </summary>
    private static void AssertClose(string what, double[] expected, double[] actual, DType dtype)
    {
        Assert.Equal(expected.Length, actual.Length);
        double scale = expected.Max(Math.Abs) + 1;
        double floor = dtype == DType.Float32 ? 1e-7 * scale : 1e-12 * scale;
        for (int i = 0; i < expected.Length; i++)
        {
            double ulp = dtype == DType.Float32
                ? MathF.BitIncrement(Math.Abs((float)expected[i])) - Math.Abs((float)expected[i])
                : Math.BitIncrement(Math.Abs(expected[i])) - Math.Abs(expected[i]);
            double error = Math.Abs(actual[i] - expected[i]);
            Assert.True(error <= 2 * ulp || error <= floor, $"{what}[{i}]: expected {expected[i]:R}, got {actual[i]:R}");
        }
    }
}
