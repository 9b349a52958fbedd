using SourceAD.Optimizers;
using SourceAD.Tensors;
using Xunit;
using Tensor = SourceAD.Tensors.Tensor;

namespace SourceAD.Tests.Tensors.Programs;

/// <summary>
/// <see cref="LayerStack"/> (per-layer weights in [Parameter] Tensor[] members) as <see cref="TensorProgram"/>s of
/// <see cref="TensorProgramTests"/>: finite differences and the dot-product test over the input and every element of
/// every parameter array in float64, with the user's method as the value oracle.
/// </summary>
public static class LayerStackPrograms
{
    private const DType F64 = DType.Float64;
    private const int Depth = 3;
    private static readonly int[] Batch = [3, 4];
    internal static readonly int[] Labels = [1, 0, 2];

    internal static Tensor[] Parameters() => LayerStack.Init(4, 3, Depth, 21, F64);

    public static IEnumerable<TensorProgram> All()
    {
        yield return Program("LayerStack.Logits (loop counter)", (m, x) => m.Logits(x),
            (m, x, s, g) => m.LogitsPullback(x, s, g, out Tensor dx, DerivativePolicy.PyTorch) is var v ? (v, dx) : default,
            (m, x, d, tx) => m.LogitsPushforward(x, d, tx));
        yield return Program("LayerStack.Blocks (constant index, elements to a block method)", (m, x) => m.Blocks(x),
            (m, x, s, g) => m.BlocksPullback(x, s, g, out Tensor dx, DerivativePolicy.PyTorch) is var v ? (v, dx) : default,
            (m, x, d, tx) => m.BlocksPushforward(x, d, tx));
        yield return Program("LayerStack.Walk (foreach)", (m, x) => m.Walk(x),
            (m, x, s, g) => m.WalkPullback(x, s, g, out Tensor dx, DerivativePolicy.PyTorch) is var v ? (v, dx) : default,
            (m, x, d, tx) => m.WalkPushforward(x, d, tx));
        yield return Program("LayerStack.Chained (arrays passed whole)", (m, x) => m.Chained(x),
            (m, x, s, g) => m.ChainedPullback(x, s, g, out Tensor dx, DerivativePolicy.PyTorch) is var v ? (v, dx) : default,
            (m, x, d, tx) => m.ChainedPushforward(x, d, tx));
    }

    private static TensorProgram Program(string name, Func<LayerStack, Tensor, Tensor> value,
        Func<LayerStack, Tensor, Tensor, LayerStack.Gradients, (Tensor, Tensor)> pullback,
        Func<LayerStack, Tensor, LayerStack.Gradients, Tensor, (Tensor, Tensor)> pushforward) =>
        new(name, r => [TensorProgramTests.Rand(Batch, r)], Parameters,
            (i, p) => value(new LayerStack(p), i[0]),
            (i, p, s) =>
            {
                using var g = new LayerStack.Gradients();
                (Tensor v, Tensor dx) = pullback(new LayerStack(p), i[0], s, g);
                Tensor?[] all = g.All;
                // Every gradient in the order of Parameters: the arrays were sized even where nothing accumulated.
                Assert.Equal(p.Length, all.Length);
                return (v, [dx], all.Select(t => t?.Clone()).ToArray());
            },
            (i, p, ti, tp) => pushforward(new LayerStack(p), i[0], Direction(tp), ti[0]));

    /// <summary>A parameter direction from tangents in the order of <c>Parameters</c>.</summary>
    internal static LayerStack.Gradients Direction(Tensor[] t) => new()
    {
        Weights = t[..Depth],
        Biases = t[Depth..(2 * Depth)],
        Head = t[2 * Depth],
        HeadBias = t[2 * Depth + 1],
    };
}

/// <summary>The generated Parameters/Gradients/Optimizers of a model with [Parameter] Tensor[] members, element by element.</summary>
public class LayerStackTests
{
    private const DType F64 = DType.Float64;

