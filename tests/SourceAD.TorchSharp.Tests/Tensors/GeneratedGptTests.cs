using SourceAD.Tensors;
using TinyGpt;
using TorchSharp;
using Xunit.Abstractions;
using Tensor = SourceAD.Tensors.Tensor;

namespace SourceAD.TorchSharp.Tests.Tensors;

/// <summary>
/// The sample's GPT (samples/TinyGpt/Gpt.cs, linked): on the same weights and batch its generated loss and every
/// parameter gradient equal TorchSharp autograd's (float32, 1e-5 relative in the max norm), its gradients agree with
/// central finite differences (float64), and its forward and reverse modes pass the dot-product test.
/// </summary>
public class GeneratedGptTests(ITestOutputHelper output)
{
    // Two layers so the residual stream crosses a block; T < BlockSize so the position rows past T get zero gradient.
    private static readonly GptConfig Tiny = new(Layers: 2, Heads: 2, Width: 8, VocabSize: 11, BlockSize: 6);
    private const int Batch = 3, Steps = 5;

    /// <summary>
    /// Weights larger than nanoGPT's 0.02 init (uniform ±0.5, LayerNorm gains around 1) so the attention is far from
    /// uniform and every term of the gradient is of a size a wrong rule would show.
    /// </summary>
    private static Tensor[] Weights(ulong seed, DType dtype)
    {
        var rng = new SeededRandom(seed);
        return Tiny.ParameterShapes()
            .Select((s, i) => GptConfig.ParameterNames[i].StartsWith("Ln", StringComparison.Ordinal) && GptConfig.ParameterNames[i].EndsWith('W')
                ? TensorInit.Uniform(s, 0.5, 1.5, rng, dtype)
                : TensorInit.Uniform(s, -0.5, 0.5, rng, dtype))
            .ToArray();
    }

    private static (int[] Tokens, int[] Targets) Sequences(ulong seed)
    {
        var rng = new SeededRandom(seed);
        int[] tokens = Enumerable.Range(0, Batch * Steps).Select(_ => rng.NextInt(Tiny.VocabSize)).ToArray();
        int[] targets = Enumerable.Range(0, Batch * Steps).Select(_ => rng.NextInt(Tiny.VocabSize)).ToArray();
        return (tokens, targets);
    }

    [Fact]
    public void LossAndEveryGradientMatchTorchSharpAutograd()
    {
        Tensor[] weights = Weights(31, DType.Float32);
        (int[] tokens, int[] targets) = Sequences(37);
        var model = new Gpt(Tiny, weights);
        using var grads = new Gpt.Gradients();
        using Tensor loss = model.LossGradient(tokens, targets, Batch, grads);

        torch.Tensor[] p = weights.Select(t => TorchInterop.ToTorch(t, requiresGrad: true)).ToArray();
        using torch.Tensor torchLoss = TorchGpt.Loss(Tiny, p, tokens, targets, Batch);
        torchLoss.backward();

        double expected = torchLoss.item<float>();
        output.WriteLine($"loss {loss.Item():R} vs torch {expected:R}");
        Assert.True(Math.Abs(loss.Item() - expected) <= 1e-5 * Math.Abs(expected), $"loss {loss.Item()} vs torch {expected}");
        Tensor?[] all = grads.All;
        for (int i = 0; i < all.Length; i++)
        {
            string name = GptConfig.ParameterNames[i];
            Assert.NotNull(all[i]);
            output.WriteLine($"{name}: relative error {TorchInterop.RelativeError(all[i]!, p[i].grad!):E2}");
            TorchInterop.AssertClose(all[i]!, p[i].grad!, 1e-5, name);
        }
        // The rows of the position table past T are never read: exactly zero, as torch's.
        double[] wpe = all[1]!.ToDoubleArray();
        Assert.All(wpe.Skip(Steps * Tiny.Width), g => Assert.Equal(0.0, g));
        foreach (Tensor t in weights) t.Dispose();
        foreach (torch.Tensor t in p) t.Dispose();
    }

