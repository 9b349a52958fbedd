using SourceAD.Tensors;
using TensorProgramKinds;
using Tensor = SourceAD.Tensors.Tensor;

namespace SourceAD.Tests.Tensors.Programs;

// Tensor programs with control flow, input gradients, static tensor functions and BatchNorm2d, differentiated by the
// generator. Shared with SourceAD.TorchSharp.Tests (linked), which checks them against TorchSharp autograd.

/// <summary>An RNN-style loop: h ← tanh(W·h + b + U·x_t) over a sequence (a Tensor[] input: each x_t gets an adjoint), then a linear read-out.</summary>
public partial class Rnn
{
    [Parameter] public Tensor W, B, U, Wo, Bo;

    public Rnn(IReadOnlyList<Tensor> p) => (W, B, U, Wo, Bo) = (p[0], p[1], p[2], p[3], p[4]);

    public static Tensor[] Init(int hidden, int input, int output, ulong seed, DType dtype)
    {
        var rng = new SeededRandom(seed);
        (Tensor w, Tensor b) = TensorInit.Linear(hidden, hidden, rng, dtype);
        (Tensor u, _) = TensorInit.Linear(input, hidden, rng, dtype);
        (Tensor wo, Tensor bo) = TensorInit.Linear(hidden, output, rng, dtype);
        return [w, b, u, wo, bo];
    }

    /// <summary>The read-out after the loop (a non-scalar output: the pullback takes a seed).</summary>
    [Differentiable]
    public Tensor Run(Tensor h0, Tensor[] xs)
    {
        var h = h0;
        for (int t = 0; t < xs.Length; t++)
        {
            h = Ops.Tanh(Ops.Add(Ops.Linear(h, W, B), Ops.Linear(xs[t], U)));
        }
        return Ops.Linear(h, Wo, Bo);
    }

    /// <summary>The same loop as foreach over the sequence.</summary>
    [Differentiable]
    public Tensor RunEach(Tensor h0, Tensor[] xs)
    {
        var h = h0;
        foreach (var x in xs)
        {
            h = Ops.Tanh(Ops.Add(Ops.Linear(h, W, B), Ops.Linear(x, U)));
        }
        return Ops.Linear(h, Wo, Bo);
    }

    /// <summary>Mean squared error of the read-out; the target is data.</summary>
    [Differentiable]
    public Tensor Loss(Tensor h0, Tensor[] xs, [NoDerivative] Tensor target) => Ops.Mse(Run(h0, xs), target);
}

/// <summary>A residual block repeated <see cref="Depth"/> times: as a called method, and written inline.</summary>
public partial class ResNet
{
    [Parameter] public Tensor Win, Bin, W1, B1, W2, B2, Wout, Bout;
    public int Depth = 3;
    public bool Head = true;

    public ResNet(IReadOnlyList<Tensor> p) => (Win, Bin, W1, B1, W2, B2, Wout, Bout) = (p[0], p[1], p[2], p[3], p[4], p[5], p[6], p[7]);

    public static Tensor[] Init(int input, int width, int classes, ulong seed, DType dtype)
    {
        var rng = new SeededRandom(seed);
        (Tensor win, Tensor bin) = TensorInit.Linear(input, width, rng, dtype);
        (Tensor w1, Tensor b1) = TensorInit.Linear(width, width, rng, dtype);
        (Tensor w2, Tensor b2) = TensorInit.Linear(width, width, rng, dtype);
        (Tensor wout, Tensor bout) = TensorInit.Linear(width, classes, rng, dtype);
        return [win, bin, w1, b1, w2, b2, wout, bout];
    }

    [Differentiable]
    public Tensor Block(Tensor h)
    {
        var skip = h;
        var z = Ops.Tanh(Ops.Linear(h, W1, B1));
        z = Ops.Linear(z, W2, B2);
        return Ops.Tanh(Ops.Add(z, skip));
    }

    /// <summary>The block called in a loop.</summary>
    [Differentiable]
    public Tensor Features(Tensor x)
    {
        var h = Ops.Linear(x, Win, Bin);
        for (int i = 0; i < Depth; i++)
        {
            h = Block(h);
        }
        return h;
    }

    /// <summary>The same blocks written inline (loop-carried h, an alias of it, a tensor tape), then a branch on a bool field.</summary>
    [Differentiable]
    public Tensor Logits(Tensor x)
    {
        var h = Ops.Linear(x, Win, Bin);
        for (int i = 0; i < Depth; i++)
        {
            var skip = h;
            var z = Ops.Tanh(Ops.Linear(h, W1, B1));
            z = Ops.Linear(z, W2, B2);
            h = Ops.Tanh(Ops.Add(z, skip));
        }
        Tensor logits;
        if (Head)
        {
            logits = Ops.Linear(h, Wout, Bout);
        }
        else
        {
            logits = Ops.Linear(Ops.Sigmoid(h), Wout, Bout);
        }
        return logits;
    }

