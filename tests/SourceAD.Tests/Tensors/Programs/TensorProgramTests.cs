using SourceAD.Tensors;
using Xunit;
using Xunit.Abstractions;
using Tensor = SourceAD.Tensors.Tensor;

namespace SourceAD.Tests.Tensors.Programs;

/// <summary>
/// A generated tensor program under test, as f(inputs, parameters) → tensor, with its generated reverse mode (the
/// pullback from a seed: input adjoints and parameter gradients) and forward mode (input and parameter tangents).
/// </summary>
public sealed record TensorProgram(
    string Name,
    Func<SeededRandom, Tensor[]> Inputs,
    Func<Tensor[]> Parameters,
    Func<Tensor[], Tensor[], Tensor> Value,
    Func<Tensor[], Tensor[], Tensor, (Tensor Value, Tensor[] DInputs, Tensor?[] DParameters)> Pullback,
    Func<Tensor[], Tensor[], Tensor[], Tensor[], (Tensor Value, Tensor Tangent)> Pushforward)
{
    /// <summary>The central-difference step: small enough that no ReLU kink lies within it along the test's direction.</summary>
    public double FiniteDifferenceStep { get; init; } = 1e-5;

    public override string ToString() => Name;
}

/// <summary>
/// Control flow, input gradients, static tensor functions and BatchNorm2d in generated tensor programs, in float64:
/// (a) the pullback against central finite differences along random directions of every input and parameter, and
/// (b) the dot-product test ⟨J·t, w⟩ = ⟨t, Jᵀ·w⟩ between the generated forward and reverse modes.
/// </summary>
public class TensorProgramTests(ITestOutputHelper output)
{
    private const DType F64 = DType.Float64;

    internal static Tensor Rand(int[] shape, SeededRandom rng, double low = -1, double high = 1) => TensorInit.Uniform(shape, low, high, rng, F64);

    internal static double Dot(Tensor a, Tensor b)
    {
        Assert.Equal(a.ShapeArray, b.ShapeArray);
        double[] x = a.ToDoubleArray(), y = b.ToDoubleArray();
        double s = 0;
        for (int i = 0; i < x.Length; i++) s += x[i] * y[i];
        return s;
    }

    internal static Tensor Axpy(Tensor x, Tensor d, double e)
    {
        double[] a = x.ToDoubleArray(), b = d.ToDoubleArray();
        for (int i = 0; i < a.Length; i++) a[i] += e * b[i];
        return Tensor.FromArray(a, x.ShapeArray);
    }

    private static readonly int[] Batch3x4 = [3, 4];

    public static TheoryData<string> Names() => new(Programs().Select(p => p.Name));

