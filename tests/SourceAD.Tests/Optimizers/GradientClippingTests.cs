using SourceAD.Optimizers;
using Xunit;

namespace SourceAD.Tests.Optimizers;

public sealed class GradientClippingTests
{
    [Fact]
    public void A_gradient_above_the_norm_is_scaled_to_it()
    {
        float[] g = [3, 4];
        var norm = GradientClipping.ClipByGlobalNorm<float>(g, 1.0);
        Assert.Equal(5.0, norm, 6);
        Assert.Equal(0.6f, g[0], 5);
        Assert.Equal(0.8f, g[1], 5);
    }

    [Fact]
    public void A_gradient_below_the_norm_is_left_alone()
    {
        double[] g = [0.3, 0.4];
        Assert.Equal(0.5, GradientClipping.ClipByGlobalNorm<double>(g, 1.0), 15);
        Assert.Equal([0.3, 0.4], g);
    }

    [Fact]
    public void Several_buffers_share_one_global_norm()
    {
        var a = new double[] { 3, 0 };
        var b = new double[] { 0, 4, 0 };
        var norm = GradientClipping.ClipByGlobalNorm<double>([a.AsMemory(), b.AsMemory()], 2.5);
        Assert.Equal(5.0, norm, 15);
        Assert.Equal(3 * 2.5 / (5 + GradientClipping.NormGuard), a[0], 15);
        Assert.Equal(4 * 2.5 / (5 + GradientClipping.NormGuard), b[1], 15);
    }

    [Fact]
    public void The_norm_of_a_long_gradient_is_accurate()
    {
        var g = Enumerable.Repeat(0.001f, 1_000_000).ToArray();
        Assert.Equal(Math.Sqrt(1_000_000 * (double)0.001f * 0.001f), GradientClipping.GlobalNorm<float>(g), 9);
    }
}
