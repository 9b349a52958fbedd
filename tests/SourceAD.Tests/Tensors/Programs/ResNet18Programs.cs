using SourceAD.Tensors;
using TinyResNet;
using Xunit;
using Tensor = SourceAD.Tensors.Tensor;

namespace SourceAD.Tests.Tensors.Programs;

/// <summary>
/// The TinyResNet sample's ResNet-18 (every BasicBlock kind, strided 1×1 shortcuts, 20 batch norms, global average
/// pooling) as <see cref="TensorProgram"/>s of <see cref="TensorProgramTests"/>: finite differences and the dot-product
/// test over the image and all 62 parameters in float64, and the user's method as the value oracle (the pullback's
/// value must equal it bit for bit). Width 2 on 8×8 images keeps it small: the last stage is 1×1, so its batch norms
/// normalize over the batch alone.
/// </summary>
public static class ResNet18Programs
{
    /// <summary>
    /// Moving all 62 parameters and the image at once, ε = 1e-5 crosses ReLU kinks of this tiny network (1×1 maps in the
    /// last stage, batch norms over 4 values): at 1e-5 the differences of single conv weights were off by up to 70 %
    /// while 1e-6 and the generated gradient agreed to 8 digits for every parameter (measured one by one at
    /// ε = 1e-3 … 1e-6). float64 rounding at 1e-6 is ~1e-10 relative here, far inside the 1e-6 tolerance.
    /// </summary>
    private const double Step = 1e-6;

    internal static readonly ResNetConfig Tiny = new(Width: 2, InChannels: 3, Classes: 3);
    private static readonly int[] Image = [4, 3, 8, 8];
    private static readonly int[] Labels = [2, 0, 1, 2];

    public static IEnumerable<TensorProgram> All()
    {
        foreach (bool training in new[] { true, false })
        {
            string mode = training ? "train" : "eval";
            yield return new($"ResNet18.Logits({mode})", r => [TensorProgramTests.Rand(Image, r)], Parameters,
                (i, p) => Model(p, training).Logits(i[0]),
                (i, p, s) =>
                {
                    using var g = new ResNet18.Gradients();
                    Tensor v = Model(p, training).LogitsPullback(i[0], s, g, out Tensor dx, DerivativePolicy.PyTorch);
                    return (v, [dx], g.All.Select(t => t?.Clone()).ToArray());
                },
                (i, p, ti, tp) => Model(p, training).LogitsPushforward(i[0], Direction(tp), ti[0])) { FiniteDifferenceStep = Step };
        }
        yield return new("ResNet18.Loss(train)", r => [TensorProgramTests.Rand(Image, r)], Parameters,
            (i, p) => Model(p, training: true).Loss(i[0], Labels),
            (i, p, s) =>
            {
                using var g = new ResNet18.Gradients();
                Tensor v = Model(p, training: true).LossPullback(i[0], Labels, s, g, out Tensor dx, DerivativePolicy.PyTorch);
                return (v, [dx], g.All.Select(t => t?.Clone()).ToArray());
            },
            (i, p, ti, tp) => Model(p, training: true).LossPushforward(i[0], Labels, Direction(tp), ti[0])) { FiniteDifferenceStep = Step };
    }

    /// <summary>torchvision's init with batch-norm weights and biases moved off 1 and 0, so their gradients count.</summary>
    internal static Tensor[] Parameters()
    {
        Tensor[] p = Tiny.CreateParameters(seed: 5, DType.Float64);
        var rng = new SeededRandom(6);
        for (int i = 0; i < p.Length; i++)
        {
            if (ResNetConfig.ParameterNames[i].Contains("Bn", StringComparison.Ordinal))
            {
                p[i].Dispose();
                p[i] = ResNetConfig.ParameterNames[i].EndsWith('G')
                    ? TensorProgramTests.Rand(Tiny.ParameterShapes()[i], rng, 0.5, 1.5)
                    : TensorProgramTests.Rand(Tiny.ParameterShapes()[i], rng, -0.5, 0.5);
            }
        }
        return p;
    }

