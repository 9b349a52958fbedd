using MnistLeNet;
using SourceAD;
using SourceAD.Tensors;

namespace NonsmoothReliability;

// One class per β: the tie rule is a compile-time constant of the [Differentiable] attribute (Figure 3.7 sweep).

/// <summary>LeNet-5 with Hybrid(β = 0) max-pool ties (Definition 10), relu'(0) = 0.</summary>
public sealed partial class LeNet5Beta0 : ILeNet5
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

    public LeNet5Beta0(ulong seed = 1, DType dtype = DType.Float32)
    {
        Tensor[] p = LeNet5Parameters.Create(seed, dtype);
        (Conv1W, Conv1B, Conv2W, Conv2B, Fc1W) = (p[0], p[1], p[2], p[3], p[4]);
        (Fc1B, Fc2W, Fc2B, Fc3W, Fc3B) = (p[5], p[6], p[7], p[8], p[9]);
    }

    [Differentiable(PoolingTies = TieRule.Hybrid, HybridBeta = 0)]
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

    public Tensor[] LossAndGradients(Tensor x, int[] labels, out double loss)
    {
        var into = new Gradients();
        using (Tensor value = LossGradient(x, labels, into))
        {
            loss = value.Item();
        }
        return [into.Conv1W!, into.Conv1B!, into.Conv2W!, into.Conv2B!, into.Fc1W!, into.Fc1B!, into.Fc2W!, into.Fc2B!, into.Fc3W!, into.Fc3B!];
    }

    public void Dispose()
    {
        foreach (Tensor t in Parameters)
        {
            t.Dispose();
        }
    }
}

/// <summary>LeNet-5 with Hybrid(β = 1) max-pool ties (Definition 10), relu'(0) = 0.</summary>
public sealed partial class LeNet5Beta1 : ILeNet5
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

    public LeNet5Beta1(ulong seed = 1, DType dtype = DType.Float32)
    {
        Tensor[] p = LeNet5Parameters.Create(seed, dtype);
        (Conv1W, Conv1B, Conv2W, Conv2B, Fc1W) = (p[0], p[1], p[2], p[3], p[4]);
        (Fc1B, Fc2W, Fc2B, Fc3W, Fc3B) = (p[5], p[6], p[7], p[8], p[9]);
    }

    [Differentiable(PoolingTies = TieRule.Hybrid, HybridBeta = 1)]
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

    public Tensor[] LossAndGradients(Tensor x, int[] labels, out double loss)
    {
        var into = new Gradients();
        using (Tensor value = LossGradient(x, labels, into))
        {
            loss = value.Item();
        }
        return [into.Conv1W!, into.Conv1B!, into.Conv2W!, into.Conv2B!, into.Fc1W!, into.Fc1B!, into.Fc2W!, into.Fc2B!, into.Fc3W!, into.Fc3B!];
    }

    public void Dispose()
    {
        foreach (Tensor t in Parameters)
        {
            t.Dispose();
        }
    }
}

/// <summary>LeNet-5 with Hybrid(β = 10) max-pool ties (Definition 10), relu'(0) = 0.</summary>
public sealed partial class LeNet5Beta10 : ILeNet5
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

    public LeNet5Beta10(ulong seed = 1, DType dtype = DType.Float32)
    {
        Tensor[] p = LeNet5Parameters.Create(seed, dtype);
        (Conv1W, Conv1B, Conv2W, Conv2B, Fc1W) = (p[0], p[1], p[2], p[3], p[4]);
        (Fc1B, Fc2W, Fc2B, Fc3W, Fc3B) = (p[5], p[6], p[7], p[8], p[9]);
    }

    [Differentiable(PoolingTies = TieRule.Hybrid, HybridBeta = 10)]
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

    public Tensor[] LossAndGradients(Tensor x, int[] labels, out double loss)
    {
        var into = new Gradients();
        using (Tensor value = LossGradient(x, labels, into))
        {
            loss = value.Item();
        }
        return [into.Conv1W!, into.Conv1B!, into.Conv2W!, into.Conv2B!, into.Fc1W!, into.Fc1B!, into.Fc2W!, into.Fc2B!, into.Fc3W!, into.Fc3B!];
    }

    public void Dispose()
    {
        foreach (Tensor t in Parameters)
        {
            t.Dispose();
        }
    }
}

