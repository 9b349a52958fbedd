using SourceAD.Tensors;
using Tensor = SourceAD.Tensors.Tensor;

namespace SourceAD.TorchSharp.Tests.Tensors;

/// <summary>The 3-layer MLP 784-512-512-10 with ReLU and cross-entropy, as a plain [Differentiable] model.</summary>
public partial class GeneratedMlp
{
    [Parameter] public Tensor W1, B1, W2, B2, W3, B3;

    public GeneratedMlp(ulong seed, DType dtype = DType.Float32)
    {
        var rng = new SeededRandom(seed);
        (W1, B1) = TensorInit.Linear(784, 512, rng, dtype);
        (W2, B2) = TensorInit.Linear(512, 512, rng, dtype);
        (W3, B3) = TensorInit.Linear(512, 10, rng, dtype);
    }

    [Differentiable]
    public Tensor Loss(Tensor x, int[] labels)
    {
        var h = Ops.Relu(Ops.Linear(Ops.Flatten(x), W1, B1));
        h = Ops.Relu(Ops.Linear(h, W2, B2));
        return Ops.CrossEntropy(Ops.Linear(h, W3, B3), labels);
    }
}