    [Fact]
    public void EveryGradientAgreesWithCentralFiniteDifferencesInFloat64()
    {
        Tensor[] weights = Weights(41, DType.Float64);
        (int[] tokens, int[] targets) = Sequences(43);
        var model = new Gpt(Tiny, weights);
        using var grads = new Gpt.Gradients();
        model.LossGradient(tokens, targets, Batch, grads).Dispose();
        var rng = new SeededRandom(47);
        const double eps = 1e-5;
        for (int i = 0; i < weights.Length; i++)
        {
            // Along a random direction in parameter i alone: (L(p + εd) − L(p − εd)) / 2ε against ⟨∇ᵢL, d⟩.
            using Tensor d = TensorInit.Uniform(weights[i].ShapeArray, -1, 1, rng, DType.Float64);
            double fd = (Perturbed(i, +eps) - Perturbed(i, -eps)) / (2 * eps);
            double ad = Dot(grads.All[i]!, d);
            output.WriteLine($"{GptConfig.ParameterNames[i]}: AD {ad:E6} FD {fd:E6}");
            Assert.True(Math.Abs(ad - fd) <= 1e-6 * Math.Max(1, Math.Abs(ad)), $"{GptConfig.ParameterNames[i]}: AD {ad} vs FD {fd}");

            double Perturbed(int index, double step)
            {
                using Tensor scaled = Ops.MulScalar(d, step);
                using Tensor moved = Ops.Add(weights[index], scaled);
                Tensor[] shifted = weights.Select((w, j) => j == index ? moved : w).ToArray();
                using Tensor value = new Gpt(Tiny, shifted).LossValue(tokens, targets, Batch);
                return value.Item();
            }
        }
        foreach (Tensor t in weights) t.Dispose();
    }

    [Fact]
    public void ForwardAndReverseModesPassTheDotProductTest()
    {
        // ⟨J·t, w⟩ = ⟨t, Jᵀ·w⟩ for the logits [B, T, V] as a function of all sixteen parameters (float64).
        Tensor[] weights = Weights(53, DType.Float64);
        (int[] tokens, _) = Sequences(59);
        var model = new Gpt(Tiny, weights);
        var rng = new SeededRandom(61);
        Tensor[] t = weights.Select(w => TensorInit.Uniform(w.ShapeArray, -1, 1, rng, DType.Float64)).ToArray();
        using Tensor w = TensorInit.Uniform([Batch, Steps, Tiny.VocabSize], -1, 1, rng, DType.Float64);
        var direction = new Gpt.Gradients
        {
            Wte = t[0], Wpe = t[1], Ln1W = t[2], Ln1B = t[3], AttnW = t[4], AttnB = t[5], AttnProjW = t[6], AttnProjB = t[7],
            Ln2W = t[8], Ln2B = t[9], FcW = t[10], FcB = t[11], FcProjW = t[12], FcProjB = t[13], LnFW = t[14], LnFB = t[15],
        };
        (Tensor value, Tensor tangent) = model.LogitsPushforward(tokens, Batch, direction);
        using var pulled = new Gpt.Gradients();
        using Tensor value2 = model.LogitsPullback(tokens, Batch, w, pulled, DerivativePolicy.PyTorch);
        double forward = Dot(tangent, w);
        double reverse = t.Select((ti, i) => Dot(pulled.All[i]!, ti)).Sum();
        output.WriteLine($"<J t, w> = {forward:R}, <t, J^T w> = {reverse:R}");
        Assert.True(Math.Abs(forward - reverse) <= 1e-12 * Math.Max(1, Math.Abs(forward)), $"{forward} vs {reverse}");
        Assert.Equal(value.ToDoubleArray(), value2.ToDoubleArray());
        value.Dispose();
        tangent.Dispose();
        direction.Dispose();
        foreach (Tensor p in weights) p.Dispose();
    }

    private static double Dot(Tensor a, Tensor b) => a.ToDoubleArray().Zip(b.ToDoubleArray(), (x, y) => x * y).Sum();
}
