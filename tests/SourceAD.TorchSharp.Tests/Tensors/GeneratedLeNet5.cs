// LeNet-5 as a plain [Differentiable] model is the sample's one definition (samples/MnistLeNet/LeNet5.cs, linked into
// this project and the benchmarks with LeNet5Parameters.cs); SourceAD generates LossGradient, LossPushforward, Gradients
// and Parameters for it here. GeneratedLeNet5 names it beside the hand-chained reference, Tensors/LeNet5.cs.
global using GeneratedLeNet5 = MnistLeNet.LeNet5;

using SourceAD.Tensors;
using Tensor = SourceAD.Tensors.Tensor;

namespace MnistLeNet;

public sealed partial class LeNet5
{
    /// <summary>
    /// PyTorch's default initialization of the ten parameters, drawn from <paramref name="rng"/> in layer order (the
    /// caller keeps drawing from the same stream, e.g. for the inputs).
    /// </summary>
    public static List<Tensor> InitialParameters(SeededRandom rng, DType dtype = DType.Float32) => [.. LeNet5Parameters.Create(rng, dtype)];
}
