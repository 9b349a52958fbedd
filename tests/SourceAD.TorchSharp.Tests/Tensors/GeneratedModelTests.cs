using SourceAD.Tensors;
using SourceAD.Tensors.Data;
using Xunit.Abstractions;
using Tensor = SourceAD.Tensors.Tensor;

namespace SourceAD.TorchSharp.Tests.Tensors;

/// <summary>
/// Generated tensor derivatives: LeNet-5 written as plain [Differentiable] C# gets the same gradients, bit for bit, as the
/// hand-chained backward rules, matches TorchSharp autograd, and its forward mode agrees with its reverse mode.
/// </summary>
public class GeneratedModelTests(ITestOutputHelper output)
{
    private static (Tensor X, int[] Labels) Batch(int n, ulong seed)
    {
        var rng = new SeededRandom(seed);
        Tensor x = TensorInit.Uniform([n, 1, 28, 28], 0, 1, rng);
        return (x, Enumerable.Range(0, n).Select(_ => rng.NextInt(10)).ToArray());
    }

    [Fact]
    public void GeneratedGradientEqualsHandChainedRulesBitwiseAndMatchesTorch()
    {
        using var reference = new LeNet5(seed: 7);
        var model = new GeneratedLeNet5(reference.Parameters);
        (Tensor x, int[] labels) = Batch(16, seed: 11);
        using (x)
        using (var grads = new GeneratedLeNet5.Gradients())
        {
            using Tensor loss = model.LossGradient(x, labels, grads);
            (double refLoss, Tensor[] refGrads) = reference.LossAndGradients(x, labels, DerivativePolicy.PyTorch);
            (double torchLoss, var torchGrads) = reference.TorchLossAndGradients(x, labels);
            Assert.Equal(refLoss, loss.Item());
            Tensor?[] all = grads.All;
            Assert.Equal(10, all.Length);
            for (int i = 0; i < all.Length; i++)
            {
                Assert.NotNull(all[i]);
                Assert.Equal(refGrads[i].ToDoubleArray(), all[i]!.ToDoubleArray());
                double err = TorchInterop.RelativeError(all[i]!, torchGrads[i]);
                output.WriteLine($"{LeNet5.ParameterNames[i]}: relative error vs torch {err:E2}");
                TorchInterop.AssertClose(all[i]!, torchGrads[i], 1e-5, LeNet5.ParameterNames[i]);
                refGrads[i].Dispose();
            }
            Assert.True(Math.Abs(loss.Item() - torchLoss) <= 1e-5 * Math.Abs(torchLoss));
            Assert.Equal(model.Parameters, reference.Parameters);
        }
    }

    [Fact]
    public void GradientsAccumulateAcrossCalls()
    {
        using var reference = new LeNet5(seed: 3);
        var model = new GeneratedLeNet5(reference.Parameters);
        (Tensor x, int[] labels) = Batch(4, seed: 5);
        using (x)
        using (var once = new GeneratedLeNet5.Gradients())
        using (var twice = new GeneratedLeNet5.Gradients())
        {
            model.LossGradient(x, labels, once).Dispose();
            model.LossGradient(x, labels, twice).Dispose();
            model.LossGradient(x, labels, twice).Dispose();
            for (int i = 0; i < 10; i++)
            {
                double[] a = once.All[i]!.ToDoubleArray(), b = twice.All[i]!.ToDoubleArray();
                for (int j = 0; j < a.Length; j++) Assert.Equal(2 * a[j], b[j], 1e-6 * (1 + Math.Abs(a[j])));
            }
        }
    }

