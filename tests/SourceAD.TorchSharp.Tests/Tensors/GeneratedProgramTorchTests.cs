using SourceAD.Tensors;
using SourceAD.Tests.Tensors.Programs;
using TorchSharp;
using Xunit.Abstractions;
using F = TorchSharp.torch.nn.functional;
using Tensor = SourceAD.Tensors.Tensor;

namespace SourceAD.TorchSharp.Tests.Tensors;

/// <summary>
/// Generated tensor programs with loops, branches, calls, input gradients and BatchNorm2d against TorchSharp autograd
/// (float32, every gradient within 1e-5 of the reference's scale).
/// </summary>
public class GeneratedProgramTorchTests(ITestOutputHelper output)
{
    private const double Tolerance = 1e-5;

    private void Close(Tensor actual, torch.Tensor expected, string what)
    {
        output.WriteLine($"{what}: relative error {TorchInterop.RelativeError(actual, expected):E2}");
        TorchInterop.AssertClose(actual, expected, Tolerance, what);
    }

    private void CloseLoss(Tensor loss, torch.Tensor expected)
    {
        double e = expected.item<float>();
        output.WriteLine($"loss {loss.Item():R} vs torch {e:R}");
        Assert.True(Math.Abs(loss.Item() - e) <= Tolerance * Math.Max(1, Math.Abs(e)), $"loss {loss.Item()} vs {e}");
    }

    private static torch.Tensor[] Leaves(IEnumerable<Tensor> ts) => ts.Select(t => TorchInterop.ToTorch(t, requiresGrad: true)).ToArray();

    [Fact]
    public void RnnLoopMatchesTorch()
    {
        Tensor[] p = Rnn.Init(16, 8, 5, seed: 1, DType.Float32);
        var model = new Rnn(p);
        var rng = new SeededRandom(2);
        Tensor h0 = TensorInit.Uniform([4, 16], -1, 1, rng);
        Tensor[] xs = Enumerable.Range(0, 6).Select(_ => TensorInit.Uniform([4, 8], -1, 1, rng)).ToArray();
        Tensor target = TensorInit.Uniform([4, 5], -1, 1, rng);
        using var grads = new Rnn.Gradients();
        using Tensor loss = model.LossGradient(h0, xs, target, grads, out Tensor dh0, out Tensor[] dxs);

        torch.Tensor[] tp = Leaves(p);
        torch.Tensor th0 = TorchInterop.ToTorch(h0, requiresGrad: true);
        torch.Tensor h = th0;
        torch.Tensor[] txs = xs.Select(x => TorchInterop.ToTorch(x, requiresGrad: true)).ToArray();
        foreach (torch.Tensor x in txs) h = torch.tanh(F.linear(h, tp[0], tp[1]) + F.linear(x, tp[2]));
        torch.Tensor tloss = F.mse_loss(F.linear(h, tp[3], tp[4]), TorchInterop.ToTorch(target));
        tloss.backward();

        CloseLoss(loss, tloss);
        string[] names = ["W", "B", "U", "Wo", "Bo"];
        for (int i = 0; i < names.Length; i++) Close(grads.All[i]!, tp[i].grad!, names[i]);
        Close(dh0, th0.grad!, "dh0");
        // The sequence is a Tensor[] input: every step's input gets its gradient (saliency over time).
        for (int t = 0; t < xs.Length; t++) Close(dxs[t], txs[t].grad!, $"dx[{t}]");
    }

