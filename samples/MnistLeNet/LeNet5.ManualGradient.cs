// Temporary stand-in for the generator's tensor support: the members SourceAD will generate for each LeNet-5 variant
// (Gradients, Parameters, LossGradient), chained by hand from Ops.*Backward exactly as
// tests/SourceAD.TorchSharp.Tests/Tensors/LeNet5.cs does. Delete this file (or define SOURCEAD_GENERATED_TENSORS) once
// the generator emits them; nothing else changes.
#if !SOURCEAD_GENERATED_TENSORS
// Until the generator accepts tensor methods, [Differentiable] on a Tensor-returning method is a compile error
// (SRCAD0004). This alias makes the models' [Differentiable(...)] bind to the look-alike below instead, so the model
// files already read exactly as they will with generated code; deleting this file makes them bind to SourceAD's.
global using DifferentiableAttribute = MnistLeNet.StandInDifferentiableAttribute;

using System.Reflection;
using SourceAD;
using SourceAD.Tensors;


namespace MnistLeNet;

/// <summary>Look-alike of <see cref="SourceAD.DifferentiableAttribute"/>'s nonsmooth properties, read by the stand-in.</summary>
[AttributeUsage(AttributeTargets.Method, Inherited = false, AllowMultiple = false)]
public sealed class StandInDifferentiableAttribute : Attribute
{
    /// <summary>relu′(0).</summary>
    public double ReluAtZero { get; set; }

    /// <summary>Tie rule of max-pool windows.</summary>
    public TieRule PoolingTies { get; set; }

    /// <summary>β of <see cref="TieRule.Hybrid"/>.</summary>
    public double HybridBeta { get; set; }

    /// <summary>
    /// The policy the attribute on <paramref name="model"/>'s <c>Loss</c> names, on top of the PyTorch preset as the
    /// generator resolves it (read once per type; the generator bakes the same values into its code).
    /// </summary>
    public static DerivativePolicy PolicyOf(Type model)
    {
        var a = model.GetMethod("Loss")!.GetCustomAttribute<StandInDifferentiableAttribute>()!;
        DerivativePolicy p = DerivativePolicy.PyTorch;
        TieChoice pooling = a.PoolingTies == TieRule.Unset ? p.Pooling : new TieChoice(a.PoolingTies, a.HybridBeta);
        return p with { ReluAtZero = a.ReluAtZero, Pooling = pooling };
    }
}

/// <summary>LeNet-5's reverse sweep chained by hand; what the generated <c>LossGradient</c> of every variant computes.</summary>
internal static class ManualLeNet5Gradient
{
    /// <summary>The loss (caller disposes) and the ten parameter gradients, in declaration order.</summary>
    public static (Tensor Loss, Tensor[] Gradients) Compute(Tensor[] p, Tensor x, int[] labels, DerivativePolicy policy)
    {
        using Tensor c1 = Ops.Conv2d(x, p[0], p[1], stride: 1, padding: 2);
        using Tensor r1 = Ops.Relu(c1);
        using Tensor p1 = Ops.MaxPool2d(r1, 2);
        using Tensor c2 = Ops.Conv2d(p1, p[2], p[3]);
        using Tensor r2 = Ops.Relu(c2);
        using Tensor p2 = Ops.MaxPool2d(r2, 2);
        using Tensor f = Ops.Flatten(p2);
        using Tensor h3 = Ops.Linear(f, p[4], p[5]);
        using Tensor r3 = Ops.Relu(h3);
        using Tensor h4 = Ops.Linear(r3, p[6], p[7]);
        using Tensor r4 = Ops.Relu(h4);
        using Tensor z = Ops.Linear(r4, p[8], p[9]);
        Tensor loss = Ops.CrossEntropy(z, labels);

        using Tensor dz = Ops.CrossEntropyBackward(z, labels, 1.0);
        (Tensor dr4, Tensor dw5, Tensor? db5) = Ops.LinearBackward(r4, p[8], true, dz);
        using Tensor dh4 = Ops.ReluBackward(h4, dr4, policy);
        (Tensor dr3, Tensor dw4, Tensor? db4) = Ops.LinearBackward(r3, p[6], true, dh4);
        using Tensor dh3 = Ops.ReluBackward(h3, dr3, policy);
        (Tensor df, Tensor dw3, Tensor? db3) = Ops.LinearBackward(f, p[4], true, dh3);
        using Tensor dp2 = Ops.FlattenBackward(p2, df);
        using Tensor dr2 = Ops.MaxPool2dBackward(r2, dp2, policy, 2);
        using Tensor dc2 = Ops.ReluBackward(c2, dr2, policy);
        (Tensor dp1, Tensor dw2, Tensor? db2) = Ops.Conv2dBackward(p1, p[2], true, dc2);
        using Tensor dr1 = Ops.MaxPool2dBackward(r1, dp1, policy, 2);
        using Tensor dc1 = Ops.ReluBackward(c1, dr1, policy);
        // x is data: only the first layer's parameter part of its backward rule is needed.
        (Tensor dw1, Tensor? db1) = Ops.Conv2dBackwardWeights(x, p[0], true, dc1, stride: 1, padding: 2);
        foreach (Tensor t in new[] { dr4, dr3, df, dp1 })
        {
            t.Dispose();
        }
        return (loss, [dw1, db1!, dw2, db2!, dw3, db3!, dw4, db4!, dw5, db5!]);
    }

