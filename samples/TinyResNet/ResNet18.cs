using SourceAD;
using SourceAD.Tensors;

namespace TinyResNet;

/// <summary>
/// A ResNet-18 for small images, as torchvision writes it with the CIFAR stem: a 3×3 stride-1 convolution + batch norm
/// + ReLU (no max pool), four stages of two BasicBlocks (3×3 conv, BN, ReLU, 3×3 conv, BN, plus the shortcut, ReLU)
/// of Width, 2·Width, 4·Width and 8·Width channels, global average pooling and a linear head. Stages 2–4 halve the
/// resolution in their first block, whose shortcut is then a strided 1×1 convolution + batch norm; every other
/// shortcut is the identity. Convolutions have no bias (the batch norm after each has one), as torchvision's.
/// </summary>
/// <remarks>
/// <para>SourceAD generates <c>LossGradient</c>, <c>LossPushforward</c>, <c>LossValue</c>, the same for
/// <c>Logits</c>, <c>Gradients</c> and <c>Parameters</c> from the <c>[Parameter]</c> fields and the
/// <c>[Differentiable]</c> methods.</para>
/// <para>Each layer's weight is its own <c>[Parameter]</c> field, named after torchvision's module
/// (<c>layer2.0.conv1</c> is <c>L2B0Conv1</c>), written when the generator refused a <c>[Parameter] Tensor[]</c>
/// (it now trains one element by element; this network has not been rewritten that way), and the stages' weights
/// differ in shape, so they cannot be stacked as TinyGpt stacks its layers. The running statistics are state, not parameters: a plain <c>Tensor[]</c> member
/// indexed by the layer (data to the generator; batch norm updates the tensors in place, once per step).</para>
/// <para><see cref="Loss"/> spells the network out rather than calling <see cref="Logits"/>: a called tensor method's
/// forward is recomputed in the caller's reverse sweep, and one level of that (the blocks) is enough.</para>
/// <para>This file is the network's one definition: the sample trains it, and the test suites link it (with
/// <c>ResNetConfig.cs</c>) and check its gradients against autograd, finite differences and every backend.</para>
/// </remarks>
public sealed partial class ResNet18
{
    /// <summary>The stem: 3×3 conv [W, Cin, 3, 3] and its batch norm's weight and bias [W].</summary>
    [Parameter] public Tensor StemConv, StemBnG, StemBnB;
    /// <summary>Stage 1 (W channels, stride 1), blocks 0 and 1.</summary>
    [Parameter] public Tensor L1B0Conv1, L1B0Bn1G, L1B0Bn1B, L1B0Conv2, L1B0Bn2G, L1B0Bn2B;
    [Parameter] public Tensor L1B1Conv1, L1B1Bn1G, L1B1Bn1B, L1B1Conv2, L1B1Bn2G, L1B1Bn2B;
    /// <summary>Stage 2 (2W channels): block 0 with its strided 1×1 shortcut, then block 1.</summary>
    [Parameter] public Tensor L2B0Conv1, L2B0Bn1G, L2B0Bn1B, L2B0Conv2, L2B0Bn2G, L2B0Bn2B, L2B0DownConv, L2B0DownBnG, L2B0DownBnB;
    [Parameter] public Tensor L2B1Conv1, L2B1Bn1G, L2B1Bn1B, L2B1Conv2, L2B1Bn2G, L2B1Bn2B;
    /// <summary>Stage 3 (4W channels).</summary>
    [Parameter] public Tensor L3B0Conv1, L3B0Bn1G, L3B0Bn1B, L3B0Conv2, L3B0Bn2G, L3B0Bn2B, L3B0DownConv, L3B0DownBnG, L3B0DownBnB;
    [Parameter] public Tensor L3B1Conv1, L3B1Bn1G, L3B1Bn1B, L3B1Conv2, L3B1Bn2G, L3B1Bn2B;
    /// <summary>Stage 4 (8W channels).</summary>
    [Parameter] public Tensor L4B0Conv1, L4B0Bn1G, L4B0Bn1B, L4B0Conv2, L4B0Bn2G, L4B0Bn2B, L4B0DownConv, L4B0DownBnG, L4B0DownBnB;
    [Parameter] public Tensor L4B1Conv1, L4B1Bn1G, L4B1Bn1B, L4B1Conv2, L4B1Bn2G, L4B1Bn2B;
    /// <summary>The linear head: weight [Classes, 8W], bias [Classes].</summary>
    [Parameter] public Tensor FcW, FcB;

