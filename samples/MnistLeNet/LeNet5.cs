using SourceAD;
using SourceAD.Tensors;

namespace MnistLeNet;

/// <summary>
/// LeNet-5 for 28×28 digits: conv 6@5×5 pad 2 → ReLU → maxpool 2 → conv 16@5×5 → ReLU → maxpool 2 → flatten →
/// FC 120 → ReLU → 84 → ReLU → 10, cross-entropy. PyTorch's nonsmooth choices: a max-pool tie sends the whole adjoint to the first maximum (native), relu′(0) = 0.
/// </summary>
/// <remarks>
/// <para>SourceAD generates <c>Gradients</c>, <c>Parameters</c>, <c>LossGradient</c> and <c>LossPushforward</c> from the
/// <c>[Parameter]</c> fields and the <c>[Differentiable]</c> <see cref="Loss"/>. The attribute's policy (PyTorch's) is
/// baked in as constants; the generated <c>LossGradient(…, DerivativePolicy)</c> overload takes any other choice at run
/// time, which is how one class serves every <c>--maxpool</c>/<c>--relu0</c> value.</para>
/// <para>This file is the network's one definition. The backend suite, the TorchSharp tests and the benchmarks compile it
/// too (linked, with <c>LeNet5Parameters.cs</c>), so every LeNet-5 they differentiate is this one; the trainer's members
/// are in <c>LeNet5.Trainer.cs</c>, the tests add theirs in their own part.</para>
/// </remarks>
public sealed partial class LeNet5
{
    [Parameter] public Tensor Conv1W;
    [Parameter] public Tensor Conv1B;
    [Parameter] public Tensor Conv2W;
    [Parameter] public Tensor Conv2B;
    [Parameter] public Tensor Fc1W;
    [Parameter] public Tensor Fc1B;
    [Parameter] public Tensor Fc2W;
    [Parameter] public Tensor Fc2B;
    [Parameter] public Tensor Fc3W;
    [Parameter] public Tensor Fc3B;

    /// <summary>
    /// A network over the ten tensors of <paramref name="parameters"/>, in declaration order (<see cref="LeNet5Parameters.Names"/>).
    /// The tensors are used as they are, not copied.
    /// </summary>
    public LeNet5(IReadOnlyList<Tensor> parameters) =>
        (Conv1W, Conv1B, Conv2W, Conv2B, Fc1W, Fc1B, Fc2W, Fc2B, Fc3W, Fc3B) =
        (parameters[0], parameters[1], parameters[2], parameters[3], parameters[4], parameters[5], parameters[6], parameters[7], parameters[8], parameters[9]);

    /// <summary>The mean cross-entropy of the logits of <paramref name="x"/> [B, 1, 28, 28] against <paramref name="labels"/>.</summary>
    [Differentiable]
    public Tensor Loss(Tensor x, int[] labels)
    {
        var c1 = Ops.Conv2d(x, Conv1W, Conv1B, 1, 2);
        var r1 = Ops.Relu(c1);
        var p1 = Ops.MaxPool2d(r1, 2);
        var c2 = Ops.Conv2d(p1, Conv2W, Conv2B, 1, 0);
        var r2 = Ops.Relu(c2);
        var p2 = Ops.MaxPool2d(r2, 2);
        var f = Ops.Flatten(p2, 1);
        var h3 = Ops.Linear(f, Fc1W, Fc1B);
        var r3 = Ops.Relu(h3);
        var h4 = Ops.Linear(r3, Fc2W, Fc2B);
        var r4 = Ops.Relu(h4);
        var logits = Ops.Linear(r4, Fc3W, Fc3B);
        return Ops.CrossEntropy(logits, labels);
    }
}