    /// <summary>A model over <paramref name="p"/> with its own running statistics, away from 0 and 1 so that
    /// evaluation mode is not a plain rescaling (a fresh set per call: no state shared between calls).</summary>
    internal static ResNet18 Model(Tensor[] p, bool training)
    {
        var rng = new SeededRandom(99);
        int[] channels = Tiny.BatchNormChannels();
        Tensor[] means = channels.Select(c => TensorProgramTests.Rand([c], rng, -0.3, 0.3)).ToArray();
        Tensor[] vars = channels.Select(c => TensorProgramTests.Rand([c], rng, 0.5, 1.5)).ToArray();
        return new ResNet18(Tiny, p, means, vars) { Training = training };
    }

    /// <summary>A parameter direction from tangents in declaration order (the generated class has a field per parameter).</summary>
    internal static ResNet18.Gradients Direction(Tensor[] tangents)
    {
        var direction = new ResNet18.Gradients();
        for (int i = 0; i < tangents.Length; i++)
        {
            typeof(ResNet18.Gradients).GetField(ResNetConfig.ParameterNames[i])!.SetValue(direction, tangents[i]);
        }
        Assert.True(tangents.SequenceEqual(direction.All), "a parameter name that is not a Gradients field");
        return direction;
    }
}

/// <summary>The ResNet-18's two spellings of the network and its generated values agree bit for bit.</summary>
public class ResNet18Tests
{
    [Fact]
    public void LossIsTheCrossEntropyOfLogitsAndTheGeneratedValuesAreTheUsersBitForBit()
    {
        // Loss spells the network out again (ResNet18.cs says why): it must stay the same network as Logits.
        Tensor[] p = ResNet18Programs.Parameters();
        using Tensor x = TensorProgramTests.Rand([4, 3, 8, 8], new SeededRandom(3));
        int[] labels = [1, 2, 0, 0];
        using Tensor loss = ResNet18Programs.Model(p, training: true).Loss(x, labels);
        using Tensor logits = ResNet18Programs.Model(p, training: true).Logits(x);
        using Tensor viaLogits = Ops.CrossEntropy(logits, labels);
        Assert.Equal(viaLogits.ToDoubleArray(), loss.ToDoubleArray());
        using Tensor lossValue = ResNet18Programs.Model(p, training: true).LossValue(x, labels);
        Assert.Equal(loss.ToDoubleArray(), lossValue.ToDoubleArray());
        using var g = new ResNet18.Gradients();
        using Tensor lossGradient = ResNet18Programs.Model(p, training: true).LossGradient(x, labels, g);
        Assert.Equal(loss.ToDoubleArray(), lossGradient.ToDoubleArray());
    }

    [Fact]
    public void ATrainingStepMovesEveryRunningStatisticOnceAndEvaluationLeavesThemAlone()
    {
        Tensor[] p = ResNet18Programs.Parameters();
        using Tensor x = TensorProgramTests.Rand([4, 3, 8, 8], new SeededRandom(4));
        int[] labels = [0, 1, 2, 1];
        // A step through LossGradient (blocks called from Loss, recomputed in its reverse sweep) against the forward alone.
        ResNet18 stepped = ResNet18Programs.Model(p, training: true), forward = ResNet18Programs.Model(p, training: true);
        using (var g = new ResNet18.Gradients()) stepped.LossGradient(x, labels, g).Dispose();
        forward.Loss(x, labels).Dispose();
        ResNet18 untouched = ResNet18Programs.Model(p, training: true);
        for (int l = 0; l < ResNetConfig.BatchNormCount; l++)
        {
            Assert.Equal(forward.RunningMean[l].ToDoubleArray(), stepped.RunningMean[l].ToDoubleArray());
            Assert.Equal(forward.RunningVar[l].ToDoubleArray(), stepped.RunningVar[l].ToDoubleArray());
            Assert.NotEqual(untouched.RunningMean[l].ToDoubleArray(), stepped.RunningMean[l].ToDoubleArray());
            Assert.NotEqual(untouched.RunningVar[l].ToDoubleArray(), stepped.RunningVar[l].ToDoubleArray());
        }
        ResNet18 eval = ResNet18Programs.Model(p, training: false);
        using (var g = new ResNet18.Gradients()) eval.LossGradient(x, labels, g).Dispose();
        for (int l = 0; l < ResNetConfig.BatchNormCount; l++)
        {
            Assert.Equal(untouched.RunningMean[l].ToDoubleArray(), eval.RunningMean[l].ToDoubleArray());
            Assert.Equal(untouched.RunningVar[l].ToDoubleArray(), eval.RunningVar[l].ToDoubleArray());
        }
    }
}
