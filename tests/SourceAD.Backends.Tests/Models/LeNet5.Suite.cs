using SourceAD;
using SourceAD.Tensors;

namespace MnistLeNet;

/// <summary>
/// The backend suite's part of the sample's LeNet-5 (samples/MnistLeNet/LeNet5.cs, linked into this project): the
/// network is that one definition; the suite wraps parameters it moved to a device (the model does not own them, so one
/// class serves the CPU reference and the device under test) and reads the gradients back in declaration order.
/// </summary>
public sealed partial class LeNet5
{
    /// <summary>The loss and every parameter's gradient (declaration order) under <paramref name="policy"/>, via the generated overload.</summary>
    public (double Loss, Tensor[] Gradients) LossAndGradients(Tensor x, int[] labels, DerivativePolicy policy)
    {
        var into = new Gradients();
        using Tensor loss = LossGradient(x, labels, into, policy);
        return (loss.Item(), [into.Conv1W!, into.Conv1B!, into.Conv2W!, into.Conv2B!, into.Fc1W!, into.Fc1B!, into.Fc2W!, into.Fc2B!, into.Fc3W!, into.Fc3B!]);
    }
}
