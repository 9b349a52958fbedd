using SourceAD.Tensors;
using SourceAD.Tensors.Backends;
using SourceAD.TorchSharp.Tests.Tensors;

namespace SourceAD.TorchSharp.Tests.Backends;

/// <summary>
/// The same LeNet-5 code runs on a second backend just by placing its tensors on another device: ops dispatch on the
/// device, so the backend interface carries a whole training step.
/// </summary>
public class TorchBackendTests
{
    static TorchBackendTests() => TensorBackends.Register(new TorchBackend());

    private static Tensor To(Tensor t, Device device)
    {
        Tensor copy = Tensor.Empty(t.Shape, t.DType, device);
        copy.CopyFrom<double>(t.ToDoubleArray());
        return copy;
    }

    [Fact]
    public void LeNet5GivesTheSameLossAndGradientsOnTheTorchDevice()
    {
        using var cpu = new LeNet5(seed: 17);
        using var onTorch = new LeNet5(cpu.Parameters.Select(p => To(p, TorchBackend.TorchCpu)).ToList());
        var rng = new SeededRandom(4);
        using Tensor x = TensorInit.Uniform([8, 1, 28, 28], 0, 1, rng);
        using Tensor xt = To(x, TorchBackend.TorchCpu);
        int[] labels = [3, 1, 4, 1, 5, 9, 2, 6];

        (double loss, Tensor[] grads) = cpu.LossAndGradients(x, labels, DerivativePolicy.PyTorch);
        (double torchLoss, Tensor[] torchGrads) = onTorch.LossAndGradients(xt, labels, DerivativePolicy.PyTorch);
        Assert.Equal(loss, torchLoss, 5);
        for (int i = 0; i < grads.Length; i++)
        {
            Assert.Equal(TorchBackend.TorchCpu, torchGrads[i].Device);
            double error = TorchInterop.RelativeError(grads[i].ToDoubleArray(), torchGrads[i].ToDoubleArray());
            Assert.True(error <= 1e-5, $"{LeNet5.ParameterNames[i]}: relative error {error:E3}");
            grads[i].Dispose();
            torchGrads[i].Dispose();
        }
    }

    [Fact]
    public void AnUnsupportedTieRuleSaysSoInsteadOfGuessing()
    {
        using Tensor x = To(Tensor.FromArray(new float[] { 1, 1, 0, 0 }, 1, 1, 2, 2), TorchBackend.TorchCpu);
        using Tensor dy = To(Tensor.FromArray(new float[] { 1 }, 1, 1, 1, 1), TorchBackend.TorchCpu);
        var minimal = DerivativePolicy.PyTorch with { Pooling = TieChoice.Minimal };
        Assert.Throws<NotSupportedException>(() => Ops.MaxPool2dBackward(x, dy, minimal, 2));
        using Tensor native = Ops.MaxPool2dBackward(x, dy, DerivativePolicy.PyTorch, 2);
        Assert.Equal(new double[] { 1, 0, 0, 0 }, native.ToDoubleArray());
    }
}