    public static IEnumerable<TensorProgram> Programs()
    {
        // RNN-style loop over a Tensor[] sequence (data); the input gradient is ∂/∂h0.
        Tensor[] RnnInputs(SeededRandom r) => [Rand([3, 5], r), Rand([3, 2], r), Rand([3, 2], r), Rand([3, 2], r), Rand([3, 2], r)];
        yield return new("Rnn.Run", RnnInputs, () => Rnn.Init(5, 2, 4, 3, F64),
            (i, p) => new Rnn(p).Run(i[0], i[1..]),
            (i, p, s) =>
            {
                using var g = new Rnn.Gradients();
                Tensor v = new Rnn(p).RunPullback(i[0], i[1..], s, g, out Tensor dh0, out Tensor[] dxs, DerivativePolicy.PyTorch);
                return (v, [dh0, .. dxs], Take(g.All, g));
            },
            (i, p, ti, tp) => new Rnn(p).RunPushforward(i[0], i[1..], new Rnn.Gradients { W = tp[0], B = tp[1], U = tp[2], Wo = tp[3], Bo = tp[4] }, ti[0], ti[1..]));
        yield return new("Rnn.RunEach (foreach)", RnnInputs, () => Rnn.Init(5, 2, 4, 4, F64),
            (i, p) => new Rnn(p).RunEach(i[0], i[1..]),
            (i, p, s) =>
            {
                using var g = new Rnn.Gradients();
                Tensor v = new Rnn(p).RunEachPullback(i[0], i[1..], s, g, out Tensor dh0, out Tensor[] dxs, DerivativePolicy.PyTorch);
                return (v, [dh0, .. dxs], Take(g.All, g));
            },
            (i, p, ti, tp) => new Rnn(p).RunEachPushforward(i[0], i[1..], new Rnn.Gradients { W = tp[0], B = tp[1], U = tp[2], Wo = tp[3], Bo = tp[4] }, ti[0], ti[1..]));
        // The loss calls Run: a call of a [Differentiable] tensor method; the target is [NoDerivative].
        yield return new("Rnn.Loss", r => [.. RnnInputs(r), Rand([3, 4], r)], () => Rnn.Init(5, 2, 4, 5, F64),
            (i, p) => new Rnn(p).Loss(i[0], i[1..5], i[5]),
            (i, p, s) =>
            {
                using var g = new Rnn.Gradients();
                Tensor v = new Rnn(p).LossPullback(i[0], i[1..5], i[5], s, g, out Tensor dh0, out Tensor[] dxs, DerivativePolicy.PyTorch);
                return (v, [dh0, .. dxs, Tensor.Zeros(i[5].Shape, F64)], Take(g.All, g));
            },
            (i, p, ti, tp) => new Rnn(p).LossPushforward(i[0], i[1..5], i[5], new Rnn.Gradients { W = tp[0], B = tp[1], U = tp[2], Wo = tp[3], Bo = tp[4] }, ti[0], ti[1..5]));

        foreach ((string name, bool head, int depth) in new[] { ("ResNet.Logits", true, 3), ("ResNet.Logits(Head=false)", false, 2), ("ResNet.Logits(Depth=0)", true, 0) })
        {
            yield return new(name, r => [Rand([3, 4], r)], () => ResNet.Init(4, 6, 3, 7, F64),
                (i, p) => new ResNet(p) { Head = head, Depth = depth }.Logits(i[0]),
                (i, p, s) =>
                {
                    using var g = new ResNet.Gradients();
                    Tensor v = new ResNet(p) { Head = head, Depth = depth }.LogitsPullback(i[0], s, g, out Tensor dx, DerivativePolicy.PyTorch);
                    return (v, [dx], Take(g.All, g));
                },
                (i, p, ti, tp) => new ResNet(p) { Head = head, Depth = depth }.LogitsPushforward(i[0], ResDirection(tp), ti[0]));
        }
        yield return new("ResNet.Features (block called in a loop)", r => [Rand([3, 4], r)], () => ResNet.Init(4, 6, 3, 9, F64),
            (i, p) => new ResNet(p).Features(i[0]),
            (i, p, s) =>
            {
                using var g = new ResNet.Gradients();
                Tensor v = new ResNet(p).FeaturesPullback(i[0], s, g, out Tensor dx, DerivativePolicy.PyTorch);
                return (v, [dx], Take(g.All, g));
            },
            (i, p, ti, tp) => new ResNet(p).FeaturesPushforward(i[0], ResDirection(tp), ti[0]));

        // Free functions: no model, gradients for every Tensor input.
        yield return new("TensorFunctions.Accumulate", r => [Rand(Batch3x4, r), Rand(Batch3x4, r)], () => [],
            (i, _) => TensorFunctions.Accumulate(i[0], i[1], 4),
            (i, _, s) => (TensorFunctions.AccumulatePullback(i[0], i[1], 4, s, out Tensor dx, out Tensor dw, DerivativePolicy.PyTorch), [dx, dw], []),
            (i, _, ti, _) => TensorFunctions.AccumulatePushforward(i[0], i[1], 4, ti[0], ti[1]));
        foreach (bool flip in new[] { true, false })
        {
            yield return new($"TensorFunctions.Nested(flip={flip})", r => [Rand(Batch3x4, r), Rand(Batch3x4, r)], () => [],
                (i, _) => TensorFunctions.Nested(i[0], i[1], 2, 3, flip),
                (i, _, s) => (TensorFunctions.NestedPullback(i[0], i[1], 2, 3, flip, s, out Tensor dx, out Tensor dw, DerivativePolicy.PyTorch), [dx, dw], []),
                (i, _, ti, _) => TensorFunctions.NestedPushforward(i[0], i[1], 2, 3, flip, ti[0], ti[1]));
        }
        foreach (TensorProgramKinds.Mix mix in new[] { TensorProgramKinds.Mix.Add, TensorProgramKinds.Mix.Subtract })
        {
            yield return new($"TensorFunctions.Mixed({mix})", r => [Rand(Batch3x4, r), Rand(Batch3x4, r)], () => [],
                (i, _) => TensorFunctions.Mixed(i[0], i[1], 3, mix),
                (i, _, s) => (TensorFunctions.MixedPullback(i[0], i[1], 3, mix, s, out Tensor dx, out Tensor dw, DerivativePolicy.PyTorch), [dx, dw], []),
                (i, _, ti, _) => TensorFunctions.MixedPushforward(i[0], i[1], 3, mix, ti[0], ti[1]));
        }
        yield return new("TensorFunctions.Calls", r => [Rand(Batch3x4, r, -0.5, 0.5), Rand(Batch3x4, r), Rand(Batch3x4, r)], () => [],
            (i, _) => TensorFunctions.Calls(i[0], i[1], i[2]),
            (i, _, s) => (TensorFunctions.CallsPullback(i[0], i[1], i[2], s, out Tensor dx, out Tensor dw, DerivativePolicy.PyTorch), [dx, dw, Tensor.Zeros(i[2].Shape, F64)], []),
            (i, _, ti, _) => TensorFunctions.CallsPushforward(i[0], i[1], i[2], ti[0], ti[1]));

        // BatchNorm2d in training (batch statistics) and evaluation (running statistics).
        foreach (bool training in new[] { true, false })
        {
            string mode = training ? "train" : "eval";
            yield return new($"BnNet.Logits({mode})", r => [Rand([4, 2, 6, 6], r)], () => BnNet.Init(11, F64),
                (i, p) => Bn(p, training).Logits(i[0]),
                (i, p, s) =>
                {
                    using var g = new BnNet.Gradients();
                    Tensor v = Bn(p, training).LogitsPullback(i[0], s, g, out Tensor dx, DerivativePolicy.PyTorch);
                    return (v, [dx], Take(g.All, g));
                },
                (i, p, ti, tp) => Bn(p, training).LogitsPushforward(i[0], BnDirection(tp), ti[0]));
            yield return new($"BnNet.Loss({mode})", r => [Rand([4, 2, 6, 6], r)], () => BnNet.Init(13, F64),
                (i, p) => Bn(p, training).Loss(i[0], [0, 3, 1, 2]),
                (i, p, s) =>
                {
                    using var g = new BnNet.Gradients();
                    Tensor v = Bn(p, training).LossPullback(i[0], [0, 3, 1, 2], s, g, out Tensor dx, DerivativePolicy.PyTorch);
                    return (v, [dx], Take(g.All, g));
                },
                (i, p, ti, tp) => Bn(p, training).LossPushforward(i[0], [0, 3, 1, 2], BnDirection(tp), ti[0]));
        }

        // Per-layer weights in [Parameter] Tensor[] members (LayerStackTests.cs).
        foreach (TensorProgram program in LayerStackPrograms.All())
        {
            yield return program;
        }

        // The TinyResNet sample's ResNet-18 (ResNet18Programs.cs).
        foreach (TensorProgram program in ResNet18Programs.All())
        {
            yield return program;
        }
    }

