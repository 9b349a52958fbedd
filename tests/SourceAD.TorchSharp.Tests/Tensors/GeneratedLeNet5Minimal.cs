using SourceAD.Tensors;
using Tensor = SourceAD.Tensors.Tensor;

namespace SourceAD.TorchSharp.Tests.Tensors;

/// <summary>
/// The sample's LeNet-5 (samples/MnistLeNet/LeNet5.cs) compiled with Minimal MaxPool ties (thesis Definition 10) in its
/// attribute. It is declared again on purpose: the tests compare the policy baked in at compile time with the runtime
/// <c>DerivativePolicy</c> overload of the one definition, and a policy in an attribute needs a method of its own.
/// </summary>
public partial class GeneratedLeNet5Minimal
{
    [Parameter] public Tensor Conv1W, Conv1B, Conv2W, Conv2B, Fc1W, Fc1B, Fc2W, Fc2B, Fc3W, Fc3B;

    public GeneratedLeNet5Minimal(IReadOnlyList<Tensor> p) =>
        (Conv1W, Conv1B, Conv2W, Conv2B, Fc1W, Fc1B, Fc2W, Fc2B, Fc3W, Fc3B) = (p[0], p[1], p[2], p[3], p[4], p[5], p[6], p[7], p[8], p[9]);

    [Differentiable(PoolingTies = TieRule.Minimal)]
    public Tensor Loss(Tensor x, int[] labels)
    {
        var h = Ops.MaxPool2d(Ops.Relu(Ops.Conv2d(x, Conv1W, Conv1B, stride: 1, padding: 2)), 2);
        h = Ops.MaxPool2d(Ops.Relu(Ops.Conv2d(h, Conv2W, Conv2B)), 2);
        var z = Ops.Relu(Ops.Linear(Ops.Flatten(h), Fc1W, Fc1B));
        z = Ops.Relu(Ops.Linear(z, Fc2W, Fc2B));
        return Ops.CrossEntropy(Ops.Linear(z, Fc3W, Fc3B), labels);
    }
}
