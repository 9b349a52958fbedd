using TorchSharp;
using static TorchSharp.torch;

namespace SourceAD.TorchSharp.Tests;

/// <summary>libtorch loads on this machine and its autograd works: the base every comparison test stands on.</summary>
public class TorchSmokeTests
{
    [Fact]
    public void LibTorchLoadsAndAddsOnTheCpu()
    {
        using var a = tensor(new float[] { 1, 2, 3 });
        using var b = tensor(new float[] { 10, 20, 30 });
        using var c = a + b;
        Assert.Equal(new float[] { 11, 22, 33 }, c.data<float>().ToArray());
        Assert.Equal(DeviceType.CPU, c.device_type);
    }

    [Fact]
    public void AutogradGivesTheGradientOfSumOfSquares()
    {
        using var x = tensor(new double[] { -1.5, 0, 2, 3.25 }, requires_grad: true);
        using var y = (x * x).sum();
        y.backward();
        // d/dx Σ x² = 2x
        Assert.Equal(new[] { -3.0, 0, 4, 6.5 }, x.grad!.data<double>().ToArray());
    }

    [Fact]
    public void AnSgdStepFollowsTheGradient()
    {
        var w = new global::TorchSharp.Modules.Parameter(tensor(new float[] { 3f }));
        using var opt = optim.SGD(new[] { w }, learningRate: 0.1);
        using (var loss = (w * w).sum())
        {
            loss.backward();
        }
        opt.step();
        // w − lr·2w = 3 − 0.1·6
        Assert.Equal(2.4f, w.item<float>(), 6);
    }
}