    [Fact]
    public void ParametersListEveryElementInDeclarationOrder()
    {
        Tensor[] p = LayerStackPrograms.Parameters();
        var model = new LayerStack(p);
        Assert.Equal(p, model.Parameters);
        Assert.Equal(8, model.Parameters.Length);
    }

    [Fact]
    public void TheGeneratedValuesAreTheUsersBitForBit()
    {
        var model = new LayerStack(LayerStackPrograms.Parameters());
        using Tensor x = TensorProgramTests.Rand([3, 4], new SeededRandom(8));
        using Tensor loss = model.Loss(x, LayerStackPrograms.Labels);
        using Tensor value = model.LossValue(x, LayerStackPrograms.Labels);
        using var g = new LayerStack.Gradients();
        using Tensor withGradient = model.LossGradient(x, LayerStackPrograms.Labels, g);
        Assert.Equal(loss.ToDoubleArray(), value.ToDoubleArray());
        Assert.Equal(loss.ToDoubleArray(), withGradient.ToDoubleArray());
        using Tensor logits = model.Logits(x), logitsValue = model.LogitsValue(x);
        Assert.Equal(logits.ToDoubleArray(), logitsValue.ToDoubleArray());
    }

    [Fact]
    public void GradientsOfEveryElementAccumulateAndUnreadElementsStayNull()
    {
        var model = new LayerStack(LayerStackPrograms.Parameters());
        using Tensor x = TensorProgramTests.Rand([3, 4], new SeededRandom(9));
        using var once = new LayerStack.Gradients();
        model.LossGradient(x, LayerStackPrograms.Labels, once).Dispose();
        using var twice = new LayerStack.Gradients();
        model.LossGradient(x, LayerStackPrograms.Labels, twice).Dispose();
        model.LossGradient(x, LayerStackPrograms.Labels, twice).Dispose();
        Assert.Equal(3, once.Weights!.Length);
        for (int i = 0; i < once.All.Length; i++)
        {
            double[] a = once.All[i]!.ToDoubleArray(), b = twice.All[i]!.ToDoubleArray();
            Assert.Contains(a, v => v != 0);
            Assert.Equal(a.Select(v => 2 * v), b);
        }
        // Walk reads no bias: the bias array is sized (All lines up with Parameters) and every element stays null.
        using var walk = new LayerStack.Gradients();
        model.WalkGradient(x, walk, out Tensor dx).Dispose();
        dx.Dispose();
        Assert.Equal(8, walk.All.Length);
        Assert.All(walk.Biases!, b => Assert.Null(b));
        Assert.All(walk.Weights!, w => Assert.NotNull(w));
        walk.Recycle();
        Assert.All(walk.Weights!, w => Assert.Null(w));
    }

    [Fact]
    public void GradientsMadeForAModelLineUpWithItsParametersBeforeTheFirstCall()
    {
        var model = new LayerStack(LayerStackPrograms.Parameters());
        using var g = new LayerStack.Gradients(model);
        // Sized by the constructor: one (null) slot per parameter, in Parameters' order, before any gradient call.
        Assert.Equal(model.Parameters.Length, g.All.Length);
        Assert.All(g.All, t => Assert.Null(t));
        // Without the model, only the two plain members are listed until a call sizes the arrays.
        using var unsized = new LayerStack.Gradients();
        Assert.Equal(2, unsized.All.Length);
        using Tensor x = TensorProgramTests.Rand([3, 4], new SeededRandom(13));
        using var late = new LayerStack.Gradients();
        model.LossGradient(x, LayerStackPrograms.Labels, g).Dispose();
        model.LossGradient(x, LayerStackPrograms.Labels, late).Dispose();
        // Accumulating into the presized arrays gives what a Gradients sized by the call gets.
        for (int i = 0; i < g.All.Length; i++) Assert.Equal(late.All[i]!.ToDoubleArray(), g.All[i]!.ToDoubleArray());
    }