    [Differentiable]
    public Tensor Loss(Tensor x, int[] labels) => Ops.CrossEntropy(Ops.Linear(Features(x), Wout, Bout), labels);

    [Differentiable]
    public Tensor LossInline(Tensor x, int[] labels) => Ops.CrossEntropy(Logits(x), labels);
}

/// <summary>Free tensor functions (no model): gradients and tangents for their tensor inputs.</summary>
public static partial class TensorFunctions
{
    /// <summary>Accumulation in a loop: acc ← acc + tanh(acc ⊙ w).</summary>
    [Differentiable]
    public static Tensor Accumulate(Tensor x, Tensor w, int n)
    {
        var acc = Ops.Mul(x, w);
        for (int i = 1; i < n; i++)
        {
            acc = Ops.Add(acc, Ops.Tanh(Ops.Mul(acc, w)));
        }
        return acc;
    }

    /// <summary>Nested loops, a branch inside a loop (its outcome taped), a branch on an argument, a descending loop.</summary>
    [Differentiable]
    public static Tensor Nested(Tensor x, Tensor w, int outer, int inner, bool flip)
    {
        var h = Ops.Mul(x, w);
        for (int i = 0; i < outer; i++)
        {
            var acc = Ops.Sigmoid(h);
            for (int j = inner - 1; j >= 0; j--)
            {
                if (j % 2 == 0)
                {
                    acc = Ops.Add(acc, Ops.Mul(acc, w));
                }
                else
                {
                    acc = Ops.Tanh(acc);
                }
            }
            h = Ops.Mul(h, acc);
        }
        if (flip)
        {
            h = Ops.Sub(x, h);
        }
        return h;
    }

    /// <summary>An accumulator started from a constant, a branch on an enum from another namespace (a using directive).</summary>
    [Differentiable]
    public static Tensor Mixed(Tensor x, Tensor w, int n, Mix mix)
    {
        var acc = Tensor.Zeros(x.Shape, x.DType);
        for (int i = 0; i < n; i++)
        {
            var term = Ops.Tanh(Ops.Mul(acc, w));
            if (mix == Mix.Add)
            {
                acc = Ops.Add(Ops.Add(acc, term), x);
            }
            else
            {
                acc = Ops.Sub(Ops.Add(acc, x), term);
            }
        }
        return acc;
    }

    /// <summary>A static tensor function called in a loop, and a scalar result.</summary>
    [Differentiable]
    public static Tensor Calls(Tensor x, Tensor w, [NoDerivative] Tensor data)
    {
        var h = Ops.Add(x, data);
        for (int i = 0; i < 2; i++)
        {
            h = Accumulate(h, w, 3);
        }
        return Ops.Sum(Ops.Mul(h, h));
    }
}

/// <summary>Conv → BatchNorm2d → tanh → average pool → linear; the running statistics are state, not parameters.</summary>
public partial class BnNet
{
    [Parameter] public Tensor ConvW, ConvB, Gamma, Beta, FcW, FcB;
    public Tensor RunningMean, RunningVar;
    public bool Training = true;

    public BnNet(IReadOnlyList<Tensor> p, Tensor runningMean, Tensor runningVar) =>
        (ConvW, ConvB, Gamma, Beta, FcW, FcB, RunningMean, RunningVar) = (p[0], p[1], p[2], p[3], p[4], p[5], runningMean, runningVar);

    /// <summary>Parameters for input [N, 2, 6, 6], 3 channels, 4 classes; gamma and beta away from 1 and 0.</summary>
    public static Tensor[] Init(ulong seed, DType dtype)
    {
        var rng = new SeededRandom(seed);
        (Tensor cw, Tensor cb) = TensorInit.Conv2d(2, 3, 3, rng, dtype);
        Tensor gamma = TensorInit.Uniform([3], 0.5, 1.5, rng, dtype);
        Tensor beta = TensorInit.Uniform([3], -0.5, 0.5, rng, dtype);
        (Tensor fw, Tensor fb) = TensorInit.Linear(3 * 3 * 3, 4, rng, dtype);
        return [cw, cb, gamma, beta, fw, fb];
    }

    [Differentiable]
    public Tensor Logits(Tensor x)
    {
        var h = Ops.Conv2d(x, ConvW, ConvB, padding: 1);
        h = Ops.BatchNorm2d(h, Gamma, Beta, RunningMean, RunningVar, Training);
        h = Ops.AvgPool2d(Ops.Tanh(h), 2);
        return Ops.Linear(Ops.Flatten(h), FcW, FcB);
    }

    [Differentiable]
    public Tensor Loss(Tensor x, int[] labels) => Ops.CrossEntropy(Logits(x), labels);

    /// <summary>Batch norm two calls deep: the running statistics still move once per step.</summary>
    [Differentiable]
    public Tensor Outer(Tensor x, int[] labels) => Ops.Tanh(Loss(x, labels));
}
