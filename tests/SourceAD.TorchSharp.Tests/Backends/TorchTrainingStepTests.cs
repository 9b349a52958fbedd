using SourceAD.Tensors;
using SourceAD.Tensors.Data;
using SourceAD.TorchSharp.Tests.Tensors;
using TorchSharp;
using Tensor = SourceAD.Tensors.Tensor;

namespace SourceAD.TorchSharp.Tests.Backends;

/// <summary>
/// Whole training steps on MNIST digits, whose blank borders make ReLU outputs of exactly 0 and max-pool windows full of
/// exact ties: the tie rules decide the gradient there, and no libtorch tensor may outlive the step.
/// </summary>
public class TorchTrainingStepTests
{
    private static readonly Device Torch = Device.Torch();

    private static (Tensor X, int[] Labels) Digits(int count)
    {
        var data = MnistIdx.LoadSplit(Path.Combine(SourceAD.Tests.Tensors.RepoPaths.Root, "samples", "MnistLeNet", "Data"), train: false);
        return data.Batch(Enumerable.Range(0, count).ToArray());
    }

    public static TheoryData<string> Policies => ["pytorch", "minimal", "hybrid", "relu0=1"];

    private static DerivativePolicy Policy(string name) => name switch
    {
        "minimal" => DerivativePolicy.PyTorch with { Pooling = TieChoice.Minimal },
        "hybrid" => DerivativePolicy.PyTorch with { Pooling = TieChoice.Hybrid(0.5) },
        "relu0=1" => DerivativePolicy.PyTorch with { ReluAtZero = 1 },
        _ => DerivativePolicy.PyTorch,
    };

    [Theory]
    [MemberData(nameof(Policies))]
    public void LeNet5GradientOnDigitsMatchesTheCpuBackend(string policyName)
    {
        DerivativePolicy policy = Policy(policyName);
        using var reference = new LeNet5(seed: 7);
        var cpuModel = new GeneratedLeNet5(reference.Parameters);
        List<Tensor> torchParameters = reference.Parameters.Select(p => p.To(Torch)).ToList();
        var torchModel = new GeneratedLeNet5(torchParameters);
        (Tensor x, int[] labels) = Digits(32);
        using Tensor batch = x, xt = x.To(Torch);
        using var cpuGrads = new GeneratedLeNet5.Gradients();
        using var torchGrads = new GeneratedLeNet5.Gradients();
        using Tensor loss = cpuModel.LossGradient(x, labels, cpuGrads, policy);
        using Tensor torchLoss = torchModel.LossGradient(xt, labels, torchGrads, policy);
        Assert.Equal(loss.Item(), torchLoss.Item(), 5);
        for (int i = 0; i < 10; i++)
        {
            Assert.Equal(Torch, torchGrads.All[i]!.Device);
            double error = TorchInterop.RelativeError(torchGrads.All[i]!.ToDoubleArray(), cpuGrads.All[i]!.ToDoubleArray());
            Assert.True(error <= 1e-4, $"{policyName} {LeNet5.ParameterNames[i]}: relative error {error:E3}");
        }
        foreach (Tensor p in torchParameters)
        {
            p.Dispose();
        }
    }

    [Fact]
    public void TheTieRuleChangesTheGradientOnDigits()
    {
        // Guards the test above: on these inputs Native and Minimal pooling really give different gradients.
        using var reference = new LeNet5(seed: 7);
        List<Tensor> torchParameters = reference.Parameters.Select(p => p.To(Torch)).ToList();
        var model = new GeneratedLeNet5(torchParameters);
        (Tensor x, int[] labels) = Digits(32);
        using Tensor batch = x, xt = x.To(Torch);
        using var native = new GeneratedLeNet5.Gradients();
        using var minimal = new GeneratedLeNet5.Gradients();
        model.LossGradient(xt, labels, native, Policy("pytorch")).Dispose();
        model.LossGradient(xt, labels, minimal, Policy("minimal")).Dispose();
        Assert.NotEqual(native.Conv1W!.ToDoubleArray(), minimal.Conv1W!.ToDoubleArray());
        foreach (Tensor p in torchParameters)
        {
            p.Dispose();
        }
    }

    [Fact]
    public void ATrainingStepLeavesNoLibtorchTensorBehind()
    {
        using var reference = new LeNet5(seed: 3);
        List<Tensor> parameters = reference.Parameters.Select(p => p.To(Torch)).ToList();
        var model = new GeneratedLeNet5(parameters);
        (Tensor x, int[] labels) = Digits(16);
        using Tensor batch = x, xt = x.To(Torch);
        DerivativePolicy[] policies = [Policy("pytorch"), Policy("minimal")];

        void Step(DerivativePolicy policy)
        {
            using var grads = new GeneratedLeNet5.Gradients();
            model.LossGradient(xt, labels, grads, policy).Dispose();
        }

        // The first step creates the parameters' and input's cached views; later steps must return to the same count.
        foreach (DerivativePolicy policy in policies)
        {
            Step(policy);
        }
        long before = DisposeScopeManager.Statistics.ThreadTotalLiveCount;
        foreach (DerivativePolicy policy in policies)
        {
            Step(policy);
        }
        Assert.Equal(before, DisposeScopeManager.Statistics.ThreadTotalLiveCount);

        // And disposing every SourceAD tensor releases every libtorch handle it held.
        foreach (Tensor p in parameters)
        {
            p.Dispose();
        }
        Assert.True(DisposeScopeManager.Statistics.ThreadTotalLiveCount < before);
    }

    [Fact]
    public void OneStepAllocatesTheLibtorchHandlesItNeedsAndFreesThemAll()
    {
        // Guards the leak test: a step does create (and then free) libtorch tensors on this thread.
        using Tensor a = Tensor.FromArray(new float[] { 1, 2 }, 2).To(Torch);
        Ops.Relu(a).Dispose(); // creates a's cached view, which lives as long as a
        long created = DisposeScopeManager.Statistics.CreatedInScopeCount;
        long live = DisposeScopeManager.Statistics.ThreadTotalLiveCount;
        using (Tensor b = Ops.Relu(a))
        {
            Assert.True(DisposeScopeManager.Statistics.CreatedInScopeCount > created);
        }
        Assert.Equal(live, DisposeScopeManager.Statistics.ThreadTotalLiveCount);
    }
}
