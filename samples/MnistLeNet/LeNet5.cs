using SourceAD;
using SourceAD.Tensors;

namespace MnistLeNet;

/// <summary>
/// LeNet-5 for 28×28 digits: conv 6@5×5 pad 2 → ReLU → maxpool 2 → conv 16@5×5 → ReLU → maxpool 2 → flatten →
/// FC 120 → ReLU → 84 → ReLU → 10, cross-entropy. PyTorch's nonsmooth choices: a max-pool tie sends the whole adjoint to the first maximum (native), relu′(0) = 0.
/// </summary>
/// <remarks>
/// SourceAD generates <c>Gradients</c>, <c>Parameters</c> and <c>LossGradient</c> from the <c>[Parameter]</c> fields and
/// the <c>[Differentiable]</c> <see cref="Loss"/>. The attribute's policy (PyTorch's) is baked in as constants; the
/// generated <c>LossGradient(…, DerivativePolicy)</c> overload takes any other choice at run time, which is how one class
/// serves every <c>--maxpool</c>/<c>--relu0</c> value.
/// </remarks>
public sealed partial class LeNet5 : ILeNet5
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
    /// A network initialized as PyTorch would, from <paramref name="seed"/> (see <see cref="LeNet5Parameters.Create"/>),
    /// differentiated under <paramref name="policy"/> (default: PyTorch's choices, the attribute's), with its parameters on
    /// <paramref name="device"/> (default: the CPU). The same generated code runs on every device.
    /// </summary>
    public LeNet5(ulong seed = 1, DType dtype = DType.Float32, DerivativePolicy? policy = null, Device? device = null)
    {
        Policy = policy ?? DerivativePolicy.PyTorch;
        Tensor[] p = LeNet5Parameters.Create(seed, dtype, device ?? Device.Cpu);
        (Conv1W, Conv1B, Conv2W, Conv2B, Fc1W) = (p[0], p[1], p[2], p[3], p[4]);
        (Fc1B, Fc2W, Fc2B, Fc3W, Fc3B) = (p[5], p[6], p[7], p[8], p[9]);
    }

    /// <summary>The nonsmooth derivative choices <see cref="LossAndGradients"/> uses.</summary>
    public DerivativePolicy Policy { get; }

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

    /// <inheritdoc/>
    public Tensor[] LossAndGradients(Tensor x, int[] labels, out double loss)
    {
        // Not disposed: the gradient tensors it holds pass to the caller.
        var into = new Gradients();
        using (Tensor value = LossGradient(x, labels, into, Policy))
        {
            loss = value.Item();
        }
        return [into.Conv1W!, into.Conv1B!, into.Conv2W!, into.Conv2B!, into.Fc1W!, into.Fc1B!, into.Fc2W!, into.Fc2B!, into.Fc3W!, into.Fc3B!];
    }

    /// <summary>Returns the parameters' memory to the pool.</summary>
    public void Dispose()
    {
        foreach (Tensor t in Parameters)
        {
            t.Dispose();
        }
    }
}
