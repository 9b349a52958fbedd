using SourceAD.Tensors;
using SourceAD.Tests.Tensors.Programs;
using TorchSharp;
using Xunit.Abstractions;
using F = TorchSharp.torch.nn.functional;
using Tensor = SourceAD.Tensors.Tensor;

namespace SourceAD.TorchSharp.Tests.Tensors;

/// <summary>
/// A model whose layers are [Parameter] Tensor[] members (<see cref="LayerStack"/>): its loss (layers called
/// element-wise as block methods) and the gradient of every element of every array against TorchSharp autograd
/// (float32, within 1e-5 of the reference's scale), and the whole-array path (<c>Chained</c>) likewise.
/// </summary>
public class GeneratedLayerStackTorchTests(ITestOutputHelper output)
{
    private const int Depth = 4;

    [Fact]
    public void EveryElementGradientMatchesTorch()
    {
        Tensor[] p = LayerStack.Init(8, 5, Depth, seed: 3, DType.Float32);
        var model = new LayerStack(p);
        var rng = new SeededRandom(4);
        using Tensor x = TensorInit.Uniform([6, 8], -1, 1, rng);
        int[] labels = [0, 4, 2, 1, 3, 0];
        using var grads = new LayerStack.Gradients();
        using Tensor loss = model.LossGradient(x, labels, grads);
        using var chainedGrads = new LayerStack.Gradients();
        model.ChainedGradient(x, chainedGrads, out Tensor dx).Dispose();
        dx.Dispose();

        // The same network in torch: Blocks (sigmoid first layer, tanh after) then cross-entropy.
        torch.Tensor[] tp = p.Select(t => TorchInterop.ToTorch(t, requiresGrad: true)).ToArray();
        torch.Tensor h = torch.sigmoid(F.linear(TorchInterop.ToTorch(x), tp[0], tp[Depth]));
        for (int l = 1; l < Depth; l++) h = torch.tanh(F.linear(h, tp[l], tp[Depth + l]));
        torch.Tensor tloss = F.cross_entropy(F.linear(h, tp[2 * Depth], tp[2 * Depth + 1]), torch.tensor(labels.Select(l => (long)l).ToArray()));
        tloss.backward();
        double e = tloss.item<float>();
        Assert.True(Math.Abs(loss.Item() - e) <= 1e-5 * Math.Max(1, Math.Abs(e)), $"loss {loss.Item()} vs {e}");
        Tensor?[] all = grads.All;
        Assert.Equal(p.Length, all.Length);
        for (int i = 0; i < p.Length; i++)
        {
            output.WriteLine($"parameter {i}: relative error {TorchInterop.RelativeError(all[i]!, tp[i].grad!):E2}");
            TorchInterop.AssertClose(all[i]!, tp[i].grad!, 1e-5, $"parameter {i}");
        }

        // Chained: every layer tanh, the arrays passed whole to a static function; the summed output's gradient.
        torch.Tensor[] tc = p.Select(t => TorchInterop.ToTorch(t, requiresGrad: true)).ToArray();
        torch.Tensor c = TorchInterop.ToTorch(x);
        for (int l = 0; l < Depth; l++) c = torch.tanh(F.linear(c, tc[l], tc[Depth + l]));
        F.linear(c, tc[2 * Depth], tc[2 * Depth + 1]).sum().backward();
        Tensor?[] chained = chainedGrads.All;
        for (int i = 0; i < p.Length; i++) TorchInterop.AssertClose(chained[i]!, tc[i].grad!, 1e-5, $"Chained parameter {i}");
        foreach (Tensor t in p) t.Dispose();
    }
}