    /// <summary>Adds <paramref name="gradient"/> into <paramref name="slot"/> (taking it over when the slot is empty).</summary>
    public static void Accumulate(ref Tensor? slot, Tensor gradient)
    {
        if (slot is null)
        {
            slot = gradient;
            return;
        }
        Ops.AddInPlace(slot, gradient);
        gradient.Dispose();
    }
}

public sealed partial class LeNet5
{
    private static readonly DerivativePolicy StandInPolicy = StandInDifferentiableAttribute.PolicyOf(typeof(LeNet5));

    /// <summary>∂loss/∂parameter, one field per [Parameter] (null until something is added).</summary>
    public sealed partial class Gradients : IDisposable
    {
        public Tensor? Conv1W, Conv1B, Conv2W, Conv2B, Fc1W, Fc1B, Fc2W, Fc2B, Fc3W, Fc3B;

        /// <summary>Returns every gradient's memory to the pool.</summary>
        public void Dispose()
        {
            foreach (Tensor? t in new[] { Conv1W, Conv1B, Conv2W, Conv2B, Fc1W, Fc1B, Fc2W, Fc2B, Fc3W, Fc3B })
            {
                t?.Dispose();
            }
        }
    }

    /// <summary>The [Parameter] tensors in declaration order.</summary>
    public Tensor[] Parameters => [Conv1W, Conv1B, Conv2W, Conv2B, Fc1W, Fc1B, Fc2W, Fc2B, Fc3W, Fc3B];

    /// <summary>Returns <see cref="Loss"/> (caller disposes) and adds ∂loss/∂parameter into <paramref name="into"/>.</summary>
    public Tensor LossGradient(Tensor x, int[] labels, Gradients into)
    {
        (Tensor loss, Tensor[] g) = ManualLeNet5Gradient.Compute(Parameters, x, labels, StandInPolicy);
        ManualLeNet5Gradient.Accumulate(ref into.Conv1W, g[0]);
        ManualLeNet5Gradient.Accumulate(ref into.Conv1B, g[1]);
        ManualLeNet5Gradient.Accumulate(ref into.Conv2W, g[2]);
        ManualLeNet5Gradient.Accumulate(ref into.Conv2B, g[3]);
        ManualLeNet5Gradient.Accumulate(ref into.Fc1W, g[4]);
        ManualLeNet5Gradient.Accumulate(ref into.Fc1B, g[5]);
        ManualLeNet5Gradient.Accumulate(ref into.Fc2W, g[6]);
        ManualLeNet5Gradient.Accumulate(ref into.Fc2B, g[7]);
        ManualLeNet5Gradient.Accumulate(ref into.Fc3W, g[8]);
        ManualLeNet5Gradient.Accumulate(ref into.Fc3B, g[9]);
        return loss;
    }
}