    [Theory]
    [InlineData(false, true)]
    [InlineData(true, true)]
    [InlineData(true, false)]
    public void RepeatedResidualBlockMatchesTorch(bool inline, bool head)
    {
        Tensor[] p = ResNet.Init(12, 20, 7, seed: 3, DType.Float32);
        var model = new ResNet(p) { Depth = 4, Head = head };
        var rng = new SeededRandom(4);
        Tensor x = TensorInit.Uniform([8, 12], -1, 1, rng);
        int[] labels = Enumerable.Range(0, 8).Select(_ => rng.NextInt(7)).ToArray();
        using var grads = new ResNet.Gradients();
        using Tensor loss = inline ? model.LossInlineGradient(x, labels, grads, out Tensor dx) : model.LossGradient(x, labels, grads, out dx);

        torch.Tensor[] tp = Leaves(p);
        torch.Tensor tx = TorchInterop.ToTorch(x, requiresGrad: true);
        torch.Tensor h = F.linear(tx, tp[0], tp[1]);
        for (int i = 0; i < 4; i++)
        {
            torch.Tensor z = F.linear(torch.tanh(F.linear(h, tp[2], tp[3])), tp[4], tp[5]);
            h = torch.tanh(z + h);
        }
        torch.Tensor logits = head || !inline ? F.linear(h, tp[6], tp[7]) : F.linear(torch.sigmoid(h), tp[6], tp[7]);
        torch.Tensor tloss = F.cross_entropy(logits, torch.tensor(labels.Select(l => (long)l).ToArray()));
        tloss.backward();

        CloseLoss(loss, tloss);
        string[] names = ["Win", "Bin", "W1", "B1", "W2", "B2", "Wout", "Bout"];
        for (int i = 0; i < names.Length; i++) Close(grads.All[i]!, tp[i].grad!, names[i]);
        Close(dx, tx.grad!, "dx");
    }

    [Fact]
    public void LeNet5InputGradientMatchesTorch()
    {
        using var reference = new LeNet5(seed: 7);
        var model = new GeneratedLeNet5(reference.Parameters);
        var rng = new SeededRandom(8);
        using Tensor x = TensorInit.Uniform([6, 1, 28, 28], 0, 1, rng);
        int[] labels = Enumerable.Range(0, 6).Select(_ => rng.NextInt(10)).ToArray();
        using var grads = new GeneratedLeNet5.Gradients();
        using Tensor loss = model.LossGradient(x, labels, grads, out Tensor dx);
        using var only = new GeneratedLeNet5.Gradients();
        model.LossGradient(x, labels, only).Dispose();
        // Input gradients only: no Gradients object.
        model.LossGradient(x, labels, null, out Tensor dxOnly).Dispose();

        torch.Tensor[] tp = Leaves(reference.Parameters);
        torch.Tensor tx = TorchInterop.ToTorch(x, requiresGrad: true);
        torch.Tensor h = F.max_pool2d(F.relu(F.conv2d(tx, tp[0], tp[1], padding: [2, 2])), [2, 2]);
        h = F.max_pool2d(F.relu(F.conv2d(h, tp[2], tp[3])), [2, 2]).flatten(1);
        h = F.relu(F.linear(h, tp[4], tp[5]));
        h = F.relu(F.linear(h, tp[6], tp[7]));
        torch.Tensor tloss = F.cross_entropy(F.linear(h, tp[8], tp[9]), torch.tensor(labels.Select(l => (long)l).ToArray()));
        tloss.backward();

        CloseLoss(loss, tloss);
        Close(dx, tx.grad!, "dx");
        Assert.Equal(dx.ToDoubleArray(), dxOnly.ToDoubleArray());
        for (int i = 0; i < 10; i++)
        {
            Close(grads.All[i]!, tp[i].grad!, LeNet5.ParameterNames[i]);
            // The parameters-only overload (inputs are data there) gives the same bits.
            Assert.Equal(only.All[i]!.ToDoubleArray(), grads.All[i]!.ToDoubleArray());
        }
        dx.Dispose();
        dxOnly.Dispose();
    }

