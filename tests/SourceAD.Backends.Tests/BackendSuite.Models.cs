using MnistLeNet;
using SourceAD.Tensors;

namespace SourceAD.Backends.Tests;

// Generated model gradients: a [Differentiable] LeNet-5 (samples/MnistLeNet/LeNet5.cs, linked) whose parameters and MNIST batch are
// moved to the device gives the CPU backend's loss and parameter gradients under every nonsmooth policy, its
// generated forward mode agrees too, and a short training run on the device follows the CPU's.
public abstract partial class BackendSuite
{
    /// <summary>The nonsmooth policies the model is differentiated under, by name.</summary>
    public static readonly IReadOnlyDictionary<string, DerivativePolicy> ModelPolicies = new Dictionary<string, DerivativePolicy>
    {
        ["PyTorch"] = DerivativePolicy.PyTorch,
        ["Jax"] = DerivativePolicy.Jax,
        ["Minimal pooling"] = DerivativePolicy.PyTorch with { Pooling = TieChoice.Minimal },
        ["Hybrid(0.5) pooling, relu'(0) = 0.5"] = DerivativePolicy.PyTorch with { Pooling = TieChoice.Hybrid(0.5), ReluAtZero = 0.5 },
        ["Hybrid(0.3) pooling, relu'(0) = 1"] = DerivativePolicy.PyTorch with { Pooling = TieChoice.Hybrid(0.3), ReluAtZero = 1 },
        ["Native everywhere"] = new(0, 0, TieChoice.Native, TieChoice.Native, TieChoice.Native),
    };

    public static IEnumerable<object[]> ModelPolicyData() =>
        ModelPolicies.Keys.Select(p => new object[] { p, DType.Float32 }).Append(["PyTorch", DType.Float64]).Append(["Minimal pooling", DType.Float64]);

    /// <summary>LeNet-5's loss and all ten parameter gradients on the device equal the CPU backend's (1e-5 relative in float32).</summary>
    [Theory]
    [MemberData(nameof(ModelPolicyData))]
    public void LeNet5GradientsMatchCpu(string policyName, DType dtype)
    {
        DerivativePolicy policy = ModelPolicies[policyName];
        Tensor[] p = LeNet5Parameters.Create(11, dtype);
        Tensor?[] pd = ToDevice(p);
        (Tensor x, int[] labels) = MnistSubset.Batch(0, 32, dtype);
        using Tensor xd = ToDevice(x);
        Tensor[] g = [], gd = [];
        try
        {
            (double loss, g) = OnReference(() => new LeNet5(p).LossAndGradients(x, labels, policy));
            (double lossD, gd) = OnDevice(() => new LeNet5(pd!).LossAndGradients(xd, labels, policy));
            double rtol = Agreement.RelativeTolerance(dtype);
            Assert.True(Bitwise ? loss == lossD : Math.Abs(loss - lossD) <= rtol * Math.Abs(loss),
                $"LeNet-5 loss under {policyName} ({dtype}): CPU {loss:R}, device {lossD:R}.");
            for (int i = 0; i < g.Length; i++)
            {
                AssertAgrees(g[i], gd[i], $"LeNet-5 gradient of {LeNet5Parameters.Names[i]} under {policyName} ({dtype})");
            }
        }
        finally
        {
            DisposeAll(p, pd, g, gd, [x]);
        }
    }

    /// <summary>
    /// The policies really differ on this batch: some parameter gradient under PyTorch's choices differs from the one
    /// under Hybrid(0.5) pooling with relu'(0) = 0.5 on the device (so the test above can tell policies apart). Only the
    /// biases can tell: a tied background window's adjoint reaches the conv weights multiplied by an all-zero patch.
    /// </summary>
    [Fact]
    public void LeNet5PoliciesDifferOnMnist()
    {
        Tensor[] p = LeNet5Parameters.Create(11, DType.Float32);
        Tensor?[] pd = ToDevice(p);
        (Tensor x, int[] labels) = MnistSubset.Batch(0, 32, DType.Float32);
        using Tensor xd = ToDevice(x);
        (double _, Tensor[] a) = OnDevice(() => new LeNet5(pd!).LossAndGradients(xd, labels, DerivativePolicy.PyTorch));
        (double _, Tensor[] b) = OnDevice(() => new LeNet5(pd!).LossAndGradients(xd, labels, ModelPolicies["Hybrid(0.5) pooling, relu'(0) = 0.5"]));
        try
        {
            Assert.Contains(Enumerable.Range(0, a.Length), i => !a[i].ToDoubleArray().SequenceEqual(b[i].ToDoubleArray()));
        }
        finally
        {
            DisposeAll(p, pd, a, b, [x]);
        }
    }

    /// <summary>Under the strict policy the model throws at MNIST's ties, on the device as on the CPU.</summary>
    [Fact]
    public void LeNet5StrictPolicyThrowsOnMnist()
    {
        Tensor[] p = LeNet5Parameters.Create(11, DType.Float32);
        Tensor?[] pd = ToDevice(p);
        (Tensor x, int[] labels) = MnistSubset.Batch(0, 8, DType.Float32);
        using Tensor xd = ToDevice(x);
        try
        {
            Assert.Throws<NonsmoothPointException>(() => OnReference(() => new LeNet5(p).LossAndGradients(x, labels, DerivativePolicy.StrictPolicy)));
            Assert.Throws<NonsmoothPointException>(() => OnDevice(() => new LeNet5(pd!).LossAndGradients(xd, labels, DerivativePolicy.StrictPolicy)));
        }
        finally
        {
            DisposeAll(p, pd, [x]);
        }
    }

    /// <summary>The generated forward mode (LossPushforward) along a random parameter direction agrees with the CPU backend.</summary>
    [Theory]
    [InlineData("PyTorch")]
    [InlineData("Minimal pooling")]
    [InlineData("Hybrid(0.3) pooling, relu'(0) = 1")]
    public void LeNet5PushforwardMatchesCpu(string policyName)
    {
        DerivativePolicy policy = ModelPolicies[policyName];
        Tensor[] p = LeNet5Parameters.Create(12, DType.Float32);
        Tensor?[] pd = ToDevice(p);
        var rng = new SeededRandom(13);
        Tensor[] v = p.Select(t => TensorInit.Uniform(t.Shape, -1, 1, rng)).ToArray();
        Tensor?[] vd = ToDevice(v);
        (Tensor x, int[] labels) = MnistSubset.Batch(100, 16, DType.Float32);
        using Tensor xd = ToDevice(x);
        try
        {
            (Tensor value, Tensor tangent) = OnReference(() => new LeNet5(p).LossPushforward(x, labels, Direction(v), policy));
            (Tensor valueD, Tensor tangentD) = OnDevice(() => new LeNet5(pd!).LossPushforward(xd, labels, Direction(vd!), policy));
            using (value)
            using (tangent)
            using (valueD)
            using (tangentD)
            {
                AssertAgrees(value, valueD, $"LeNet-5 pushforward value under {policyName}");
                AssertAgrees(tangent, tangentD, $"LeNet-5 pushforward tangent under {policyName}");
            }
        }
        finally
        {
            DisposeAll(p, pd, v, vd, [x]);
        }

        static LeNet5.Gradients Direction(IReadOnlyList<Tensor> d) => new()
        {
            Conv1W = d[0], Conv1B = d[1], Conv2W = d[2], Conv2B = d[3], Fc1W = d[4],
            Fc1B = d[5], Fc2W = d[6], Fc2B = d[7], Fc3W = d[8], Fc3B = d[9],
        };
    }
}
