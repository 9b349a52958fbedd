using SourceAD.Tensors;
using SourceAD.Tensors.Backends;
using SourceAD.Tensors.Backends.Cpu;

namespace SourceAD.Backends.Tests;

/// <summary>
/// The CPU backend's transformer kernels that have paths of their own, against direct computations: the float32
/// vector GELU (value and derivative product) against the float64 series of ElementwiseMath, float32 softmax and
/// log-softmax rows against softmax written out in double, the contiguous-rows softmax backward against the strided
/// path, and masked fill with a mask repeated over leading axes against indexing by hand. Each with one thread and
/// with several, which must agree bit for bit.
/// </summary>
public sealed class CpuTransformerKernelTests
{
    private static readonly int[] ThreadCounts = [1, 4];

    /// <summary>Inputs on [−12, 12] (past erf's ±1 in float), a length crossing the elementwise chunk and not a multiple of 8, and the special values.</summary>
    private static float[] GeluInputs()
    {
        const int n = (1 << 15) + 13;
        var xs = new float[n];
        for (int i = 0; i < n - 6; i++)
        {
            xs[i] = -12f + 24f * i / (n - 7);
        }
        xs[n - 6] = 0f;
        xs[n - 5] = -0f;
        xs[n - 4] = float.NaN;
        xs[n - 3] = float.PositiveInfinity;
        xs[n - 2] = float.NegativeInfinity;
        xs[n - 1] = 1e-30f;
        return xs;
    }

    [Fact]
    public void Float32GeluAndItsDerivativeMatchTheFloat64Series()
    {
        float[] xs = GeluInputs();
        var rng = new SeededRandom(5);
        using Tensor g32 = TensorInit.Uniform([xs.Length], -1, 1, rng);
        using Tensor x32 = Tensor.FromArray(xs, xs.Length), x64 = x32.To(DType.Float64), g64 = g32.To(DType.Float64);
        using Tensor y64 = Tensor.Empty([xs.Length], DType.Float64), d64 = Tensor.Empty([xs.Length], DType.Float64);
        CpuBackend.Default.Unary(UnaryKind.GeluErf, 0, x64, y64);
        CpuBackend.Default.UnaryDerivativeProduct(UnaryKind.GeluErf, 0, default, x64, y64, g64, d64);
        double[] yRef = y64.ToDoubleArray(), dRef = d64.ToDoubleArray(), gs = g64.ToDoubleArray();
        float[]? firstY = null, firstD = null;
        foreach (int threads in ThreadCounts)
        {
            using IDisposable scope = CpuBackend.UseThreads(threads);
            using Tensor y = Tensor.Empty([xs.Length]), d = Tensor.Empty([xs.Length]);
            CpuBackend.Default.Unary(UnaryKind.GeluErf, 0, x32, y);
            CpuBackend.Default.UnaryDerivativeProduct(UnaryKind.GeluErf, 0, default, x32, y, g32, d);
            float[] ya = y.ToArray<float>(), da = d.ToArray<float>();
            for (int i = 0; i < xs.Length; i++)
            {
                // Below x ≈ −5.66 erf rounds to −1 in float (as torch's float32 GELU does): Φ(x) < 1e-8 is dropped.
                AssertFloatClose($"gelu({xs[i]:R})", yRef[i], ya[i], absolute: 1e-7);
                AssertFloatClose($"gelu'({xs[i]:R})·g", dRef[i], da[i], absolute: 1e-8 * Math.Abs(gs[i]));
            }
            if (firstY is null)
            {
                (firstY, firstD) = (ya, da);
            }
            else
            {
                Assert.Equal(firstY, ya);
                Assert.Equal(firstD, da);
            }
        }
        Assert.True(float.IsNaN(firstY![^4]) && firstY[^3] == float.PositiveInfinity && float.IsNaN(firstY[^2]), "NaN stays NaN, gelu(+∞) = +∞, gelu(−∞) = −∞·0 = NaN as torch's");
    }

    public static TheoryData<int> RowLengths => new() { 1, 7, 8, 9, 62, 64, 513, 600 };

    [Theory]
    [MemberData(nameof(RowLengths))]
    public void Float32SoftmaxRowsMatchSoftmaxInDouble(int cols)
    {
        const int rows = 37;
        var rng = new SeededRandom((ulong)cols);
        float[] xs = TensorInit.Uniform([rows * cols], -8, 8, rng).ToArray<float>();
        for (int r = 0; r < rows; r++)
        {
            // A causal-style row: the entries past r masked (−∞), never all of them.
            for (int c = Math.Max(1, r + 1); c < cols; c += 2)
            {
                xs[r * cols + c] = float.NegativeInfinity;
            }
        }
        using Tensor x = Tensor.FromArray(xs, rows, cols);
        foreach (bool log in new[] { false, true })
        {
            double[] expected = SoftmaxInDouble(xs, rows, cols, log);
            float[]? first = null;
            foreach (int threads in ThreadCounts)
            {
                using IDisposable scope = CpuBackend.UseThreads(threads);
                using Tensor y = Tensor.Empty([rows, cols]);
                CpuBackend.Default.Softmax(x, y, 1, log);
                float[] ya = y.ToArray<float>();
                for (int i = 0; i < ya.Length; i++)
                {
                    AssertFloatClose($"{(log ? "log_softmax" : "softmax")} [{i / cols}, {i % cols}]", expected[i], ya[i], absolute: 0);
                }
                if (first is null) first = ya; else Assert.Equal(first, ya);
            }
        }
    }

