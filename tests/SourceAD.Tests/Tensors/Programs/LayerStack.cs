using SourceAD.Tensors;
using Tensor = SourceAD.Tensors.Tensor;

namespace SourceAD.Tests.Tensors.Programs;

/// <summary>
/// An MLP whose hidden layers live in <c>[Parameter] Tensor[]</c> members, as a user writes per-layer weights: read by
/// a loop counter, by a constant index, walked with foreach, passed element-wise to a block method and passed whole to
/// a static function. Linked into the TorchSharp tests, which check its gradients against autograd.
/// </summary>
public partial class LayerStack
{
    [Parameter] public Tensor[] Weights;
    [Parameter] public Tensor[] Biases;
    [Parameter] public Tensor Head, HeadBias;

    /// <summary>A network over <paramref name="p"/> in the order of <c>Parameters</c>: the weights, the biases, then the head.</summary>
    public LayerStack(IReadOnlyList<Tensor> p)
    {
        int depth = (p.Count - 2) / 2;
        Weights = p.Take(depth).ToArray();
        Biases = p.Skip(depth).Take(depth).ToArray();
        (Head, HeadBias) = (p[2 * depth], p[2 * depth + 1]);
    }

    /// <summary><paramref name="depth"/> square tanh layers of <paramref name="width"/>, then a linear head to <paramref name="classes"/>.</summary>
    public static Tensor[] Init(int width, int classes, int depth, ulong seed, DType dtype)
    {
        var rng = new SeededRandom(seed);
        var layers = Enumerable.Range(0, depth).Select(_ => TensorInit.Linear(width, width, rng, dtype)).ToArray();
        (Tensor head, Tensor headBias) = TensorInit.Linear(width, classes, rng, dtype);
        return [.. layers.Select(l => l.Item1), .. layers.Select(l => l.Item2), head, headBias];
    }

    /// <summary>The layers inline, indexed by the loop counter.</summary>
    [Differentiable]
    public Tensor Logits(Tensor x)
    {
        var h = x;
        for (int l = 0; l < Weights.Length; l++)
        {
            h = Ops.Tanh(Ops.Linear(h, Weights[l], Biases[l]));
        }
        return Ops.Linear(h, Head, HeadBias);
    }

    [Differentiable]
    public Tensor Layer(Tensor h, Tensor w, Tensor b) => Ops.Tanh(Ops.Linear(h, w, b));

    /// <summary>The first layer by a constant index, the others by a block method called with their elements.</summary>
    [Differentiable]
    public Tensor Blocks(Tensor x)
    {
        var h = Ops.Sigmoid(Ops.Linear(x, Weights[0], Biases[0]));
        for (int l = 1; l < Weights.Length; l++)
        {
            h = Layer(h, Weights[l], Biases[l]);
        }
        return Ops.Linear(h, Head, HeadBias);
    }

    /// <summary>foreach over the weights (the biases unused: their gradients stay null).</summary>
    [Differentiable]
    public Tensor Walk(Tensor x)
    {
        var h = x;
        foreach (var w in Weights)
        {
            h = Ops.Tanh(Ops.Linear(h, w));
        }
        return Ops.Linear(h, Head, HeadBias);
    }

    /// <summary>A free function over whole Tensor[] inputs.</summary>
    [Differentiable]
    public static Tensor Chain(Tensor x, Tensor[] ws, Tensor[] bs)
    {
        var h = x;
        for (int i = 0; i < ws.Length; i++)
        {
            h = Ops.Tanh(Ops.Linear(h, ws[i], bs[i]));
        }
        return h;
    }

    /// <summary>The [Parameter] arrays passed whole to <see cref="Chain"/>.</summary>
    [Differentiable]
    public Tensor Chained(Tensor x) => Ops.Linear(Chain(x, Weights, Biases), Head, HeadBias);

    [Differentiable]
    public Tensor Loss(Tensor x, int[] labels) => Ops.CrossEntropy(Blocks(x), labels);
}