    /// <summary>Running means and variances of the 20 batch-norm layers (<see cref="ResNetConfig.BatchNormChannels"/>
    /// order), updated in training as torch does (momentum 0.1, unbiased variance).</summary>
    public Tensor[] RunningMean, RunningVar;

    /// <summary>Batch statistics (and running-statistics updates) when true; the running statistics when false.</summary>
    public bool Training = true;

    /// <summary>The sizes.</summary>
    public ResNetConfig Config { get; }

    /// <summary>
    /// A network of <paramref name="config"/>'s sizes over the 62 tensors of <paramref name="parameters"/> in declaration
    /// order (<see cref="ResNetConfig.ParameterNames"/>) and the running statistics (<see
    /// cref="ResNetConfig.CreateRunningStatistics"/>). The tensors are used as they are, not copied.
    /// </summary>
    public ResNet18(ResNetConfig config, IReadOnlyList<Tensor> parameters, Tensor[] runningMean, Tensor[] runningVar)
    {
        Config = config;
        config.CheckShapes(parameters);
        if (runningMean.Length != ResNetConfig.BatchNormCount || runningVar.Length != ResNetConfig.BatchNormCount)
        {
            throw new ArgumentException($"A ResNet-18 has {ResNetConfig.BatchNormCount} batch-norm layers, so as many running means and variances.");
        }
        (RunningMean, RunningVar) = (runningMean, runningVar);
        var p = new Queue<Tensor>(parameters);
        (StemConv, StemBnG, StemBnB) = (p.Dequeue(), p.Dequeue(), p.Dequeue());
        (L1B0Conv1, L1B0Bn1G, L1B0Bn1B, L1B0Conv2, L1B0Bn2G, L1B0Bn2B) = (p.Dequeue(), p.Dequeue(), p.Dequeue(), p.Dequeue(), p.Dequeue(), p.Dequeue());
        (L1B1Conv1, L1B1Bn1G, L1B1Bn1B, L1B1Conv2, L1B1Bn2G, L1B1Bn2B) = (p.Dequeue(), p.Dequeue(), p.Dequeue(), p.Dequeue(), p.Dequeue(), p.Dequeue());
        (L2B0Conv1, L2B0Bn1G, L2B0Bn1B, L2B0Conv2, L2B0Bn2G, L2B0Bn2B) = (p.Dequeue(), p.Dequeue(), p.Dequeue(), p.Dequeue(), p.Dequeue(), p.Dequeue());
        (L2B0DownConv, L2B0DownBnG, L2B0DownBnB) = (p.Dequeue(), p.Dequeue(), p.Dequeue());
        (L2B1Conv1, L2B1Bn1G, L2B1Bn1B, L2B1Conv2, L2B1Bn2G, L2B1Bn2B) = (p.Dequeue(), p.Dequeue(), p.Dequeue(), p.Dequeue(), p.Dequeue(), p.Dequeue());
        (L3B0Conv1, L3B0Bn1G, L3B0Bn1B, L3B0Conv2, L3B0Bn2G, L3B0Bn2B) = (p.Dequeue(), p.Dequeue(), p.Dequeue(), p.Dequeue(), p.Dequeue(), p.Dequeue());
        (L3B0DownConv, L3B0DownBnG, L3B0DownBnB) = (p.Dequeue(), p.Dequeue(), p.Dequeue());
        (L3B1Conv1, L3B1Bn1G, L3B1Bn1B, L3B1Conv2, L3B1Bn2G, L3B1Bn2B) = (p.Dequeue(), p.Dequeue(), p.Dequeue(), p.Dequeue(), p.Dequeue(), p.Dequeue());
        (L4B0Conv1, L4B0Bn1G, L4B0Bn1B, L4B0Conv2, L4B0Bn2G, L4B0Bn2B) = (p.Dequeue(), p.Dequeue(), p.Dequeue(), p.Dequeue(), p.Dequeue(), p.Dequeue());
        (L4B0DownConv, L4B0DownBnG, L4B0DownBnB) = (p.Dequeue(), p.Dequeue(), p.Dequeue());
        (L4B1Conv1, L4B1Bn1G, L4B1Bn1B, L4B1Conv2, L4B1Bn2G, L4B1Bn2B) = (p.Dequeue(), p.Dequeue(), p.Dequeue(), p.Dequeue(), p.Dequeue(), p.Dequeue());
        (FcW, FcB) = (p.Dequeue(), p.Dequeue());
    }