public sealed partial class LeNet5MinimalPool
{
    private static readonly DerivativePolicy StandInPolicy = StandInDifferentiableAttribute.PolicyOf(typeof(LeNet5MinimalPool));

    /// <summary>∂loss/∂parameter, one field per [Parameter] (null until something is added).</summary>
    public sealed partial class Gradients : IDisposable
    {
        public Tensor? Conv1W, Conv1B, Conv2W, Conv2B, Fc1W, Fc1B, Fc2W, Fc2B, Fc3W, Fc3B;

        /// <summary>Returns every gradient's memory to the pool.</summary>
        public void Dispose()
        {
            foreach (Tensor? t in new[] { Conv1W, Conv1B, Conv2W, Conv2B, Fc1W, Fc1B, Fc2W, Fc2B, Fc3W, Fc3B })
            {
                t?.Dispose();
            }
        }
    }

    /// <summary>The [Parameter] tensors in declaration order.</summary>
    public Tensor[] Parameters => [Conv1W, Conv1B, Conv2W, Conv2B, Fc1W, Fc1B, Fc2W, Fc2B, Fc3W, Fc3B];

    /// <summary>Returns <see cref="Loss"/> (caller disposes) and adds ∂loss/∂parameter into <paramref name="into"/>.</summary>
    public Tensor LossGradient(Tensor x, int[] labels, Gradients into)
    {
        (Tensor loss, Tensor[] g) = ManualLeNet5Gradient.Compute(Parameters, x, labels, StandInPolicy);
        ManualLeNet5Gradient.Accumulate(ref into.Conv1W, g[0]);
        ManualLeNet5Gradient.Accumulate(ref into.Conv1B, g[1]);
        ManualLeNet5Gradient.Accumulate(ref into.Conv2W, g[2]);
        ManualLeNet5Gradient.Accumulate(ref into.Conv2B, g[3]);
        ManualLeNet5Gradient.Accumulate(ref into.Fc1W, g[4]);
        ManualLeNet5Gradient.Accumulate(ref into.Fc1B, g[5]);
        ManualLeNet5Gradient.Accumulate(ref into.Fc2W, g[6]);
        ManualLeNet5Gradient.Accumulate(ref into.Fc2B, g[7]);
        ManualLeNet5Gradient.Accumulate(ref into.Fc3W, g[8]);
        ManualLeNet5Gradient.Accumulate(ref into.Fc3B, g[9]);
        return loss;
    }
}

public sealed partial class LeNet5HybridPool
{
    private static readonly DerivativePolicy StandInPolicy = StandInDifferentiableAttribute.PolicyOf(typeof(LeNet5HybridPool));

    /// <summary>∂loss/∂parameter, one field per [Parameter] (null until something is added).</summary>
    public sealed partial class Gradients : IDisposable
    {
        public Tensor? Conv1W, Conv1B, Conv2W, Conv2B, Fc1W, Fc1B, Fc2W, Fc2B, Fc3W, Fc3B;

        /// <summary>Returns every gradient's memory to the pool.</summary>
        public void Dispose()
        {
            foreach (Tensor? t in new[] { Conv1W, Conv1B, Conv2W, Conv2B, Fc1W, Fc1B, Fc2W, Fc2B, Fc3W, Fc3B })
            {
                t?.Dispose();
            }
        }
    }

    /// <summary>The [Parameter] tensors in declaration order.</summary>
    public Tensor[] Parameters => [Conv1W, Conv1B, Conv2W, Conv2B, Fc1W, Fc1B, Fc2W, Fc2B, Fc3W, Fc3B];