/// <summary>LeNet-5 with Hybrid(β = 100) max-pool ties (Definition 10), relu'(0) = 0.</summary>
public sealed partial class LeNet5Beta100 : ILeNet5
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

    public LeNet5Beta100(ulong seed = 1, DType dtype = DType.Float32)
    {
        Tensor[] p = LeNet5Parameters.Create(seed, dtype);
        (Conv1W, Conv1B, Conv2W, Conv2B, Fc1W) = (p[0], p[1], p[2], p[3], p[4]);
        (Fc1B, Fc2W, Fc2B, Fc3W, Fc3B) = (p[5], p[6], p[7], p[8], p[9]);
    }

    [Differentiable(PoolingTies = TieRule.Hybrid, HybridBeta = 100)]
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

    public Tensor[] LossAndGradients(Tensor x, int[] labels, out double loss)
    {
        var into = new Gradients();
        using (Tensor value = LossGradient(x, labels, into))
        {
            loss = value.Item();
        }
        return [into.Conv1W!, into.Conv1B!, into.Conv2W!, into.Conv2B!, into.Fc1W!, into.Fc1B!, into.Fc2W!, into.Fc2B!, into.Fc3W!, into.Fc3B!];
    }

    public void Dispose()
    {
        foreach (Tensor t in Parameters)
        {
            t.Dispose();
        }
    }
}

/// <summary>LeNet-5 with Hybrid(β = 1000) max-pool ties (Definition 10), relu'(0) = 0.</summary>
public sealed partial class LeNet5Beta1000 : ILeNet5
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

    public LeNet5Beta1000(ulong seed = 1, DType dtype = DType.Float32)
    {
        Tensor[] p = LeNet5Parameters.Create(seed, dtype);
        (Conv1W, Conv1B, Conv2W, Conv2B, Fc1W) = (p[0], p[1], p[2], p[3], p[4]);
        (Fc1B, Fc2W, Fc2B, Fc3W, Fc3B) = (p[5], p[6], p[7], p[8], p[9]);
    }

    [Differentiable(PoolingTies = TieRule.Hybrid, HybridBeta = 1000)]
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

    public Tensor[] LossAndGradients(Tensor x, int[] labels, out double loss)
    {
        var into = new Gradients();
        using (Tensor value = LossGradient(x, labels, into))
        {
            loss = value.Item();
        }
        return [into.Conv1W!, into.Conv1B!, into.Conv2W!, into.Conv2B!, into.Fc1W!, into.Fc1B!, into.Fc2W!, into.Fc2B!, into.Fc3W!, into.Fc3B!];
    }

    public void Dispose()
    {
        foreach (Tensor t in Parameters)
        {
            t.Dispose();
        }
    }
}

/// <summary>LeNet-5 with Hybrid(β = 10000) max-pool ties (Definition 10), relu'(0) = 0.</summary>
public sealed partial class LeNet5Beta10000 : ILeNet5
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

    public LeNet5Beta10000(ulong seed = 1, DType dtype = DType.Float32)
    {
        Tensor[] p = LeNet5Parameters.Create(seed, dtype);
        (Conv1W, Conv1B, Conv2W, Conv2B, Fc1W) = (p[0], p[1], p[2], p[3], p[4]);
        (Fc1B, Fc2W, Fc2B, Fc3W, Fc3B) = (p[5], p[6], p[7], p[8], p[9]);
    }

    [Differentiable(PoolingTies = TieRule.Hybrid, HybridBeta = 10000)]
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

    public Tensor[] LossAndGradients(Tensor x, int[] labels, out double loss)
    {
        var into = new Gradients();
        using (Tensor value = LossGradient(x, labels, into))
        {
            loss = value.Item();
        }
        return [into.Conv1W!, into.Conv1B!, into.Conv2W!, into.Conv2B!, into.Fc1W!, into.Fc1B!, into.Fc2W!, into.Fc2B!, into.Fc3W!, into.Fc3B!];
    }

    public void Dispose()
    {
        foreach (Tensor t in Parameters)
        {
            t.Dispose();
        }
    }
}

/// <summary>The compiled β values of the hybrid sweep and their constructors.</summary>
public static class HybridVariants
{
    public static IReadOnlyList<(double Beta, Func<ulong, DType, ILeNet5> Create)> All { get; } =
    [
        (0, (s, d) => new LeNet5Beta0(s, d)),
        (1, (s, d) => new LeNet5Beta1(s, d)),
        (10, (s, d) => new LeNet5Beta10(s, d)),
        (100, (s, d) => new LeNet5Beta100(s, d)),
        (1000, (s, d) => new LeNet5Beta1000(s, d)),
        (10000, (s, d) => new LeNet5Beta10000(s, d)),
    ];
}
