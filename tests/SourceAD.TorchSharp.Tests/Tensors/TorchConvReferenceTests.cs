using TorchSharp;
using F = TorchSharp.torch.nn.functional;

namespace SourceAD.TorchSharp.Tests.Tensors;

/// <summary>
/// The reference itself: libtorch's float32 conv2d input gradient (autograd) against a double-precision loop, on the
/// shapes where oneDNN's backward-data kernel went wrong on an AVX-512 EPYC (see <see cref="TorchMkldnn"/>). Fails
/// there with oneDNN on (relative errors 0.1–0.6 or NaN).
/// </summary>
public class TorchConvReferenceTests
{
    [Theory]
    [InlineData(2, 1, 2, 2, 2, 3, 1, 2)]
    [InlineData(1, 2, 6, 7, 2, 5, 1, 0)]
    [InlineData(4, 1, 28, 28, 6, 5, 1, 2)]
    [InlineData(2, 3, 9, 9, 4, 3, 2, 1)]
    public void Conv2dInputGradientMatchesADoubleLoop(int n, int c, int h, int w, int o, int k, int s, int p)
    {
        var rng = new Random(1);
        double[] Values(int count) => Enumerable.Range(0, count).Select(_ => rng.NextDouble() * 2 - 1).ToArray();
        double[] xv = Values(n * c * h * w), wv = Values(o * c * k * k);
        torch.Tensor x = torch.tensor(xv, [n, c, h, w]).to(torch.ScalarType.Float32).requires_grad_();
        torch.Tensor weight = torch.tensor(wv, [o, c, k, k]).to(torch.ScalarType.Float32);
        torch.Tensor y = F.conv2d(x, weight, null, [s, s], [p, p]);
        int oh = (int)y.size(2), ow = (int)y.size(3);
        double[] uv = Values(n * o * oh * ow);
        (y * torch.tensor(uv, [n, o, oh, ow]).to(torch.ScalarType.Float32)).sum().backward();

        var expected = new double[xv.Length];
        for (int b = 0; b < n; b++)
        for (int q = 0; q < o; q++)
        for (int i = 0; i < oh; i++)
        for (int j = 0; j < ow; j++)
        for (int ch = 0; ch < c; ch++)
        for (int ki = 0; ki < k; ki++)
        for (int kj = 0; kj < k; kj++)
        {
            int r = i * s + ki - p, col = j * s + kj - p;
            if (r >= 0 && r < h && col >= 0 && col < w)
            {
                expected[((b * c + ch) * h + r) * w + col] += uv[((b * o + q) * oh + i) * ow + j] * wv[((q * c + ch) * k + ki) * k + kj];
            }
        }
        double error = TorchInterop.RelativeError(TorchInterop.Values(x.grad!), expected);
        Assert.True(error <= 1e-5, $"relative error {error:E3} (oneDNN enabled: {TorchMkldnn.Enabled})");
    }
}
