using SourceAD.Tensors;
using SourceAD.Tensors.Backends;
using SourceAD.Tensors.Backends.Cpu;

namespace SourceAD.Backends.Tests;

/// <summary>
/// The CPU backend's convolution kernels on the shapes that pick each of its paths — per-sample wide rows (stride 1),
/// per-sample im2col (strided), and samples batched into one GEMM on small maps (Ho·Wo ≤ 64: 4×4 and 8×8 maps, 1×1
/// strided shortcuts, a last group shorter than the others) — against a direct six-loop convolution in double, in
/// float32 and float64, with one thread and with several (which must agree bit for bit).
/// </summary>
public sealed class CpuConvolutionPathTests
{
    public static TheoryData<int, int, int, int, int, int, int, int> Shapes => new()
    {
        // N, C, H, W, O, K, stride, padding
        { 32, 8, 4, 4, 12, 3, 1, 1 },    // 4×4 stride 1: batched (16 samples per GEMM)
        { 19, 5, 4, 4, 7, 3, 1, 1 },     // batched, the last group 3 samples
        { 6, 9, 8, 8, 10, 3, 1, 1 },     // 8×8 stride 1: wide rows forward, batched weight gradient
        { 5, 6, 8, 8, 11, 3, 2, 1 },     // stride 2 to 4×4: batched
        { 7, 6, 16, 16, 9, 3, 2, 1 },    // stride 2 to 8×8: batched
        { 9, 6, 8, 8, 13, 1, 2, 0 },     // 1×1 stride 2 shortcut to 4×4: batched
        { 3, 4, 9, 7, 5, 3, 2, 0 },      // odd map, stride 2 to 4×3: batched
        { 1, 4, 4, 4, 6, 3, 1, 1 },      // one sample: per-sample paths
        { 2, 16, 32, 32, 16, 3, 1, 1 },  // few rows of A, long wide rows (the ResNet's first stage)
        { 3, 3, 11, 13, 16, 3, 1, 1 },   // the stem's three channels, odd map
        { 4, 5, 10, 9, 6, 5, 1, 2 },     // 5×5, padding 2
        { 4, 7, 12, 12, 9, 3, 1, 0 },    // no padding, 10×10 output
    };

    [Theory]
    [MemberData(nameof(Shapes))]
    public void ConvolutionPathsMatchDirectConvolution(int n, int c, int h, int w, int o, int k, int stride, int padding)
    {
        foreach (DType dtype in new[] { DType.Float32, DType.Float64 })
        {
            var rng = new SeededRandom((ulong)(n * 1000 + c * 100 + h + o + k + stride));
            var g = new Conv2dGeometry(stride, padding);
            int ho = g.OutputSize(h, k), wo = g.OutputSize(w, k);
            using Tensor x = TensorInit.Uniform([n, c, h, w], -1, 1, rng, dtype);
            using Tensor wt = TensorInit.Uniform([o, c, k, k], -1, 1, rng, dtype);
            using Tensor bias = TensorInit.Uniform([o], -1, 1, rng, dtype);
            using Tensor dy = TensorInit.Uniform([n, o, ho, wo], -1, 1, rng, dtype);
            double[] xd = x.ToDoubleArray(), wd = wt.ToDoubleArray(), bd = bias.ToDoubleArray(), dyd = dy.ToDoubleArray();
            var (yRef, dxRef, dwRef) = Direct(xd, wd, bd, dyd, n, c, h, w, o, k, ho, wo, stride, padding);
            double tolerance = dtype == DType.Float32 ? 1e-4 : 1e-11;
            double[]? firstY = null, firstDx = null, firstDw = null;
            foreach (int threads in new[] { 1, 4 })
            {
                using IDisposable scope = CpuBackend.UseThreads(threads);
                using Tensor y = Tensor.Zeros([n, o, ho, wo], dtype);
                using Tensor dx = Tensor.Zeros([n, c, h, w], dtype);
                using Tensor dw = Tensor.Zeros([o, c, k, k], dtype);
                CpuBackend.Default.Conv2d(x, wt, bias, y, g);
                CpuBackend.Default.Conv2dBackwardInput(dy, wt, dx, g);
                CpuBackend.Default.Conv2dBackwardWeight(x, dy, dw, g);
                double[] ya = y.ToDoubleArray(), dxa = dx.ToDoubleArray(), dwa = dw.ToDoubleArray();
                AssertClose($"{dtype} y", yRef, ya, tolerance);
                AssertClose($"{dtype} dx", dxRef, dxa, tolerance);
                AssertClose($"{dtype} dw", dwRef, dwa, tolerance);
                if (firstY is null)
                {
                    (firstY, firstDx, firstDw) = (ya, dxa, dwa);
                }
                else
                {
                    Assert.Equal(firstY, ya);
                    Assert.Equal(firstDx, dxa);
                    Assert.Equal(firstDw, dwa);
                }
            }
        }
    }

    private static (double[] Y, double[] Dx, double[] Dw) Direct(double[] x, double[] w, double[] b, double[] dy,
        int n, int c, int h, int wd, int o, int k, int ho, int wo, int stride, int padding)
    {
        var y = new double[n * o * ho * wo];
        var dx = new double[x.Length];
        var dw = new double[w.Length];
        for (int s = 0; s < n; s++)
        {
            for (int oc = 0; oc < o; oc++)
            {
                for (int oh = 0; oh < ho; oh++)
                {
                    for (int ow = 0; ow < wo; ow++)
                    {
                        int yi = ((s * o + oc) * ho + oh) * wo + ow;
                        double sum = b[oc];
                        for (int ic = 0; ic < c; ic++)
                        {
                            for (int i = 0; i < k; i++)
                            {
                                for (int j = 0; j < k; j++)
                                {
                                    int ih = oh * stride - padding + i, iw = ow * stride - padding + j;
                                    if ((uint)ih >= (uint)h || (uint)iw >= (uint)wd)
                                    {
                                        continue;
                                    }
                                    int xi = ((s * c + ic) * h + ih) * wd + iw, wi = ((oc * c + ic) * k + i) * k + j;
                                    sum += x[xi] * w[wi];
                                    dx[xi] += dy[yi] * w[wi];
                                    dw[wi] += dy[yi] * x[xi];
                                }
                            }
                        }
                        y[yi] = sum;
                    }
                }
            }
        }
        return (y, dx, dw);
    }

    private static void AssertClose(string what, double[] expected, double[] actual, double tolerance)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (int i = 0; i < expected.Length; i++)
        {
            if (Math.Abs(expected[i] - actual[i]) > tolerance * (1 + Math.Abs(expected[i])))
            {
                Assert.Fail($"{what}[{i}]: expected {expected[i]}, got {actual[i]}");
            }
        }
    }
}