    /// <summary>
    /// A BasicBlock with the identity shortcut: relu(bn2(conv2(relu(bn1(conv1(x))))) + x). Its batch norms are layers
    /// <paramref name="bn"/> and <paramref name="bn"/> + 1.
    /// </summary>
    [Differentiable]
    public Tensor Block(Tensor x, Tensor conv1, Tensor g1, Tensor b1, Tensor conv2, Tensor g2, Tensor b2, int bn)
    {
        var h = Ops.Conv2d(x, conv1, padding: 1);
        h = Ops.Relu(Ops.BatchNorm2d(h, g1, b1, RunningMean[bn], RunningVar[bn], Training));
        h = Ops.Conv2d(h, conv2, padding: 1);
        h = Ops.BatchNorm2d(h, g2, b2, RunningMean[bn + 1], RunningVar[bn + 1], Training);
        return Ops.Relu(Ops.Add(h, x));
    }

    /// <summary>
    /// A BasicBlock that halves the resolution (conv1 has stride 2) and changes the width, so its shortcut is
    /// bn(1×1 conv with stride 2): relu(bn2(conv2(relu(bn1(conv1(x))))) + bnd(down(x))). Batch norms
    /// <paramref name="bn"/>, <paramref name="bn"/> + 1 and the shortcut's <paramref name="bn"/> + 2.
    /// </summary>
    [Differentiable]
    public Tensor DownBlock(Tensor x, Tensor conv1, Tensor g1, Tensor b1, Tensor conv2, Tensor g2, Tensor b2, Tensor down, Tensor gd, Tensor bd, int bn)
    {
        var h = Ops.Conv2d(x, conv1, stride: 2, padding: 1);
        h = Ops.Relu(Ops.BatchNorm2d(h, g1, b1, RunningMean[bn], RunningVar[bn], Training));
        h = Ops.Conv2d(h, conv2, padding: 1);
        h = Ops.BatchNorm2d(h, g2, b2, RunningMean[bn + 1], RunningVar[bn + 1], Training);
        var shortcut = Ops.Conv2d(x, down, stride: 2);
        shortcut = Ops.BatchNorm2d(shortcut, gd, bd, RunningMean[bn + 2], RunningVar[bn + 2], Training);
        return Ops.Relu(Ops.Add(h, shortcut));
    }

