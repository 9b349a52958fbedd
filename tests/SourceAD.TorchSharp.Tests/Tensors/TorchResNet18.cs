using SourceAD.Tensors;
using TinyResNet;
using TorchSharp;
using F = TorchSharp.torch.nn.functional;

namespace SourceAD.TorchSharp.Tests.Tensors;

/// <summary>
/// The TinyResNet sample's ResNet-18 written with torch ops, as torchvision's resnet18 computes it (BasicBlock:
/// conv3×3-BN-ReLU-conv3×3-BN, plus the identity or a strided conv1×1-BN shortcut, ReLU), with the CIFAR stem (conv3×3
/// stride 1, no max pool). The autograd reference of GeneratedResNetTests and the libtorch side of the ResNet benchmark
/// (tests/SourceAD.Benchmarks links this file).
/// </summary>
internal static class TorchResNet18
{
    /// <summary>
    /// The logits of <paramref name="x"/> [N, Cin, H, W]; <paramref name="p"/> in <see cref="ResNetConfig.ParameterNames"/>
    /// order; batch norm in training mode (batch statistics, running statistics updated in place) or evaluation mode.
    /// </summary>
    public static torch.Tensor Logits(torch.Tensor[] p, torch.Tensor[] means, torch.Tensor[] vars, torch.Tensor x, bool training)
    {
        var byName = ResNetConfig.ParameterNames.Select((n, i) => (n, i)).ToDictionary(e => e.n, e => p[e.i]);
        torch.Tensor P(string name) => byName[name];
        torch.Tensor Bn(torch.Tensor h, string prefix, int layer) =>
            F.batch_norm(h, means[layer], vars[layer], P(prefix + "G"), P(prefix + "B"), training, OpDefaults.BatchNormMomentum, OpDefaults.BatchNormEps);

        using var scope = torch.NewDisposeScope();
        torch.Tensor h = F.relu(Bn(F.conv2d(x, P("StemConv"), padding: [1, 1]), "StemBn", 0));
        int layer = 1;
        for (int stage = 1; stage <= 4; stage++)
        {
            for (int block = 0; block < 2; block++)
            {
                string b = $"L{stage}B{block}";
                bool down = stage > 1 && block == 0;
                long stride = down ? 2 : 1;
                torch.Tensor y = F.relu(Bn(F.conv2d(h, P(b + "Conv1"), strides: [stride, stride], padding: [1, 1]), b + "Bn1", layer));
                y = Bn(F.conv2d(y, P(b + "Conv2"), padding: [1, 1]), b + "Bn2", layer + 1);
                torch.Tensor shortcut = down ? Bn(F.conv2d(h, P(b + "DownConv"), strides: [2, 2]), b + "DownBn", layer + 2) : h;
                h = F.relu(y + shortcut);
                layer += down ? 3 : 2;
            }
        }
        return F.linear(F.adaptive_avg_pool2d(h, [1, 1]).flatten(1), P("FcW"), P("FcB")).MoveToOuterDisposeScope();
    }
}