    private static ResNet.Gradients ResDirection(Tensor[] t) =>
        new() { Win = t[0], Bin = t[1], W1 = t[2], B1 = t[3], W2 = t[4], B2 = t[5], Wout = t[6], Bout = t[7] };

    private static BnNet.Gradients BnDirection(Tensor[] t) => new() { ConvW = t[0], ConvB = t[1], Gamma = t[2], Beta = t[3], FcW = t[4], FcB = t[5] };

    /// <summary>Running statistics that are not the identity, so evaluation mode is not a plain affine map of x.</summary>
    internal static BnNet Bn(Tensor[] p, bool training)
    {
        var rng = new SeededRandom(99);
        return new BnNet(p, Rand([3], rng, -0.3, 0.3), Rand([3], rng, 0.5, 1.5)) { Training = training };
    }

    private static Tensor[] Zeros(Tensor[] xs) => xs.Select(x => Tensor.Zeros(x.Shape, F64)).ToArray();

    /// <summary>The gradients, taken out of the Gradients object so that disposing it leaves them alive.</summary>
    private static Tensor?[] Take(Tensor?[] all, IDisposable owner)
    {
        Tensor?[] copies = all.Select(t => t?.Clone()).ToArray();
        return copies;
    }

    private static TensorProgram Find(string name) => Programs().Single(p => p.Name == name);

    [Theory]
    [MemberData(nameof(Names))]
    public void PullbackMatchesCentralFiniteDifferences(string name)
    {
        TensorProgram program = Find(name);
        var rng = new SeededRandom(4242);
        Tensor[] x = program.Inputs(rng), p = program.Parameters();
        using Tensor y = program.Value(x, p);
        using Tensor w = Rand(y.ShapeArray, rng);
        int moved = DifferentiableInputs(name, x.Length);
        // Data inputs (a Tensor[] sequence, a [NoDerivative] target) stay fixed.
        Tensor[] tx = x.Select((t, i) => i < moved ? Rand(t.ShapeArray, rng) : Tensor.Zeros(t.Shape, F64)).ToArray(), tp = p.Select(t => Rand(t.ShapeArray, rng)).ToArray();

        (Tensor value, Tensor[] dx, Tensor?[] dp) = program.Pullback(x, p, w);
        Assert.Equal(y.ToDoubleArray(), value.ToDoubleArray());
        Assert.Equal(x.Length, dx.Length);
        Assert.Equal(p.Length, dp.Length);
        double reverse = 0;
        for (int i = 0; i < x.Length; i++) reverse += Dot(dx[i], tx[i]);
        for (int i = 0; i < p.Length; i++) if (dp[i] is { } g) reverse += Dot(g, tp[i]);

        // Central differences of s(ε) = ⟨f(x + ε·tx, p + ε·tp), w⟩.
        double S(double e)
        {
            Tensor[] xe = x.Select((t, i) => Axpy(t, tx[i], e)).ToArray(), pe = p.Select((t, i) => Axpy(t, tp[i], e)).ToArray();
            using Tensor ye = program.Value(xe, pe);
            return Dot(ye, w);
        }
        double h = program.FiniteDifferenceStep;
        double fd = (S(h) - S(-h)) / (2 * h);
        output.WriteLine($"{name}: reverse {reverse:R}, central differences {fd:R}");
        Assert.True(Math.Abs(reverse) > 1e-6, "a degenerate test: the directional derivative is zero");
        Assert.True(Math.Abs(reverse - fd) <= 1e-6 * Math.Max(1, Math.Abs(fd)), $"reverse {reverse:R} vs finite differences {fd:R}");
    }