    [Fact]
    public void MlpInputGradientMatchesTorch()
    {
        var model = new GeneratedMlp(seed: 17);
        var rng = new SeededRandom(19);
        using Tensor x = TensorInit.Uniform([16, 1, 28, 28], 0, 1, rng);
        int[] labels = Enumerable.Range(0, 16).Select(_ => rng.NextInt(10)).ToArray();
        using Tensor loss = model.LossGradient(x, labels, null, out Tensor dx);

        torch.Tensor[] tp = Leaves(model.Parameters);
        torch.Tensor tx = TorchInterop.ToTorch(x, requiresGrad: true);
        torch.Tensor h = F.relu(F.linear(tx.flatten(1), tp[0], tp[1]));
        h = F.relu(F.linear(h, tp[2], tp[3]));
        torch.Tensor tloss = F.cross_entropy(F.linear(h, tp[4], tp[5]), torch.tensor(labels.Select(l => (long)l).ToArray()));
        tloss.backward();

        CloseLoss(loss, tloss);
        Close(dx, tx.grad!, "dx");
        dx.Dispose();
        foreach (Tensor t in model.Parameters) t.Dispose();
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void BatchNormModelMatchesTorchInTrainAndEvalModes(bool training)
    {
        Tensor[] p = BnNet.Init(seed: 21, DType.Float32);
        var rng = new SeededRandom(22);
        Tensor runningMean = TensorInit.Uniform([3], -0.3, 0.3, rng), runningVar = TensorInit.Uniform([3], 0.5, 1.5, rng);
        torch.Tensor tmean = TorchInterop.ToTorch(runningMean), tvar = TorchInterop.ToTorch(runningVar);
        var model = new BnNet(p, runningMean, runningVar) { Training = training };
        Tensor x = TensorInit.Uniform([8, 2, 6, 6], -1, 1, rng);
        int[] labels = Enumerable.Range(0, 8).Select(_ => rng.NextInt(4)).ToArray();
        using var grads = new BnNet.Gradients();
        // Loss calls Logits: its forward updates the running statistics once; the reverse sweep recomputes it without updating.
        using Tensor loss = model.LossGradient(x, labels, grads, out Tensor dx);

        torch.Tensor[] tp = Leaves(p);
        torch.Tensor tx = TorchInterop.ToTorch(x, requiresGrad: true);
        torch.Tensor h = F.conv2d(tx, tp[0], tp[1], padding: [1, 1]);
        h = F.batch_norm(h, tmean, tvar, tp[2], tp[3], training, 0.1, 1e-5);
        h = F.avg_pool2d(torch.tanh(h), [2, 2]).flatten(1);
        torch.Tensor tloss = F.cross_entropy(F.linear(h, tp[4], tp[5]), torch.tensor(labels.Select(l => (long)l).ToArray()));
        tloss.backward();

        CloseLoss(loss, tloss);
        string[] names = ["ConvW", "ConvB", "Gamma", "Beta", "FcW", "FcB"];
        for (int i = 0; i < names.Length; i++)
        {
            if (training && i == 1)
            {
                // Batch statistics remove a per-channel constant: the conv bias gradient is 0 up to rounding in both
                // (relative to itself it is noise); measure it against the scale of the conv weight gradient.
                double scale = TorchInterop.Values(tp[0].grad!).Max(Math.Abs);
                double error = TorchInterop.RelativeError(grads.All[i]!.ToDoubleArray(), TorchInterop.Values(tp[i].grad!), scale);
                output.WriteLine($"ConvB (≈ 0): error {error:E2} of the ConvW gradient's scale");
                Assert.True(error <= Tolerance);
                continue;
            }
            Close(grads.All[i]!, tp[i].grad!, names[i]);
        }
        Close(dx, tx.grad!, "dx");
        // Running statistics: moved once by a training step (as torch), untouched in evaluation.
        Close(runningMean, tmean, "running mean");
        Close(runningVar, tvar, "running var");

        // Forward mode agrees with torch's directional derivative of the loss through its gradient: ⟨∇L, t⟩.
        var tangents = p.Select(t => TensorInit.Uniform(t.ShapeArray, -1, 1, rng)).ToArray();
        Tensor tx0 = TensorInit.Uniform(x.ShapeArray, -1, 1, rng);
        var direction = new BnNet.Gradients { ConvW = tangents[0], ConvB = tangents[1], Gamma = tangents[2], Beta = tangents[3], FcW = tangents[4], FcB = tangents[5] };
        var eval = new BnNet(p, runningMean, runningVar) { Training = training };
        (Tensor value, Tensor tangent) = eval.LossPushforward(x, labels, direction, tx0);
        double expected = TorchInterop.Values(tx.grad!).Zip(tx0.ToDoubleArray(), (a, b) => a * b).Sum();
        for (int i = 0; i < 6; i++) expected += TorchInterop.Values(tp[i].grad!).Zip(tangents[i].ToDoubleArray(), (a, b) => a * b).Sum();
        output.WriteLine($"JVP {tangent.Item():R} vs torch ⟨∇L, t⟩ {expected:R}");
        Assert.True(Math.Abs(tangent.Item() - expected) <= 1e-4 * Math.Max(1, Math.Abs(expected)));
        value.Dispose();
        tangent.Dispose();
    }
}