    private static double[] SoftmaxInDouble(float[] xs, int rows, int cols, bool log)
    {
        var y = new double[xs.Length];
        for (int r = 0; r < rows; r++)
        {
            double max = double.NegativeInfinity, sum = 0;
            for (int c = 0; c < cols; c++) max = Math.Max(max, xs[r * cols + c]);
            for (int c = 0; c < cols; c++) sum += Math.Exp(xs[r * cols + c] - max);
            for (int c = 0; c < cols; c++)
            {
                double v = xs[r * cols + c] - max;
                y[r * cols + c] = log ? v - Math.Log(sum) : Math.Exp(v) / sum;
            }
        }
        return y;
    }

    [Theory]
    [InlineData(DType.Float32)]
    [InlineData(DType.Float64)]
    public void ContiguousSoftmaxBackwardRowsEqualTheStridedPath(DType dtype)
    {
        const int rows = 23, cols = 41;
        var rng = new SeededRandom(17);
        using Tensor logits = TensorInit.Uniform([rows, cols], -3, 3, rng, dtype);
        using Tensor g = TensorInit.Uniform([rows, cols], -1, 1, rng, dtype);
        using Tensor p = Ops.Softmax(logits);
        // The strided path: the same rows as columns of the transposes, the derivative taken along axis 0.
        using Tensor pt = Ops.Transpose(p, 0, 1), gt = Ops.Transpose(g, 0, 1), strided = Tensor.Empty([cols, rows], dtype);
        CpuBackend.Default.SoftmaxDerivative(pt, gt, strided, 0, log: false, transpose: true);
        using Tensor expected = Ops.Transpose(strided, 0, 1);
        foreach (int threads in ThreadCounts)
        {
            using IDisposable scope = CpuBackend.UseThreads(threads);
            using Tensor rowsResult = Tensor.Empty([rows, cols], dtype);
            CpuBackend.Default.SoftmaxDerivative(p, g, rowsResult, 1, log: false, transpose: true);
            Assert.Equal(expected.ToDoubleArray(), rowsResult.ToDoubleArray());
        }
    }

    public static TheoryData<int[]> MaskShapes => new()
    {
        new[] { 5, 6 },        // repeated over [3, 4]: the causal-mask case
        new[] { 1, 5, 6 },     // a leading 1
        new[] { 4, 5, 6 },     // repeated over 3
        new[] { 6 },           // one row repeated
        new[] { 3, 4, 5, 6 },  // the whole shape
        new[] { 4, 1, 6 },     // broadcast in the middle: the general path
        new[] { 5, 1 },        // broadcast along the last axis: the general path
        new[] { 1 },           // one value for all
    };

    [Theory]
    [MemberData(nameof(MaskShapes))]
    public void MaskedFillMatchesIndexingByHand(int[] maskShape)
    {
        int[] shape = [3, 4, 5, 6];
        foreach (DType dtype in new[] { DType.Float32, DType.Float64 })
        {
            var rng = new SeededRandom(23);
            using Tensor x = TensorInit.Uniform(shape, -1, 1, rng, dtype);
            using Tensor maskValues = TensorInit.Uniform(maskShape, -1, 1, rng, dtype);
            double[] m = maskValues.ToDoubleArray().Select(v => v > 0 ? 1.0 : 0.0).ToArray();
            using Tensor mask = Tensor.Empty(maskShape, dtype);
            mask.CopyFrom<double>(m);
            double[] xd = x.ToDoubleArray();
            int[] strides = TensorShape.BroadcastStrides(maskShape, shape);
            var expected = new double[xd.Length];
            for (int i = 0; i < xd.Length; i++)
            {
                int rem = i, offset = 0;
                for (int axis = shape.Length - 1; axis >= 0; axis--)
                {
                    offset += rem % shape[axis] * strides[axis];
                    rem /= shape[axis];
                }
                expected[i] = m[offset] > 0 ? -7.5 : xd[i];
            }
            using Tensor y = Tensor.Empty(shape, dtype);
            CpuBackend.Default.MaskedFill(x, mask, -7.5, y);
            Assert.Equal(expected, y.ToDoubleArray());
        }
    }

    /// <summary>|actual − expected| within two float ulps of the expected value, or <paramref name="absolute"/>; NaN for NaN.</summary>
    private static void AssertFloatClose(string what, double expected, float actual, double absolute)
    {
        if (double.IsNaN(expected) || double.IsInfinity(expected))
        {
            Assert.True(expected.Equals((double)actual), $"{what}: expected {expected}, got {actual}");
            return;
        }
        double ulp = Math.Max(float.Epsilon, MathF.BitIncrement(Math.Abs((float)expected)) - Math.Abs((float)expected));
        double error = Math.Abs(actual - expected);
        Assert.True(error <= 2 * ulp || error <= absolute, $"{what}: expected {expected:R}, got {actual:R} ({error / ulp:F1} ulps)");
    }
}
