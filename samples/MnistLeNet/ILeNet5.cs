using SourceAD.Tensors;

namespace MnistLeNet;

/// <summary>
/// What the trainer needs from a LeNet-5 variant. Every variant is the same network and initialization; they differ
/// only in the nonsmooth derivative choices written in their <c>[Differentiable]</c> attribute (see <see cref="ModelVariants"/>).
/// </summary>
public interface ILeNet5 : IDisposable
{
    /// <summary>The ten parameter tensors in declaration order: Conv1W, Conv1B, Conv2W, Conv2B, Fc1W … Fc3B.</summary>
    Tensor[] Parameters { get; }

    /// <summary>
    /// The mean cross-entropy on one batch and ∂loss/∂parameter for every parameter (in <see cref="Parameters"/> order),
    /// computed by the model's <c>LossGradient</c>. The caller owns (and disposes) the returned tensors.
    /// </summary>
    Tensor[] LossAndGradients(Tensor x, int[] labels, out double loss);
}