    /// <summary>The class logits [N, Classes] of images <paramref name="x"/> [N, Cin, H, W] (H and W multiples of 8).</summary>
    [Differentiable]
    public Tensor Logits(Tensor x)
    {
        var h = Ops.Relu(Ops.BatchNorm2d(Ops.Conv2d(x, StemConv, padding: 1), StemBnG, StemBnB, RunningMean[0], RunningVar[0], Training));
        h = Block(h, L1B0Conv1, L1B0Bn1G, L1B0Bn1B, L1B0Conv2, L1B0Bn2G, L1B0Bn2B, 1);
        h = Block(h, L1B1Conv1, L1B1Bn1G, L1B1Bn1B, L1B1Conv2, L1B1Bn2G, L1B1Bn2B, 3);
        h = DownBlock(h, L2B0Conv1, L2B0Bn1G, L2B0Bn1B, L2B0Conv2, L2B0Bn2G, L2B0Bn2B, L2B0DownConv, L2B0DownBnG, L2B0DownBnB, 5);
        h = Block(h, L2B1Conv1, L2B1Bn1G, L2B1Bn1B, L2B1Conv2, L2B1Bn2G, L2B1Bn2B, 8);
        h = DownBlock(h, L3B0Conv1, L3B0Bn1G, L3B0Bn1B, L3B0Conv2, L3B0Bn2G, L3B0Bn2B, L3B0DownConv, L3B0DownBnG, L3B0DownBnB, 10);
        h = Block(h, L3B1Conv1, L3B1Bn1G, L3B1Bn1B, L3B1Conv2, L3B1Bn2G, L3B1Bn2B, 13);
        h = DownBlock(h, L4B0Conv1, L4B0Bn1G, L4B0Bn1B, L4B0Conv2, L4B0Bn2G, L4B0Bn2B, L4B0DownConv, L4B0DownBnG, L4B0DownBnB, 15);
        h = Block(h, L4B1Conv1, L4B1Bn1G, L4B1Bn1B, L4B1Conv2, L4B1Bn2G, L4B1Bn2B, 18);
        return Ops.Linear(Ops.Flatten(Ops.AdaptiveAvgPool2d(h)), FcW, FcB);
    }

    /// <summary>The mean cross-entropy of the logits against <paramref name="labels"/> (the network of <see cref="Logits"/>).</summary>
    [Differentiable]
    public Tensor Loss(Tensor x, int[] labels)
    {
        var h = Ops.Relu(Ops.BatchNorm2d(Ops.Conv2d(x, StemConv, padding: 1), StemBnG, StemBnB, RunningMean[0], RunningVar[0], Training));
        h = Block(h, L1B0Conv1, L1B0Bn1G, L1B0Bn1B, L1B0Conv2, L1B0Bn2G, L1B0Bn2B, 1);
        h = Block(h, L1B1Conv1, L1B1Bn1G, L1B1Bn1B, L1B1Conv2, L1B1Bn2G, L1B1Bn2B, 3);
        h = DownBlock(h, L2B0Conv1, L2B0Bn1G, L2B0Bn1B, L2B0Conv2, L2B0Bn2G, L2B0Bn2B, L2B0DownConv, L2B0DownBnG, L2B0DownBnB, 5);
        h = Block(h, L2B1Conv1, L2B1Bn1G, L2B1Bn1B, L2B1Conv2, L2B1Bn2G, L2B1Bn2B, 8);
        h = DownBlock(h, L3B0Conv1, L3B0Bn1G, L3B0Bn1B, L3B0Conv2, L3B0Bn2G, L3B0Bn2B, L3B0DownConv, L3B0DownBnG, L3B0DownBnB, 10);
        h = Block(h, L3B1Conv1, L3B1Bn1G, L3B1Bn1B, L3B1Conv2, L3B1Bn2G, L3B1Bn2B, 13);
        h = DownBlock(h, L4B0Conv1, L4B0Bn1G, L4B0Bn1B, L4B0Conv2, L4B0Bn2G, L4B0Bn2B, L4B0DownConv, L4B0DownBnG, L4B0DownBnB, 15);
        h = Block(h, L4B1Conv1, L4B1Bn1G, L4B1Bn1B, L4B1Conv2, L4B1Bn2G, L4B1Bn2B, 18);
        return Ops.CrossEntropy(Ops.Linear(Ops.Flatten(Ops.AdaptiveAvgPool2d(h)), FcW, FcB), labels);
    }
}
