using SourceAD.Tensors;
using Tensor = SourceAD.Tensors.Tensor;

namespace SourceAD.TorchSharp.Tests.Tensors;

/// <summary>LeNet-5 as a plain [Differentiable] model: SourceAD generates LossGradient, LossPushforward, Gradients and Parameters.</summary>
public partial class GeneratedLeNet5
{
    [Parameter] public Tensor Conv1W, Conv1B, Conv2W, Conv2B, Fc1W, Fc1B, Fc2W, Fc2B, Fc3W, Fc3B;

    /// <summary>Wraps parameters in LeNet5.ParameterNames order (the model does not own them).</summary>
    public GeneratedLeNet5(IReadOnlyList<Tensor> p) =>
        (Conv1W, Conv1B, Conv2W, Conv2B, Fc1W, Fc1B, Fc2W, Fc2B, Fc3W, Fc3B) = (p[0], p[1], p[2], p[3], p[4], p[5], p[6], p[7], p[8], p[9]);

    /// <summary>
    /// PyTorch's default initialization of the ten parameters, drawn from <paramref name="rng"/> in layer order (the
    /// caller keeps drawing from the same stream, e.g. for the inputs).
    /// </summary>
    public static List<Tensor> InitialParameters(SeededRandom rng, DType dtype = DType.Float32)
    {
        var p = new List<Tensor>();
        foreach ((Tensor w, Tensor b) in new[]
        {
            TensorInit.Conv2d(1, 6, 5, rng, dtype), TensorInit.Conv2d(6, 16, 5, rng, dtype),
            TensorInit.Linear(400, 120, rng, dtype), TensorInit.Linear(120, 84, rng, dtype), TensorInit.Linear(84, 10, rng, dtype),
        })
        {
            p.Add(w);
            p.Add(b);
        }
        return p;
    }

    [Differentiable(Preset = NonsmoothPreset.PyTorch)]
    public Tensor Loss(Tensor x, int[] labels)
    {
        var h = Ops.Conv2d(x, Conv1W, Conv1B, stride: 1, padding: 2);
        h = Ops.MaxPool2d(Ops.Relu(h), 2);
        h = Ops.Conv2d(h, Conv2W, Conv2B);
        h = Ops.MaxPool2d(Ops.Relu(h), 2);
        var f = Ops.Flatten(h);
        var z = Ops.Relu(Ops.Linear(f, Fc1W, Fc1B));
        z = Ops.Relu(Ops.Linear(z, Fc2W, Fc2B));
        var logits = Ops.Linear(z, Fc3W, Fc3B);
        return Ops.CrossEntropy(logits, labels);
    }
}

/// <summary>The same network with Minimal MaxPool ties (thesis Definition 10), for the nonsmooth studies.</summary>
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
