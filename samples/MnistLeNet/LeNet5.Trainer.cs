using SourceAD;
using SourceAD.Tensors;

namespace MnistLeNet;

// The trainer's side of LeNet-5 (ILeNet5): a network that owns its parameters and differentiates under a chosen policy.
// The network itself is in LeNet5.cs.
public sealed partial class LeNet5 : ILeNet5
{
    /// <summary>
    /// A network initialized as PyTorch would, from <paramref name="seed"/> (see <see cref="LeNet5Parameters.Create(ulong, DType, Device)"/>),
    /// differentiated under <paramref name="policy"/> (default: PyTorch's choices, the attribute's), with its parameters on
    /// <paramref name="device"/> (default: the CPU). The same generated code runs on every device.
    /// </summary>
    public LeNet5(ulong seed = 1, DType dtype = DType.Float32, DerivativePolicy? policy = null, Device? device = null)
        : this(LeNet5Parameters.Create(seed, dtype, device ?? Device.Cpu)) =>
        Policy = policy ?? DerivativePolicy.PyTorch;

    /// <summary>The nonsmooth derivative choices <see cref="LossAndGradients"/> uses.</summary>
    public DerivativePolicy Policy { get; } = DerivativePolicy.PyTorch;

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
