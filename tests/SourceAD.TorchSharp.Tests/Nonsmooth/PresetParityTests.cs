using SourceAD;
using TorchSharp;
using static TorchSharp.torch;

namespace SourceAD.TorchSharp.Tests.Nonsmooth;

/// <summary>Scalar programs differentiated by SourceAD under the default (PyTorch) preset.</summary>
public static partial class PyTorchPresetPrograms
{
    [Differentiable(Preset = NonsmoothPreset.PyTorch)]
    public static double Relu(double x) => SourceAD.Nonsmooth.Relu(x);

    [Differentiable(Preset = NonsmoothPreset.PyTorch)]
    public static double Abs(double x) => Math.Abs(x);

    [Differentiable(Preset = NonsmoothPreset.PyTorch)]
    public static double Maximum(double a, double b) => Math.Max(a, b);

    [Differentiable(Preset = NonsmoothPreset.PyTorch)]
    public static double Minimum(double a, double b) => Math.Min(a, b);

    [Differentiable(Preset = NonsmoothPreset.PyTorch)]
    public static double MaxReduction(double[] v) => SourceAD.Nonsmooth.Max<double>(v);

    [Differentiable(Preset = NonsmoothPreset.PyTorch)]
    public static double MinReduction(double[] v) => SourceAD.Nonsmooth.Min<double>(v);
}

/// <summary>
/// The PyTorch preset equals libtorch's autograd at ties and kinks: relu'(0) = 0, abs'(0) = 0, torch.maximum/minimum
/// split a tie 0.5/0.5, a full max/min reduction splits evenly over the tied entries. (max_pool2d's first-index rule is
/// checked with the tensor ops.)
/// </summary>
public class PresetParityTests
{
    private static double[] TorchGrad(double[] values, Func<Tensor, Tensor> f)
    {
        using var scope = NewDisposeScope();
        var x = tensor(values, requires_grad: true);
        f(x).backward();
        return x.grad!.data<double>().ToArray();
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(-1.0)]
    [InlineData(2.0)]
    public void ReluAndAbs(double x)
    {
        Assert.Equal(TorchGrad(new[] { x }, t => nn.functional.relu(t).sum())[0], PyTorchPresetPrograms.ReluGradient(x).DX);
        Assert.Equal(TorchGrad(new[] { x }, t => t.abs().sum())[0], PyTorchPresetPrograms.AbsGradient(x).DX);
    }

    [Theory]
    [InlineData(1.5, 1.5)]
    [InlineData(1.5, -2.0)]
    [InlineData(-3.0, 0.25)]
    public void BinaryMaximumAndMinimum(double a, double b)
    {
        double[] torchMax = TorchGrad(new[] { a, b }, t => maximum(t[0], t[1]));
        var (_, da, db) = PyTorchPresetPrograms.MaximumGradient(a, b);
        Assert.Equal(torchMax, new[] { da, db });
        double[] torchMin = TorchGrad(new[] { a, b }, t => minimum(t[0], t[1]));
        var (_, ea, eb) = PyTorchPresetPrograms.MinimumGradient(a, b);
        Assert.Equal(torchMin, new[] { ea, eb });
    }

    [Theory]
    [InlineData(new[] { 1.0, 3.0, 2.0, 3.0, 3.0 })]
    [InlineData(new[] { 4.0, 4.0 })]
    [InlineData(new[] { -1.0, 5.0, 2.0 })]
    public void FullReductionsSplitEvenly(double[] v)
    {
        Assert.Equal(TorchGrad(v, t => t.max()), PyTorchPresetPrograms.MaxReductionGradient(v).DV);
        Assert.Equal(TorchGrad(v, t => t.min()), PyTorchPresetPrograms.MinReductionGradient(v).DV);
    }
}
