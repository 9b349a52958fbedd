using Xunit;

namespace SourceAD.Tests.NonsmoothTests;

// The presets reproduce what each library's autograd returns at kinks and ties, through the rules' policy overloads.
public class PresetTests
{
    [Fact]
    public void PyTorchPreset()
    {
        DerivativePolicy p = DerivativePolicy.PyTorch;
        Assert.Equal(0.0f, NonsmoothRules.ReluDerivative(0.0f, p));
        Assert.Equal(0.0f, NonsmoothRules.AbsDerivative(0.0f, p)); // sign(0) = 0
        Assert.Equal(0.01f, NonsmoothRules.LeakyReluDerivative(0.0f, 0.01f, p)); // x > 0 ? 1 : slope

        NonsmoothRules.MaxPartials(2.0f, 2.0f, p, out float da, out float db); // torch.maximum: 0.5 / 0.5
        Assert.Equal(0.5f, da);
        Assert.Equal(0.5f, db);
        NonsmoothRules.MinPartials(2.0f, 2.0f, p, out da, out db);
        Assert.Equal(0.5f, da);
        Assert.Equal(0.5f, db);

        float[] x = [3, 1, 3, 3, 3];
        float[] dx = new float[5];
        NonsmoothRules.MaxPullback<float>(x, 1.0f, dx, p); // x.max() backward: even split over the ties
        Assert.Equal([0.25f, 0, 0.25f, 0.25f, 0.25f], dx);

        dx = new float[5];
        NonsmoothRules.MaxPullback<float>(x, 1.0f, dx, p.Pooling, p.Strict); // max_pool2d: first index
        Assert.Equal([1.0f, 0, 0, 0, 0], dx);
        Assert.True(p.IsClarke);
        Assert.Equal(p, DerivativePolicy.Default);
        Assert.Equal(p, DerivativePolicy.FromPreset(NonsmoothPreset.PyTorch));
        Assert.Equal(p, DerivativePolicy.FromPreset(NonsmoothPreset.Unset));
    }

    [Fact]
    public void JaxPreset()
    {
        DerivativePolicy p = DerivativePolicy.Jax;
        Assert.Equal(0.0, NonsmoothRules.ReluDerivative(0.0, p));
        Assert.Equal(1.0, NonsmoothRules.AbsDerivative(0.0, p));
        Assert.Equal(1.0, NonsmoothRules.AbsDerivative(-0.0, p));
        Assert.Equal(-1.0, NonsmoothRules.AbsDerivative(-1e-300, p));
        NonsmoothRules.MaxPartials(2.0, 2.0, p, out double da, out double db);
        Assert.Equal(0.5, da);
        Assert.Equal(0.5, db);
        Assert.Equal(2.0, NonsmoothRules.MaxPushforward<double>([7, 7, 7, 7], [1, 2, 3, 2], p)); // mean of ties
        Assert.Equal(p, DerivativePolicy.FromPreset(NonsmoothPreset.Jax));
    }

    [Fact]
    public void StrictPresetThrowsAtEveryKindOfKink()
    {
        DerivativePolicy p = DerivativePolicy.FromPreset(NonsmoothPreset.Strict);
        Assert.True(p.Strict);
        Assert.Throws<NonsmoothPointException>(() => NonsmoothRules.ReluDerivative(Half.Zero, p));
        Assert.Throws<NonsmoothPointException>(() => NonsmoothRules.AbsDerivative(0.0f, p));
        Assert.Throws<NonsmoothPointException>(() => NonsmoothRules.LeakyReluDerivative(0.0, 0.1, p));
        Assert.Throws<NonsmoothPointException>(() => NonsmoothRules.MaxPartials(1.0, 1.0, p, out _, out _));
        Assert.Throws<NonsmoothPointException>(() => NonsmoothRules.MinPullback<double>([1, 1], 1.0, new double[2], p));
        // Nothing is thrown where the function is differentiable.
        Assert.Equal(1.0, NonsmoothRules.ReluDerivative(double.Epsilon, p));
        Assert.Equal(1.0, NonsmoothRules.MaxPushforward<double>([1, 2], [5, 1], p));
    }

    [Fact]
    public void ConservativeHybridIsNotClarke()
    {
        var conservative = DerivativePolicy.PyTorch with { Reduction = TieChoice.Hybrid(10) };
        Assert.False(conservative.IsClarke);
        Assert.True((DerivativePolicy.PyTorch with { Reduction = TieChoice.Hybrid(1) }).IsClarke);
        Assert.False((DerivativePolicy.PyTorch with { ReluAtZero = 2 }).IsClarke);
    }
}
