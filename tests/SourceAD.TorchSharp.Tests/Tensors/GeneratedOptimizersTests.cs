using SourceAD.Optimizers;
using SourceAD.Tensors;
using TorchSharp;
using Tensor = SourceAD.Tensors.Tensor;

namespace SourceAD.TorchSharp.Tests.Tensors;

/// <summary>
/// The optimizer generated for a model's parameter set (one fused rule per [Parameter]) follows torch.optim.AdamW on
/// the same gradients, and INNAprop with α = β = 1 follows AdamW with β₁ = 0 (thesis appendix 4.5.1), on a real model.
/// </summary>
public class GeneratedOptimizersTests
{
    [Theory]
    [InlineData(0.9)]
    [InlineData(0.0)]
    public void ModelOptimizerFollowsTorchAdamW(double beta1)
    {
        var model = new GeneratedMlp(seed: 23);
        torch.Tensor[] torchParams = model.Parameters.Select(p => TorchInterop.ToTorch(p, requiresGrad: true)).ToArray();
        using var torchOpt = torch.optim.AdamW(torchParams.Select(p => new global::TorchSharp.Modules.Parameter(p)).ToArray(), lr: 1e-3, beta1: beta1, beta2: 0.999, eps: 1e-8, weight_decay: 0.01);
        // Re-bind: TorchSharp wraps the tensors; step the wrapped ones.
        var torchWrapped = torchOpt.parameters().ToArray();
        var optimizers = new GeneratedMlp.Optimizers<AdamW<float>, float>(() => new AdamW<float>(1e-3, beta1, 0.999, 1e-8, 0.01));
        var rng = new SeededRandom(29);
        for (int step = 0; step < 3; step++)
        {
            using Tensor x = TensorInit.Uniform([16, 1, 28, 28], 0, 1, rng);
            int[] labels = Enumerable.Range(0, 16).Select(_ => rng.NextInt(10)).ToArray();
            using var grads = new GeneratedMlp.Gradients();
            model.LossGradient(x, labels, grads).Dispose();
            for (int i = 0; i < torchWrapped.Length; i++)
            {
                torchWrapped[i].grad = TorchInterop.ToTorch(grads.All[i]!);
            }
            torchOpt.step();
            optimizers.Step(model, grads);
        }
        for (int i = 0; i < torchWrapped.Length; i++)
        {
            TorchInterop.AssertClose(model.Parameters[i], torchWrapped[i], 1e-5, $"parameter {i}");
        }
        foreach (Tensor t in model.Parameters) t.Dispose();
    }

    [Fact]
    public void InnapropWithAlphaBetaOneEqualsAdamWWithoutMomentumOnTheModel()
    {
        var a = new GeneratedMlp(seed: 31);
        var b = new GeneratedMlp(seed: 31);
        var inna = new GeneratedMlp.Optimizers<Innaprop<float>, float>(() => new Innaprop<float>(lr: 1e-3, alpha: 1, beta: 1, sigma: 0.999, eps: 1e-8, weightDecay: 0.01));
        var adamw = new GeneratedMlp.Optimizers<AdamW<float>, float>(() => new AdamW<float>(1e-3, 0.0, 0.999, 1e-8, 0.01));
        var rng = new SeededRandom(37);
        for (int step = 0; step < 3; step++)
        {
            using Tensor x = TensorInit.Uniform([8, 1, 28, 28], 0, 1, rng);
            int[] labels = Enumerable.Range(0, 8).Select(_ => rng.NextInt(10)).ToArray();
            using var ga = new GeneratedMlp.Gradients();
            using var gb = new GeneratedMlp.Gradients();
            a.LossGradient(x, labels, ga).Dispose();
            b.LossGradient(x, labels, gb).Dispose();
            inna.Step(a, ga);
            adamw.Step(b, gb);
        }
        for (int i = 0; i < a.Parameters.Length; i++)
        {
            float[] pa = a.Parameters[i].ToArray<float>(), pb = b.Parameters[i].ToArray<float>();
            for (int j = 0; j < pa.Length; j++) Assert.Equal(pb[j], pa[j], 1e-6f * (1 + Math.Abs(pb[j])));
        }
    }
}
