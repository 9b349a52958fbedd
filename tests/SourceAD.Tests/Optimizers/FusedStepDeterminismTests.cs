using SourceAD.Optimizers.Rules;
using Xunit;

namespace SourceAD.Tests.Optimizers;

/// <summary>
/// The generated step must give the same bits as the scalar rule applied element by element, whatever the
/// vector width, tail length or thread split.
/// </summary>
public sealed class FusedStepDeterminismTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(17)]
    [InlineData(131_072)] // exactly two parallel chunks
    [InlineData(300_007)] // several chunks and a ragged last one
    public void Generated_innaprop_step_equals_the_scalar_rule_bitwise(int length)
    {
        var random = new Random(length);
        float[] Fill() => Enumerable.Range(0, length).Select(_ => (float)(random.NextDouble() * 2 - 1)).ToArray();
        var theta = Fill();
        var psi = Fill();
        var v = Fill().Select(MathF.Abs).ToArray();
        var g = Fill();
        var (t2, p2, v2) = ((float[])theta.Clone(), (float[])psi.Clone(), (float[])v.Clone());

        UpdateRules.InnapropStep<float>(theta, psi, v, g, 0.999f, 0.99f, 0.01f, 0.05f, 0.97f, 0.02f, 1.01f, 0.03f, 0.002f, 1e-8f);
        for (var i = 0; i < length; i++)
        {
            UpdateRules.Innaprop(ref t2[i], ref p2[i], ref v2[i], in g[i], 0.999f, 0.99f, 0.01f, 0.05f, 0.97f, 0.02f, 1.01f, 0.03f, 0.002f, 1e-8f);
        }

        Assert.True(t2.AsSpan().SequenceEqual(theta), "θ differs");
        Assert.True(p2.AsSpan().SequenceEqual(psi), "ψ differs");
        Assert.True(v2.AsSpan().SequenceEqual(v), "v differs");
    }
}