    [Fact]
    public void AGradientsSizedForAnotherDepthIsRefusedUntilDisposed()
    {
        using Tensor x = TensorProgramTests.Rand([3, 4], new SeededRandom(11));
        using var g = new LayerStack.Gradients();
        new LayerStack(LayerStackPrograms.Parameters()).LossGradient(x, LayerStackPrograms.Labels, g).Dispose();
        var shallow = new LayerStack(LayerStack.Init(4, 3, 2, 22, F64));
        var thrown = Assert.Throws<ArgumentException>(() => shallow.LossGradient(x, LayerStackPrograms.Labels, g));
        Assert.Contains("into.Weights holds 3 gradients but Weights has 2 tensors", thrown.Message);
        g.Dispose();
        shallow.LossGradient(x, LayerStackPrograms.Labels, g).Dispose();
        Assert.Equal(2, g.Weights!.Length);
    }

    [Fact]
    public void ANullParameterArrayOnlyFailsTheMethodsThatReadIt()
    {
        var model = new LayerStack(LayerStackPrograms.Parameters());
        using Tensor x = TensorProgramTests.Rand([3, 4], new SeededRandom(12));
        model.Biases = null!;
        using var g = new LayerStack.Gradients();
        // Walk reads no bias: its gradients come out as with the biases set.
        model.WalkGradient(x, g, out Tensor dx).Dispose();
        dx.Dispose();
        Assert.Null(g.Biases);
        Assert.All(g.Weights!, w => Assert.NotNull(w));
        // Logits reads them: it fails as the user's own method does.
        Assert.Throws<NullReferenceException>(() => model.Logits(x));
        Assert.Throws<NullReferenceException>(() => model.LogitsGradient(x, g, out _));
    }

    [Fact]
    public void AnOptimizerStepUpdatesEveryElementOfEveryParameterArray()
    {
        Tensor[] p = LayerStackPrograms.Parameters();
        double[][] before = p.Select(t => t.ToDoubleArray()).ToArray();
        var model = new LayerStack(p);
        using Tensor x = TensorProgramTests.Rand([3, 4], new SeededRandom(10));
        using var g = new LayerStack.Gradients();
        model.LossGradient(x, LayerStackPrograms.Labels, g).Dispose();
        double[][] grads = g.All.Select(t => t!.ToDoubleArray()).ToArray();
        const double lr = 0.1;
        var optimizers = new LayerStack.Optimizers<Sgd<double>, double>(() => new Sgd<double>(lr));
        Assert.Empty(optimizers.Weights); // created on the first step, one per element
        optimizers.Step(model, g);
        Assert.Equal(3, optimizers.Weights.Length);
        Assert.Equal(3, optimizers.Biases.Length);
        Assert.Equal(8, optimizers.All.Distinct().Count());
        for (int i = 0; i < p.Length; i++)
        {
            double[] after = model.Parameters[i].ToDoubleArray();
            Assert.NotEqual(before[i], after);
            for (int k = 0; k < after.Length; k++) Assert.Equal(before[i][k] - lr * grads[i][k], after[k], 1e-15);
        }
        // A second step reuses the same optimizers (their state is kept).
        Sgd<double> first = optimizers.Weights[0];
        optimizers.Step(model, g);
        Assert.Same(first, optimizers.Weights[0]);
        Assert.Equal(2, first.StepCount);
    }

    [Fact]
    public void OptimizersMadeForAModelLineUpWithItsParametersBeforeTheFirstStep()
    {
        var model = new LayerStack(LayerStackPrograms.Parameters());
        var optimizers = new LayerStack.Optimizers<Sgd<double>, double>(model, () => new Sgd<double>(0.1));
        Assert.Equal(model.Parameters.Length, optimizers.All.Distinct().Count());
        // The first step keeps the optimizers the constructor made.
        Sgd<double> first = optimizers.Weights[0];
        using Tensor x = TensorProgramTests.Rand([3, 4], new SeededRandom(14));
        using var g = new LayerStack.Gradients(model);
        model.LossGradient(x, LayerStackPrograms.Labels, g).Dispose();
        optimizers.Step(model, g);
        Assert.Same(first, optimizers.Weights[0]);
        Assert.Equal(1, first.StepCount);
    }
}
