using SourceAD.Tensors;
using TorchSharp;
using Tensor = SourceAD.Tensors.Tensor;
using F = TorchSharp.torch.nn.functional;

namespace SourceAD.TorchSharp.Tests.Tensors;

/// <summary>
/// LeNet-5 for 28×28 inputs: conv 6@5×5 pad 2 → ReLU → maxpool 2 → conv 16@5×5 → ReLU → maxpool 2 → FC 120 → ReLU →
/// 84 → ReLU → 10, cross-entropy. Its backward pass chains the ops' backward rules by hand (until the generator does).
/// It is not a copy to fold into the sample's definition (samples/MnistLeNet/LeNet5.cs, whose parameters it already
/// shares through LeNet5Parameters): it is the independent reference the generated LeNet-5 is checked against
/// (GeneratedModelTests, ZeroAllocationTests), and it carries the TorchSharp-autograd reference; deriving it from the
/// sample would check the generator against itself.
/// </summary>
internal sealed class LeNet5 : IDisposable
{
    public static readonly string[] ParameterNames = ["conv1.w", "conv1.b", "conv2.w", "conv2.b", "fc1.w", "fc1.b", "fc2.w", "fc2.b", "fc3.w", "fc3.b"];

    public LeNet5(ulong seed, DType dtype = DType.Float32) => Parameters = MnistLeNet.LeNet5Parameters.Create(seed, dtype);

    /// <summary>A network with the given parameters (in <see cref="ParameterNames"/> order), for example copies on another device.</summary>
    public LeNet5(IReadOnlyList<Tensor> parameters) => Parameters = parameters;

    public IReadOnlyList<Tensor> Parameters { get; }

    /// <summary>The loss and the gradient of every parameter, in <see cref="ParameterNames"/> order.</summary>
    public (double Loss, Tensor[] Gradients) LossAndGradients(Tensor x, int[] labels, DerivativePolicy policy)
    {
        IReadOnlyList<Tensor> p = Parameters;
        using Tensor c1 = Ops.Conv2d(x, p[0], p[1], stride: 1, padding: 2);
        using Tensor r1 = Ops.Relu(c1);
        using Tensor p1 = Ops.MaxPool2d(r1, 2);
        using Tensor c2 = Ops.Conv2d(p1, p[2], p[3]);
        using Tensor r2 = Ops.Relu(c2);
        using Tensor p2 = Ops.MaxPool2d(r2, 2);
        using Tensor f = Ops.Flatten(p2);
        using Tensor h3 = Ops.Linear(f, p[4], p[5]);
        using Tensor r3 = Ops.Relu(h3);
        using Tensor h4 = Ops.Linear(r3, p[6], p[7]);
        using Tensor r4 = Ops.Relu(h4);
        using Tensor z = Ops.Linear(r4, p[8], p[9]);
        using Tensor loss = Ops.CrossEntropy(z, labels);

        using Tensor dz = Ops.CrossEntropyBackward(z, labels, 1.0);
        (Tensor dr4, Tensor dw5, Tensor? db5) = Ops.LinearBackward(r4, p[8], true, dz);
        using Tensor dh4 = Ops.ReluBackward(h4, dr4, policy);
        (Tensor dr3, Tensor dw4, Tensor? db4) = Ops.LinearBackward(r3, p[6], true, dh4);
        using Tensor dh3 = Ops.ReluBackward(h3, dr3, policy);
        (Tensor df, Tensor dw3, Tensor? db3) = Ops.LinearBackward(f, p[4], true, dh3);
        using Tensor dp2 = Ops.FlattenBackward(p2, df);
        using Tensor dr2 = Ops.MaxPool2dBackward(r2, dp2, policy, 2);
        using Tensor dc2 = Ops.ReluBackward(c2, dr2, policy);
        (Tensor dp1, Tensor dw2, Tensor? db2) = Ops.Conv2dBackward(p1, p[2], true, dc2);
        using Tensor dr1 = Ops.MaxPool2dBackward(r1, dp1, policy, 2);
        using Tensor dc1 = Ops.ReluBackward(c1, dr1, policy);
        // The input needs no adjoint: only the first layer's parameter part.
        (Tensor dw1, Tensor? db1) = Ops.Conv2dBackwardWeights(x, p[0], true, dc1, stride: 1, padding: 2);
        foreach (Tensor t in new[] { dr4, dr3, df, dp1 })
        {
            t.Dispose();
        }
        return (loss.Item(), [dw1, db1!, dw2, db2!, dw3, db3!, dw4, db4!, dw5, db5!]);
    }

    /// <summary>The same network in TorchSharp with autograd: the loss and the parameters' gradients.</summary>
    public (double Loss, torch.Tensor[] Gradients) TorchLossAndGradients(Tensor x, int[] labels)
    {
        torch.Tensor[] p = Parameters.Select(t => TorchInterop.ToTorch(t, requiresGrad: true)).ToArray();
        using torch.Tensor tx = TorchInterop.ToTorch(x);
        using torch.Tensor tl = torch.tensor(labels.Select(l => (long)l).ToArray());
        torch.Tensor h = F.conv2d(tx, p[0], p[1], padding: [2, 2]);
        h = F.max_pool2d(F.relu(h), [2, 2]);
        h = F.conv2d(h, p[2], p[3]);
        h = F.max_pool2d(F.relu(h), [2, 2]);
        h = h.flatten(1);
        h = F.relu(F.linear(h, p[4], p[5]));
        h = F.relu(F.linear(h, p[6], p[7]));
        h = F.linear(h, p[8], p[9]);
        torch.Tensor loss = F.cross_entropy(h, tl);
        loss.backward();
        return (loss.item<float>(), p.Select(t => t.grad!).ToArray());
    }

    public void Dispose()
    {
        foreach (Tensor t in Parameters)
        {
            t.Dispose();
        }
    }
}