    [Fact]
    public void PushforwardAgreesWithGradient()
    {
        using var reference = new LeNet5(seed: 9, DType.Float64);
        var model = new GeneratedLeNet5(reference.Parameters);
        (Tensor x32, int[] labels) = Batch(8, seed: 13);
        using Tensor x = x32.To(DType.Float64);
        x32.Dispose();
        var rng = new SeededRandom(21);
        using var direction = new GeneratedLeNet5.Gradients();
        var directions = model.Parameters.Select(p => TensorInit.Uniform(p.ShapeArray, -1, 1, rng, DType.Float64)).ToArray();
        (direction.Conv1W, direction.Conv1B, direction.Conv2W, direction.Conv2B, direction.Fc1W, direction.Fc1B, direction.Fc2W, direction.Fc2B, direction.Fc3W, direction.Fc3B) =
            (directions[0], directions[1], directions[2], directions[3], directions[4], directions[5], directions[6], directions[7], directions[8], directions[9]);
        using var grads = new GeneratedLeNet5.Gradients();
        using Tensor loss = model.LossGradient(x, labels, grads);
        (Tensor value, Tensor tangent) = model.LossPushforward(x, labels, direction);
        using (value)
        using (tangent)
        {
            Assert.Equal(loss.Item(), value.Item());
            double expected = 0;
            for (int i = 0; i < 10; i++) expected += grads.All[i]!.ToDoubleArray().Zip(directions[i].ToDoubleArray(), (g, d) => g * d).Sum();
            output.WriteLine($"⟨∇L, u⟩ = {expected:R}, JVP = {tangent.Item():R}");
            Assert.Equal(expected, tangent.Item(), 1e-10 * (1 + Math.Abs(expected)));
        }
    }

    [Fact]
    public void MinimalPoolingPolicyIsBakedIntoTheGeneratedModel()
    {
        // On real digits many pooling windows tie (zeros): Native and Minimal give different gradients; Minimal equals the
        // hand-chained rules under a Minimal pooling policy.
        using var reference = new LeNet5(seed: 7);
        var native = new GeneratedLeNet5(reference.Parameters);
        var minimal = new GeneratedLeNet5Minimal(reference.Parameters);
        var data = MnistIdx.LoadSplit(Path.Combine(SourceAD.Tests.Tensors.RepoPaths.Root, "samples", "MnistLeNet", "Data"), train: false);
        (Tensor x, int[] labels) = data.Batch(Enumerable.Range(0, 16).ToArray());
        using Tensor batch = x;
        using var gn = new GeneratedLeNet5.Gradients();
        using var gm = new GeneratedLeNet5Minimal.Gradients();
        native.LossGradient(x, labels, gn).Dispose();
        minimal.LossGradient(x, labels, gm).Dispose();
        var policy = DerivativePolicy.PyTorch with { Pooling = TieChoice.Minimal };
        (_, Tensor[] refGrads) = reference.LossAndGradients(x, labels, policy);
        Assert.Equal(refGrads[0].ToDoubleArray(), gm.Conv1W!.ToDoubleArray());
        Assert.NotEqual(gn.Conv1W!.ToDoubleArray(), gm.Conv1W!.ToDoubleArray());
        foreach (Tensor t in refGrads) t.Dispose();
    }

    [Fact]
    public void RuntimePolicyOverloadEqualsTheCompiledPolicy()
    {
        // One model class serves every nonsmooth choice: LossGradient(…, policy) with the Minimal pooling policy gives
        // the same bits as the class compiled with [Differentiable(PoolingTies = TieRule.Minimal)].
        using var reference = new LeNet5(seed: 7);
        var native = new GeneratedLeNet5(reference.Parameters);
        var minimal = new GeneratedLeNet5Minimal(reference.Parameters);
        var data = MnistIdx.LoadSplit(Path.Combine(SourceAD.Tests.Tensors.RepoPaths.Root, "samples", "MnistLeNet", "Data"), train: false);
        (Tensor x, int[] labels) = data.Batch(Enumerable.Range(0, 16).ToArray());
        using Tensor batch = x;
        using var compiled = new GeneratedLeNet5Minimal.Gradients();
        using var runtime = new GeneratedLeNet5.Gradients();
        minimal.LossGradient(x, labels, compiled).Dispose();
        native.LossGradient(x, labels, runtime, DerivativePolicy.PyTorch with { Pooling = TieChoice.Minimal }).Dispose();
        for (int i = 0; i < 10; i++) Assert.Equal(compiled.All[i]!.ToDoubleArray(), runtime.All[i]!.ToDoubleArray());
    }
}