    /// <summary>Returns <see cref="Loss"/> (caller disposes) and adds ∂loss/∂parameter into <paramref name="into"/>.</summary>
    public Tensor LossGradient(Tensor x, int[] labels, Gradients into)
    {
        (Tensor loss, Tensor[] g) = ManualLeNet5Gradient.Compute(Parameters, x, labels, StandInPolicy);
        ManualLeNet5Gradient.Accumulate(ref into.Conv1W, g[0]);
        ManualLeNet5Gradient.Accumulate(ref into.Conv1B, g[1]);
        ManualLeNet5Gradient.Accumulate(ref into.Conv2W, g[2]);
        ManualLeNet5Gradient.Accumulate(ref into.Conv2B, g[3]);
        ManualLeNet5Gradient.Accumulate(ref into.Fc1W, g[4]);
        ManualLeNet5Gradient.Accumulate(ref into.Fc1B, g[5]);
        ManualLeNet5Gradient.Accumulate(ref into.Fc2W, g[6]);
        ManualLeNet5Gradient.Accumulate(ref into.Fc2B, g[7]);
        ManualLeNet5Gradient.Accumulate(ref into.Fc3W, g[8]);
        ManualLeNet5Gradient.Accumulate(ref into.Fc3B, g[9]);
        return loss;
    }
}

public sealed partial class LeNet5Relu1
{
    private static readonly DerivativePolicy StandInPolicy = StandInDifferentiableAttribute.PolicyOf(typeof(LeNet5Relu1));

    /// <summary>∂loss/∂parameter, one field per [Parameter] (null until something is added).</summary>
    public sealed partial class Gradients : IDisposable
    {
        public Tensor? Conv1W, Conv1B, Conv2W, Conv2B, Fc1W, Fc1B, Fc2W, Fc2B, Fc3W, Fc3B;

        /// <summary>Returns every gradient's memory to the pool.</summary>
        public void Dispose()
        {
            foreach (Tensor? t in new[] { Conv1W, Conv1B, Conv2W, Conv2B, Fc1W, Fc1B, Fc2W, Fc2B, Fc3W, Fc3B })
            {
                t?.Dispose();
            }
        }
    }

    /// <summary>The [Parameter] tensors in declaration order.</summary>
    public Tensor[] Parameters => [Conv1W, Conv1B, Conv2W, Conv2B, Fc1W, Fc1B, Fc2W, Fc2B, Fc3W, Fc3B];

    /// <summary>Returns <see cref="Loss"/> (caller disposes) and adds ∂loss/∂parameter into <paramref name="into"/>.</summary>
    public Tensor LossGradient(Tensor x, int[] labels, Gradients into)
    {
        (Tensor loss, Tensor[] g) = ManualLeNet5Gradient.Compute(Parameters, x, labels, StandInPolicy);
        ManualLeNet5Gradient.Accumulate(ref into.Conv1W, g[0]);
        ManualLeNet5Gradient.Accumulate(ref into.Conv1B, g[1]);
        ManualLeNet5Gradient.Accumulate(ref into.Conv2W, g[2]);
        ManualLeNet5Gradient.Accumulate(ref into.Conv2B, g[3]);
        ManualLeNet5Gradient.Accumulate(ref into.Fc1W, g[4]);
        ManualLeNet5Gradient.Accumulate(ref into.Fc1B, g[5]);
        ManualLeNet5Gradient.Accumulate(ref into.Fc2W, g[6]);
        ManualLeNet5Gradient.Accumulate(ref into.Fc2B, g[7]);
        ManualLeNet5Gradient.Accumulate(ref into.Fc3W, g[8]);
        ManualLeNet5Gradient.Accumulate(ref into.Fc3B, g[9]);
        return loss;
    }
}

public sealed partial class LeNet5MinimalPoolRelu1
{
    private static readonly DerivativePolicy StandInPolicy = StandInDifferentiableAttribute.PolicyOf(typeof(LeNet5MinimalPoolRelu1));

    /// <summary>∂loss/∂parameter, one field per [Parameter] (null until something is added).</summary>
    public sealed partial class Gradients : IDisposable
    {
        public Tensor? Conv1W, Conv1B, Conv2W, Conv2B, Fc1W, Fc1B, Fc2W, Fc2B, Fc3W, Fc3B;

        /// <summary>Returns every gradient's memory to the pool.</summary>
        public void Dispose()
        {
            foreach (Tensor? t in new[] { Conv1W, Conv1B, Conv2W, Conv2B, Fc1W, Fc1B, Fc2W, Fc2B, Fc3W, Fc3B })
            {
                t?.Dispose();
            }
        }
    }