    [Theory]
    [MemberData(nameof(Names))]
    public void ForwardAndReverseModesAreTransposes(string name)
    {
        TensorProgram program = Find(name);
        var rng = new SeededRandom(777);
        Tensor[] x = program.Inputs(rng), p = program.Parameters();
        int moved = DifferentiableInputs(name, x.Length);
        Tensor[] tx = x.Select((t, i) => i < moved ? Rand(t.ShapeArray, rng) : Tensor.Zeros(t.Shape, F64)).ToArray(), tp = p.Select(t => Rand(t.ShapeArray, rng)).ToArray();
        (Tensor value, Tensor tangent) = program.Pushforward(x, p, tx, tp);
        using Tensor w = Rand(value.ShapeArray, rng);
        (Tensor value2, Tensor[] dx, Tensor?[] dp) = program.Pullback(x, p, w);
        Assert.Equal(value.ToDoubleArray(), value2.ToDoubleArray());
        double forward = Dot(tangent, w), reverse = 0;
        for (int i = 0; i < moved; i++) reverse += Dot(dx[i], tx[i]);
        for (int i = 0; i < p.Length; i++) if (dp[i] is { } g) reverse += Dot(g, tp[i]);
        output.WriteLine($"{name}: ⟨J·t, w⟩ = {forward:R}, ⟨t, Jᵀ·w⟩ = {reverse:R}");
        Assert.True(Math.Abs(forward) > 1e-6, "a degenerate test");
        Assert.True(Math.Abs(forward - reverse) <= 1e-12 * Math.Max(1, Math.Abs(forward)), $"{forward:R} vs {reverse:R}");
    }

    [Fact]
    public void BatchNormStatisticsMoveOncePerStepThroughNestedCalls()
    {
        Tensor[] p = BnNet.Init(17, F64);
        var rng = new SeededRandom(5);
        using Tensor x = Rand([4, 2, 6, 6], rng);
        int[] labels = [1, 0, 3, 2];
        double[] Stats(BnNet m) => [.. m.RunningMean.ToDoubleArray(), .. m.RunningVar.ToDoubleArray()];

        BnNet once = Bn(p, training: true);
        double[] initial = Stats(once);
        once.LogitsValue(x).Dispose();
        double[] expected = Stats(once);
        Assert.NotEqual(initial, expected);

        BnNet direct = Bn(p, training: true), nested = Bn(p, training: true), deep = Bn(p, training: true), forward = Bn(p, training: true), noUpdate = Bn(p, training: true);
        using (var g = new BnNet.Gradients()) direct.LogitsGradient(x, g, out Tensor dx).Dispose();
        using (var g = new BnNet.Gradients()) nested.LossGradient(x, labels, g).Dispose();
        using (var g = new BnNet.Gradients()) deep.OuterGradient(x, labels, g, out Tensor dx).Dispose();
        forward.OuterPushforward(x, labels, new BnNet.Gradients(), null).Value.Dispose();
        using (var g = new BnNet.Gradients()) noUpdate.OuterPullback(x, labels, null, g, out Tensor dx, DerivativePolicy.PyTorch, updateStatistics: false).Dispose();
        Assert.Equal(expected, Stats(direct));
        Assert.Equal(expected, Stats(nested));
        Assert.Equal(expected, Stats(deep));
        Assert.Equal(expected, Stats(forward));
        Assert.Equal(initial, Stats(noUpdate));

        // In evaluation the statistics never move.
        BnNet eval = Bn(p, training: false);
        using (var g = new BnNet.Gradients()) eval.OuterGradient(x, labels, g, out Tensor dx).Dispose();
        Assert.Equal(initial, Stats(eval));
    }

    /// <summary>How many leading inputs are differentiable (the rest are data: sequences, targets).</summary>
    private static int DifferentiableInputs(string name, int count) => name switch
    {
        "Rnn.Loss" => 5, // h0 and the four sequence elements; the target is [NoDerivative]
        "TensorFunctions.Calls" => 2,
        _ => count,
    };
}
