using SourceAD.Tensors;
using TinyGpt;

namespace SourceAD.Backends.Tests;

// Generated transformer gradients: the TinyGpt sample's GPT (samples/TinyGpt/Gpt.cs, linked) with its weights moved to
// the device gives the CPU backend's loss and all sixteen parameter gradients. The CPU's are checked against TorchSharp
// autograd, finite differences and the dot-product test in tests/SourceAD.TorchSharp.Tests/Tensors/GeneratedGptTests.cs.
public abstract partial class BackendSuite
{
    /// <summary>Two blocks of two heads, width 8, vocabulary 13, contexts of 6 (tiny: the suite runs on every backend).</summary>
    private static readonly GptConfig TinyGptConfig = new(Layers: 2, Heads: 2, Width: 8, VocabSize: 13, BlockSize: 6);

    /// <summary>GPT's loss and every parameter gradient on the device equal the CPU backend's (1e-5 relative in float32, 1e-12 in float64).</summary>
    [Theory]
    [InlineData(DType.Float32)]
    [InlineData(DType.Float64)]
    public void GptGradientsMatchCpu(DType dtype)
    {
        const int batch = 2, steps = 6;
        // nanoGPT's init scaled up (uniform ±0.5) so the attention is far from uniform.
        var rng = new SeededRandom(71);
        Tensor[] p = TinyGptConfig.ParameterShapes().Select(s => TensorInit.Uniform(s, -0.5, 0.5, rng, dtype)).ToArray();
        Tensor?[] pd = ToDevice(p);
        int[] tokens = Enumerable.Range(0, batch * steps).Select(_ => rng.NextInt(TinyGptConfig.VocabSize)).ToArray();
        int[] targets = Enumerable.Range(0, batch * steps).Select(_ => rng.NextInt(TinyGptConfig.VocabSize)).ToArray();
        Tensor?[] g = [], gd = [];
        try
        {
            (double loss, g) = OnReference(() => LossAndGradients(new Gpt(TinyGptConfig, p)));
            (double lossD, gd) = OnDevice(() => LossAndGradients(new Gpt(TinyGptConfig, pd!)));
            double rtol = Agreement.RelativeTolerance(dtype);
            Assert.True(Bitwise ? loss == lossD : Math.Abs(loss - lossD) <= rtol * Math.Abs(loss), $"GPT loss ({dtype}): CPU {loss:R}, device {lossD:R}.");
            for (int i = 0; i < g.Length; i++)
            {
                Assert.NotNull(g[i]);
                AssertAgrees(g[i]!, gd[i]!, $"GPT gradient of {GptConfig.ParameterNames[i]} ({dtype})");
            }
        }
        finally
        {
            DisposeAll(p, pd, g, gd);
        }

        (double, Tensor?[]) LossAndGradients(Gpt model)
        {
            var into = new Gpt.Gradients();
            using Tensor value = model.LossGradient(tokens, targets, batch, into);
            return (value.Item(), into.All);
        }
    }
}