    /// <summary>The [Parameter] tensors in declaration order.</summary>
    public Tensor[] Parameters => [Conv1W, Conv1B, Conv2W, Conv2B, Fc1W, Fc1B, Fc2W, Fc2B, Fc3W, Fc3B];

    /// <summary>Returns <see cref="Loss"/> (caller disposes) and adds ∂loss/∂parameter into <paramref name="into"/>.</summary>
    public Tensor LossGradient(Tensor x, int[] labels, Gradients into)
    {
        (Tensor loss, Tensor[] g) = ManualLeNet5Gradient.Compute(Parameters, x, labels, StandInPolicy);
        ManualLeNet5Gradient.Accumulate(ref into.Conv1W, g[0]);
        ManualLeNet5Gradient.Accumulate(ref into.Conv1B, g[1]);
        ManualLeNet5Gradient.Accumulate(ref into.Conv2W, g[2]);
        ManualLeNet5Gradient.Accumulate(ref into.Conv2B, g[3]);
        ManualLeNet5Gradient.Accumulate(ref into.Fc1W, g[4]);
        ManualLeNet5Gradient.Accumulate(ref into.Fc1B, g[5]);
        ManualLeNet5Gradient.Accumulate(ref into.Fc2W, g[6]);
        ManualLeNet5Gradient.Accumulate(ref into.Fc2B, g[7]);
        ManualLeNet5Gradient.Accumulate(ref into.Fc3W, g[8]);
        ManualLeNet5Gradient.Accumulate(ref into.Fc3B, g[9]);
        return loss;
    }
}

public sealed partial class LeNet5HybridPoolRelu1
{
    private static readonly DerivativePolicy StandInPolicy = StandInDifferentiableAttribute.PolicyOf(typeof(LeNet5HybridPoolRelu1));

    /// <summary>∂loss/∂parameter, one field per [Parameter] (null until something is added).</summary>
    public sealed partial class Gradients : IDisposable
    {
        public Tensor? Conv1W, Conv1B, Conv2W, Conv2B, Fc1W, Fc1B, Fc2W, Fc2B, Fc3W, Fc3B;

        /// <summary>Returns every gradient's memory to the pool.</summary>
        public void Dispose()
        {
            foreach (Tensor? t in new[] { Conv1W, Conv1B, Conv2W, Conv2B, Fc1W, Fc1B, Fc2W, Fc2B, Fc3W, Fc3B })
            {
                t?.Dispose();
            }
        }
    }

    /// <summary>The [Parameter] tensors in declaration order.</summary>
    public Tensor[] Parameters => [Conv1W, Conv1B, Conv2W, Conv2B, Fc1W, Fc1B, Fc2W, Fc2B, Fc3W, Fc3B];

    /// <summary>Returns <see cref="Loss"/> (caller disposes) and adds ∂loss/∂parameter into <paramref name="into"/>.</summary>
    public Tensor LossGradient(Tensor x, int[] labels, Gradients into)
    {
        (Tensor loss, Tensor[] g) = ManualLeNet5Gradient.Compute(Parameters, x, labels, StandInPolicy);
        ManualLeNet5Gradient.Accumulate(ref into.Conv1W, g[0]);
        ManualLeNet5Gradient.Accumulate(ref into.Conv1B, g[1]);
        ManualLeNet5Gradient.Accumulate(ref into.Conv2W, g[2]);
        ManualLeNet5Gradient.Accumulate(ref into.Conv2B, g[3]);
        ManualLeNet5Gradient.Accumulate(ref into.Fc1W, g[4]);
        ManualLeNet5Gradient.Accumulate(ref into.Fc1B, g[5]);
        ManualLeNet5Gradient.Accumulate(ref into.Fc2W, g[6]);
        ManualLeNet5Gradient.Accumulate(ref into.Fc2B, g[7]);
        ManualLeNet5Gradient.Accumulate(ref into.Fc3W, g[8]);
        ManualLeNet5Gradient.Accumulate(ref into.Fc3B, g[9]);
        return loss;
    }
}
#endif
