using SourceAD.Tensors;
using TorchSharp;
using Xunit.Abstractions;
using F = TorchSharp.torch.nn.functional;
using Tensor = SourceAD.Tensors.Tensor;

namespace SourceAD.TorchSharp.Tests.Tensors;

/// <summary>The generated MLP 784-512-512-10: loss and every parameter gradient equal TorchSharp autograd's to 1e-5.</summary>
public class GeneratedMlpTests(ITestOutputHelper output)
{
    [Fact]
    public void LossAndGradientsMatchTorchSharp()
    {
        var model = new GeneratedMlp(seed: 17);
        var rng = new SeededRandom(19);
        using Tensor x = TensorInit.Uniform([32, 1, 28, 28], 0, 1, rng);
        int[] labels = Enumerable.Range(0, 32).Select(_ => rng.NextInt(10)).ToArray();
        using var grads = new GeneratedMlp.Gradients();
        using Tensor loss = model.LossGradient(x, labels, grads);

        torch.Tensor[] p = model.Parameters.Select(t => TorchInterop.ToTorch(t, requiresGrad: true)).ToArray();
        using torch.Tensor tx = TorchInterop.ToTorch(x).flatten(1);
        using torch.Tensor tl = torch.tensor(labels.Select(l => (long)l).ToArray());
        torch.Tensor h = F.relu(F.linear(tx, p[0], p[1]));
        h = F.relu(F.linear(h, p[2], p[3]));
        torch.Tensor torchLoss = F.cross_entropy(F.linear(h, p[4], p[5]), tl);
        torchLoss.backward();

        Assert.True(Math.Abs(loss.Item() - torchLoss.item<float>()) <= 1e-5 * Math.Abs(torchLoss.item<float>()));
        string[] names = ["W1", "B1", "W2", "B2", "W3", "B3"];
        for (int i = 0; i < 6; i++)
        {
            output.WriteLine($"{names[i]}: relative error {TorchInterop.RelativeError(grads.All[i]!, p[i].grad!):E2}");
            TorchInterop.AssertClose(grads.All[i]!, p[i].grad!, 1e-5, names[i]);
        }
        foreach (Tensor t in model.Parameters) t.Dispose();
    }
}
