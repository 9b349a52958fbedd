using SourceAD.Tensors;
using TinyResNet;
using TorchSharp;
using Xunit.Abstractions;
using F = TorchSharp.torch.nn.functional;
using Tensor = SourceAD.Tensors.Tensor;

namespace SourceAD.TorchSharp.Tests.Tensors;

/// <summary>
/// The TinyResNet sample's ResNet-18 (samples/TinyResNet/ResNet18.cs, linked): on the same weights and batch, in
/// training mode (batch statistics), its generated loss and all 62 parameter gradients equal TorchSharp autograd's
/// (float32, 1e-5 relative in the max norm: ‖a − e‖∞ / ‖e‖∞ per tensor), and one step moves the 20 running
/// statistics as torch's batch_norm does. Finite differences and the dot-product test are in
/// tests/SourceAD.Tests/Tensors/Programs/ResNet18Tests.cs; every backend in tests/SourceAD.Backends.Tests.
/// </summary>
public class GeneratedResNetTests(ITestOutputHelper output)
{
    // Width 8 (stages of 8, 16, 32, 64 channels) on 16×16 images: the last stage is 2×2, so its batch norm still sees
    // N·4 values per channel.
    private static readonly ResNetConfig Small = new(Width: 8, InChannels: 3, Classes: 5);
    private const int Batch = 4, Size = 16;

    /// <summary>
    /// torchvision's init, with batch-norm weights and biases moved away from 1 and 0 (U(0.5, 1.5), U(−0.5, 0.5)) so a
    /// rule that ignored them would show; running statistics away from torch's 0 and 1 so the update's both terms count.
    /// </summary>
    private static (Tensor[] P, Tensor[] Means, Tensor[] Vars) Weights(ulong seed)
    {
        Tensor[] p = Small.CreateParameters(seed);
        var rng = new SeededRandom(seed + 1);
        for (int i = 0; i < p.Length; i++)
        {
            string name = ResNetConfig.ParameterNames[i];
            if (name.Contains("Bn", StringComparison.Ordinal))
            {
                p[i].Dispose();
                p[i] = name.EndsWith('G') ? TensorInit.Uniform(p[i].ShapeArray, 0.5, 1.5, rng) : TensorInit.Uniform(p[i].ShapeArray, -0.5, 0.5, rng);
            }
        }
        int[] channels = Small.BatchNormChannels();
        Tensor[] means = channels.Select(c => TensorInit.Uniform([c], -0.2, 0.2, rng)).ToArray();
        Tensor[] vars = channels.Select(c => TensorInit.Uniform([c], 0.5, 1.5, rng)).ToArray();
        return (p, means, vars);
    }

    [Fact]
    public void LossEveryGradientAndTheRunningStatisticsMatchTorchSharpAutograd()
    {
        (Tensor[] weights, Tensor[] means, Tensor[] vars) = Weights(101);
        var rng = new SeededRandom(103);
        using Tensor x = TensorInit.Uniform([Batch, Small.InChannels, Size, Size], -1, 1, rng);
        int[] labels = Enumerable.Range(0, Batch).Select(_ => rng.NextInt(Small.Classes)).ToArray();

        // torch's side first: its running statistics start as copies of ours, before our step moves ours.
        torch.Tensor[] p = weights.Select(t => TorchInterop.ToTorch(t, requiresGrad: true)).ToArray();
        torch.Tensor[] tmeans = means.Select(t => TorchInterop.ToTorch(t)).ToArray();
        torch.Tensor[] tvars = vars.Select(t => TorchInterop.ToTorch(t)).ToArray();
        using torch.Tensor tx = TorchInterop.ToTorch(x);
        using torch.Tensor tlabels = torch.tensor(labels.Select(l => (long)l).ToArray());
        using torch.Tensor torchLogits = TorchResNet18.Logits(p, tmeans, tvars, tx, training: true);
        using torch.Tensor torchLoss = F.cross_entropy(torchLogits, tlabels);
        torchLoss.backward();

        var model = new ResNet18(Small, weights, means, vars);
        using var grads = new ResNet18.Gradients();
        using Tensor loss = model.LossGradient(x, labels, grads);

        double expected = torchLoss.item<float>();
        output.WriteLine($"loss {loss.Item():R} vs torch {expected:R}");
        Assert.True(Math.Abs(loss.Item() - expected) <= 1e-5 * Math.Abs(expected), $"loss {loss.Item()} vs torch {expected}");
        Tensor?[] all = grads.All;
        Assert.Equal(ResNetConfig.ParameterNames.Length, all.Length);
        double worst = 0;
        for (int i = 0; i < all.Length; i++)
        {
            string name = ResNetConfig.ParameterNames[i];
            Assert.NotNull(all[i]);
            double error = TorchInterop.RelativeError(all[i]!, p[i].grad!);
            worst = Math.Max(worst, error);
            output.WriteLine($"{name}: ‖a − e‖∞/‖e‖∞ = {error:E2}");
            TorchInterop.AssertClose(all[i]!, p[i].grad!, 1e-5, name);
        }
        output.WriteLine($"worst gradient error {worst:E2}");
        // One training step moves each running statistic once, as torch's (momentum 0.1, unbiased variance).
        for (int l = 0; l < ResNetConfig.BatchNormCount; l++)
        {
            TorchInterop.AssertClose(means[l], tmeans[l], 1e-5, $"running mean {l}");
            TorchInterop.AssertClose(vars[l], tvars[l], 1e-5, $"running var {l}");
        }
        foreach (Tensor t in weights.Concat(means).Concat(vars)) t.Dispose();
        foreach (torch.Tensor t in p.Concat(tmeans).Concat(tvars)) t.Dispose();
    }

    [Fact]
    public void LogitsInEvaluationModeMatchTorchSharp()
    {
        // Evaluation uses the running statistics and leaves them alone: the logits equal torch's eval forward.
        (Tensor[] weights, Tensor[] means, Tensor[] vars) = Weights(107);
        var rng = new SeededRandom(109);
        using Tensor x = TensorInit.Uniform([Batch, Small.InChannels, Size, Size], -1, 1, rng);
        double[][] before = means.Select(m => m.ToDoubleArray()).ToArray();
        var model = new ResNet18(Small, weights, means, vars) { Training = false };
        using Tensor logits = model.LogitsValue(x);

        torch.Tensor[] p = weights.Select(t => TorchInterop.ToTorch(t)).ToArray();
        torch.Tensor[] tmeans = means.Select(t => TorchInterop.ToTorch(t)).ToArray();
        torch.Tensor[] tvars = vars.Select(t => TorchInterop.ToTorch(t)).ToArray();
        using torch.Tensor tx = TorchInterop.ToTorch(x);
        using torch.Tensor expected = TorchResNet18.Logits(p, tmeans, tvars, tx, training: false);
        TorchInterop.AssertClose(logits, expected, 1e-5, "eval logits");
        for (int l = 0; l < ResNetConfig.BatchNormCount; l++)
        {
            Assert.Equal(before[l], means[l].ToDoubleArray());
        }
        foreach (Tensor t in weights.Concat(means).Concat(vars)) t.Dispose();
        foreach (torch.Tensor t in p.Concat(tmeans).Concat(tvars)) t.Dispose();
    }
}
