using SourceAD.Tensors;
using TinyResNet;

namespace SourceAD.Backends.Tests;

// Generated CNN gradients: the TinyResNet sample's ResNet-18 (samples/TinyResNet/ResNet18.cs, linked) with its weights
// and running statistics moved to the device gives the CPU backend's loss, all 62 parameter gradients and the 20
// running means and variances after the step. The CPU's are checked against TorchSharp autograd in
// tests/SourceAD.TorchSharp.Tests/Tensors/GeneratedResNetTests.cs, and against finite differences and the dot-product
// test in tests/SourceAD.Tests/Tensors/Programs/ResNet18Programs.cs.
public abstract partial class BackendSuite
{
    /// <summary>Width 4 (stages of 4, 8, 16, 32 channels), 3 input channels, 5 classes (tiny: the suite runs on every backend).</summary>
    private static readonly ResNetConfig TinyResNetConfig = new(Width: 4, InChannels: 3, Classes: 5);

    /// <summary>ResNet-18's loss, every parameter gradient and the updated running statistics on the device equal the
    /// CPU backend's (training mode; float32 gradients within 1e-5 in the max norm, everything else by the suite's element rule).</summary>
    [Theory]
    [InlineData(DType.Float32)]
    [InlineData(DType.Float64)]
    public void ResNetGradientsAndRunningStatisticsMatchCpu(DType dtype)
    {
        const int batch = 4, size = 16;
        var rng = new SeededRandom(83);
        // torchvision's init with the batch-norm weights and biases moved off 1 and 0, so their rules count.
        Tensor[] p = TinyResNetConfig.CreateParameters(89, dtype);
        for (int i = 0; i < p.Length; i++)
        {
            string name = ResNetConfig.ParameterNames[i];
            if (name.Contains("Bn", StringComparison.Ordinal))
            {
                p[i].Dispose();
                p[i] = name.EndsWith('G') ? TensorInit.Uniform(p[i].ShapeArray, 0.5, 1.5, rng, dtype) : TensorInit.Uniform(p[i].ShapeArray, -0.5, 0.5, rng, dtype);
            }
        }
        (Tensor[] means, Tensor[] vars) = TinyResNetConfig.CreateRunningStatistics(dtype);
        Tensor?[] pd = ToDevice(p), meansD = ToDevice(means), varsD = ToDevice(vars);
        Tensor x = TensorInit.Uniform([batch, TinyResNetConfig.InChannels, size, size], -1, 1, rng, dtype);
        Tensor xd = ToDevice(x);
        int[] labels = Enumerable.Range(0, batch).Select(_ => rng.NextInt(TinyResNetConfig.Classes)).ToArray();
        Tensor?[] g = [], gd = [];
        try
        {
            (double loss, g) = OnReference(() => LossAndGradients(new ResNet18(TinyResNetConfig, p, means, vars), x));
            (double lossD, gd) = OnDevice(() => LossAndGradients(new ResNet18(TinyResNetConfig, pd!, meansD!, varsD!), xd));
            double rtol = Agreement.RelativeTolerance(dtype);
            Assert.True(Bitwise ? loss == lossD : Math.Abs(loss - lossD) <= rtol * Math.Abs(loss), $"ResNet loss ({dtype}): CPU {loss:R}, device {lossD:R}.");
            // float32 gradients in the max norm (‖d − c‖∞ ≤ 1e-5·‖c‖∞, the norm): the stem's gradient carries the
            // rounding of all 20 batch-norm layers above it, and single small elements of it land 1.3–1.6× beyond the
            // element rule's floor of a tenth of the largest (ILGPU and libtorch alike; 1.6e-6 in the max norm).
            // float64 keeps the element rule.
            double floor = dtype == DType.Float32 ? 1 : Agreement.FloorFraction;
            for (int i = 0; i < g.Length; i++)
            {
                Assert.NotNull(g[i]);
                AssertAgrees(g[i]!, gd[i]!, $"ResNet gradient of {ResNetConfig.ParameterNames[i]} ({dtype})", floor);
            }
            for (int l = 0; l < ResNetConfig.BatchNormCount; l++)
            {
                AssertAgrees(means[l], meansD[l]!, $"ResNet running mean {l} ({dtype})");
                AssertAgrees(vars[l], varsD[l]!, $"ResNet running var {l} ({dtype})");
            }
        }
        finally
        {
            DisposeAll(p, pd, means, meansD, vars, varsD, g, gd, [x, xd]);
        }

        (double, Tensor?[]) LossAndGradients(ResNet18 model, Tensor images)
        {
            var into = new ResNet18.Gradients();
            using Tensor value = model.LossGradient(images, labels, into);
            return (value.Item(), into.All);
        }
    }
}
