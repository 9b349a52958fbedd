using MnistLeNet;
using SourceAD;
using SourceAD.Tensors;

namespace InnapropVsAdamW;

/// <summary>What the comparison needs from a model: its parameters, a loss-and-gradient step and logits for evaluation.</summary>
public interface IBenchModel : IDisposable
{
    /// <summary>The parameter tensors, in declaration order.</summary>
    Tensor[] Parameters { get; }

    /// <summary>Mean cross-entropy on one batch and its gradient per parameter (caller disposes them).</summary>
    Tensor[] LossAndGradients(Tensor x, int[] labels, out double loss);

    /// <summary>The [B, 10] logits of <paramref name="x"/> (caller disposes).</summary>
    Tensor Logits(Tensor x);
}

/// <summary>The models the sample compares on.</summary>
public static class BenchModels
{
    /// <summary>The names accepted by <c>--model</c> (besides <c>both</c>).</summary>
    public static readonly string[] Names = ["lenet", "mlp"];

    /// <summary>A fresh model named <paramref name="name"/> initialized from <paramref name="seed"/>.</summary>
    public static IBenchModel Create(string name, ulong seed) => name switch
    {
        "lenet" => new LeNetModel(seed),
        "mlp" => new Mlp(seed),
        _ => throw new ArgumentException($"Unknown model '{name}' (lenet, mlp)."),
    };

    /// <summary>A display name for tables and plots.</summary>
    public static string Display(string name) => name switch
    {
        "lenet" => "LeNet-5",
        "mlp" => "MLP 784-256-10",
        _ => name,
    };
}

/// <summary>The MnistLeNet sample's LeNet-5 (generated gradients), with its plain forward pass for evaluation.</summary>
internal sealed class LeNetModel(ulong seed) : IBenchModel
{
    private readonly LeNet5 _net = new(seed);

    public Tensor[] Parameters => _net.Parameters;

    public Tensor[] LossAndGradients(Tensor x, int[] labels, out double loss) => _net.LossAndGradients(x, labels, out loss);

    public Tensor Logits(Tensor x) => LeNet5Parameters.Logits(_net.Parameters, x);

    public void Dispose() => _net.Dispose();
}

/// <summary>
/// A two-layer perceptron 784-256-10 with ReLU and cross-entropy, initialized as PyTorch's <c>nn.Linear</c>. SourceAD
/// generates <c>Gradients</c>, <c>Parameters</c> and <c>LossGradient</c> from the fields and <see cref="Loss"/>.
/// </summary>
public sealed partial class Mlp : IBenchModel
{
    /// <summary>Hidden units.</summary>
    public const int Hidden = 256;

    [Parameter] public Tensor W1;
    [Parameter] public Tensor B1;
    [Parameter] public Tensor W2;
    [Parameter] public Tensor B2;

    /// <summary>A network initialized from <paramref name="seed"/>.</summary>
    public Mlp(ulong seed, DType dtype = DType.Float32)
    {
        var rng = new SeededRandom(seed);
        (W1, B1) = TensorInit.Linear(784, Hidden, rng, dtype);
        (W2, B2) = TensorInit.Linear(Hidden, 10, rng, dtype);
    }

    /// <summary>The mean cross-entropy of the logits of <paramref name="x"/> [B, 1, 28, 28] against <paramref name="labels"/>.</summary>
    [Differentiable]
    public Tensor Loss(Tensor x, int[] labels)
    {
        var h = Ops.Relu(Ops.Linear(Ops.Flatten(x), W1, B1));
        return Ops.CrossEntropy(Ops.Linear(h, W2, B2), labels);
    }

    /// <inheritdoc/>
    public Tensor[] LossAndGradients(Tensor x, int[] labels, out double loss)
    {
        var into = new Gradients();
        using (Tensor value = LossGradient(x, labels, into))
        {
            loss = value.Item();
        }
        return [into.W1!, into.B1!, into.W2!, into.B2!];
    }

    /// <inheritdoc/>
    public Tensor Logits(Tensor x)
    {
        using Tensor f = Ops.Flatten(x);
        using Tensor h1 = Ops.Linear(f, W1, B1);
        using Tensor r1 = Ops.Relu(h1);
        return Ops.Linear(r1, W2, B2);
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
