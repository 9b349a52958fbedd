using SourceAD.Tensors;

namespace SourceAD.Backends.Tests;

/// <summary>
/// LeNet-5 for 28×28 digits as a plain [Differentiable] model, written as samples/MnistLeNet/LeNet5.cs is: SourceAD
/// generates Gradients, Parameters and LossGradient (also the overload taking a DerivativePolicy at run time). The
/// model does not own its parameters, so one class serves the CPU reference and the device under test.
/// </summary>
public sealed partial class SuiteLeNet5
{
    [Parameter] public Tensor Conv1W, Conv1B, Conv2W, Conv2B, Fc1W, Fc1B, Fc2W, Fc2B, Fc3W, Fc3B;

    /// <summary>Wraps parameters in declaration order.</summary>
    public SuiteLeNet5(IReadOnlyList<Tensor> p) =>
        (Conv1W, Conv1B, Conv2W, Conv2B, Fc1W, Fc1B, Fc2W, Fc2B, Fc3W, Fc3B) = (p[0], p[1], p[2], p[3], p[4], p[5], p[6], p[7], p[8], p[9]);

    /// <summary>The parameter names in declaration order.</summary>
    public static readonly string[] Names = ["Conv1W", "Conv1B", "Conv2W", "Conv2B", "Fc1W", "Fc1B", "Fc2W", "Fc2B", "Fc3W", "Fc3B"];

    /// <summary>PyTorch's default initialization from one seeded stream, in layer order (as samples/MnistLeNet), on the host.</summary>
    public static Tensor[] InitialParameters(ulong seed, DType dtype)
    {
        var rng = new SeededRandom(seed);
        (Tensor c1w, Tensor c1b) = TensorInit.Conv2d(1, 6, 5, rng, dtype);
        (Tensor c2w, Tensor c2b) = TensorInit.Conv2d(6, 16, 5, rng, dtype);
        (Tensor f1w, Tensor f1b) = TensorInit.Linear(16 * 5 * 5, 120, rng, dtype);
        (Tensor f2w, Tensor f2b) = TensorInit.Linear(120, 84, rng, dtype);
        (Tensor f3w, Tensor f3b) = TensorInit.Linear(84, 10, rng, dtype);
        return [c1w, c1b, c2w, c2b, f1w, f1b, f2w, f2b, f3w, f3b];
    }

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

    /// <summary>The loss and every parameter's gradient (declaration order) under <paramref name="policy"/>, via the generated overload.</summary>
    public (double Loss, Tensor[] Gradients) LossAndGradients(Tensor x, int[] labels, DerivativePolicy policy)
    {
        var into = new Gradients();
        using Tensor loss = LossGradient(x, labels, into, policy);
        return (loss.Item(), [into.Conv1W!, into.Conv1B!, into.Conv2W!, into.Conv2B!, into.Fc1W!, into.Fc1B!, into.Fc2W!, into.Fc2B!, into.Fc3W!, into.Fc3B!]);
    }
}
