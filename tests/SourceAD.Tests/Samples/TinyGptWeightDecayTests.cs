using SourceAD.Optimizers;
using SourceAD.Tensors;
using TinyGpt;
using TinyGpt.Training;
using Xunit;

namespace SourceAD.Tests.Samples;

/// <summary>
/// TinyGpt's two parameter groups (nanoGPT's weight-decay rule): with a zero gradient a step shrinks the matrices and
/// embeddings by exactly 1 − λγ and leaves the biases and LayerNorm parameters as they were (every parameter shrinks
/// under <c>--decay all</c>); clipping is one global norm over both groups; the grouped state round-trips bit for bit;
/// a single-group state from before the groups is refused and changes nothing.
/// </summary>
public sealed class TinyGptWeightDecayTests
{
    private static readonly GptConfig Sizes = new(Layers: 2, Heads: 2, Width: 8, VocabSize: 11, BlockSize: 6);

    private static RunConfig Run(string optimizer = "adamw", string decay = RunConfig.DecayMatrices, double clip = 1.0) => new()
    {
        Layers = 2, Heads = 2, Width = 8, Context = 6, Steps = 20, Warmup = 2, LearningRate = 0.05, WeightDecay = 0.3,
        Optimizer = optimizer, Decay = decay, Clip = clip, Precision = 32,
    };

    private static Tensor[] Parameters(ulong seed = 3) => Sizes.CreateParameters(seed, DType.Float32);

    private static Tensor[] Zeros(Tensor[] like) => [.. like.Select(p => Tensor.Zeros(p.ShapeArray, DType.Float32))];

    private static Tensor[] Random(Tensor[] like, int seed, double scale = 1)
    {
        var rng = new Random(seed);
        return [.. like.Select(p => Tensor.From<float>([.. Enumerable.Range(0, p.Length).Select(_ => (float)((rng.NextDouble() - 0.5) * scale))], p.ShapeArray))];
    }

    private static float[][] Values(Tensor[] tensors) => [.. tensors.Select(t => t.ToArray<float>())];

    [Fact]
    public void AZeroGradientStepShrinksTheMatricesByTheDecayFactorAndLeavesBiasesAndLayerNormAlone()
    {
        // Biases start at 0, which decay leaves at 0: every parameter gets a nonzero value so that the test can fail.
        Tensor[] parameters = Random(Parameters(), 7);
        float[][] before = Values(parameters);
        IGptOptimizer gpt = GptOptimizers.Create(Run(), parameters);
        // The warmup starts at γ = 0, so the first step changes nothing; at a zero gradient AdamW's moments stay zero and
        // the second step moves θ by the decay alone.
        gpt.Step(parameters, Zeros(parameters));
        Assert.Equal(before, Values(parameters));
        double gamma = gpt.CurrentRate;
        Assert.True(gamma > 0);
        gpt.Step(parameters, Zeros(parameters));
        float factor = (float)(1 - (0.3 * gamma));

        int decayed = 0, exempt = 0;
        for (int i = 0; i < parameters.Length; i++)
        {
            float[] after = parameters[i].ToArray<float>();
            if (GptConfig.IsDecayed(i))
            {
                decayed++;
                Assert.Equal(before[i].Select(v => v * factor), after);
                Assert.NotEqual(before[i], after);
            }
            else
            {
                exempt++;
                Assert.Equal(before[i], after);
            }
        }
        Assert.Equal((6, 10), (decayed, exempt));
    }

    [Theory]
    [InlineData("adamw")]
    [InlineData("innaprop")]
    public void EachGroupStepsLikeItsOwnOptimizerWithTheExemptGroupAtLambdaZero(string optimizer)
    {
        // INNAprop moves θ even at a zero gradient (ψ), so the groups are checked against two standalone optimizers:
        // λ on the matrices and embeddings, 0 on the rest, over the same clipped gradient (no clip at this scale).
        Tensor[] parameters = Random(Parameters(), 7);
        RunConfig run = Run(optimizer);
        float[] decayedTheta = Flat(parameters, true), exemptTheta = Flat(parameters, false);
        UpdateRuleOptimizer<float> decayedReference = Reference(run, run.WeightDecay), exemptReference = Reference(run, 0);
        IGptOptimizer gpt = GptOptimizers.Create(run, parameters);
        for (int step = 0; step < 3; step++)
        {
            Tensor[] gradients = Random(parameters, 20 + step, scale: 0.01);
            decayedReference.Step(decayedTheta, Flat(gradients, true));
            exemptReference.Step(exemptTheta, Flat(gradients, false));
            Assert.True(gpt.Step(parameters, gradients) < run.Clip);
        }
        Assert.Equal(decayedTheta, Flat(parameters, true));
        Assert.Equal(exemptTheta, Flat(parameters, false));
        Assert.NotEqual(Flat(Random(Parameters(), 7), false), exemptTheta);
    }

    private static float[] Flat(Tensor[] tensors, bool decayed)
    {
        Tensor[] group = [.. tensors.Where((_, i) => GptConfig.IsDecayed(i) == decayed)];
        var flat = new float[TensorList.Length(group)];
        TensorList.Gather<float>(group, flat);
        return flat;
    }

    private static UpdateRuleOptimizer<float> Reference(RunConfig c, double weightDecay)
    {
        var schedule = new CosineWarmupSchedule(c.LearningRate, c.Warmup, c.Steps, c.MinimumLearningRate);
        return c.Optimizer == "innaprop"
            ? new Innaprop<float>(schedule, alpha: c.Alpha, beta: c.Beta, sigma: 0.99, weightDecay: weightDecay)
            : new AdamW<float>(schedule, beta1: 0.9, beta2: 0.95, weightDecay: weightDecay);
    }

    [Fact]
    public void DecayAllShrinksEveryParameterAsBeforeTheGroups()
    {
        Tensor[] parameters = Random(Parameters(), 7);
        float[][] before = Values(parameters);
        IGptOptimizer gpt = GptOptimizers.Create(Run(decay: RunConfig.DecayAll), parameters);
        gpt.Step(parameters, Zeros(parameters));
        float factor = (float)(1 - (0.3 * gpt.CurrentRate));
        gpt.Step(parameters, Zeros(parameters));
        for (int i = 0; i < parameters.Length; i++)
        {
            Assert.Equal(before[i].Select(v => v * factor), parameters[i].ToArray<float>());
        }
    }

    [Fact]
    public void DecayAllIsTheSingleFlatOptimizerOfBeforeTheGroupsBitForBit()
    {
        // Before the groups: θ was one flat vector, the gradient clipped as one span, one AdamW with λ on everything.
        Tensor[] parameters = Random(Parameters(), 7);
        RunConfig run = Run(decay: RunConfig.DecayAll);
        var theta = new float[TensorList.Length(parameters)];
        TensorList.Gather<float>(parameters, theta);
        UpdateRuleOptimizer<float> single = Reference(run, run.WeightDecay);
        IGptOptimizer gpt = GptOptimizers.Create(run, parameters);
        for (int step = 0; step < 4; step++)
        {
            Tensor[] gradients = Random(parameters, 40 + step, scale: step);
            var flat = new float[theta.Length];
            TensorList.Gather<float>(gradients, flat);
            double expectedNorm = GradientClipping.ClipByGlobalNorm<float>(flat, run.Clip);
            single.Step(theta, flat);
            Assert.Equal(expectedNorm, gpt.Step(parameters, gradients));
        }
        var after = new float[theta.Length];
        TensorList.Gather<float>(parameters, after);
        Assert.Equal(theta, after);
    }

    [Fact]
    public void ClippingIsOneGlobalNormOverBothGroups()
    {
        // One huge entry in a decayed matrix and small gradients on the exempt parameters: clipped globally, the small
        // ones shrink by clip/‖g‖ ≈ 1e-3 to near AdamW's ε, which changes their step; clipped per group they would not
        // shrink (their own norm is below the threshold).
        Tensor[] parameters = Random(Parameters(), 7);
        Tensor[] gradients = Zeros(parameters);
        var wte = new float[gradients[0].Length];
        wte[0] = 1000;
        gradients[0] = Tensor.From<float>(wte, gradients[0].ShapeArray);
        for (int i = 0; i < gradients.Length; i++)
        {
            if (!GptConfig.IsDecayed(i))
            {
                gradients[i] = Tensor.Full(parameters[i].ShapeArray, 1e-6, DType.Float32);
            }
        }

        RunConfig run = Run();
        float[] decayedTheta = Flat(parameters, true), exemptTheta = Flat(parameters, false), perGroupTheta = Flat(parameters, false);
        float[] decayedGradient = Flat(gradients, true), exemptGradient = Flat(gradients, false);
        UpdateRuleOptimizer<float> decayedReference = Reference(run, run.WeightDecay), exemptReference = Reference(run, 0), perGroup = Reference(run, 0);
        IGptOptimizer gpt = GptOptimizers.Create(run, parameters);

        // The warmup's first step has γ = 0: step at a zero gradient, then at the crafted one.
        Tensor[] zeros = Zeros(parameters);
        gpt.Step(parameters, zeros);
        decayedReference.Step(decayedTheta, Flat(zeros, true));
        exemptReference.Step(exemptTheta, Flat(zeros, false));
        perGroup.Step(perGroupTheta, Flat(zeros, false));
        double norm = gpt.Step(parameters, gradients);

        double globalNorm = Math.Sqrt((1000.0 * 1000.0) + exemptGradient.Sum(g => (double)g * g));
        Assert.Equal(globalNorm, norm, 1e-9);
        Assert.True(GradientClipping.GlobalNorm<float>(exemptGradient) < run.Clip);
        float scale = (float)(run.Clip / (globalNorm + GradientClipping.NormGuard));
        decayedReference.Step(decayedTheta, [.. decayedGradient.Select(g => g * scale)]);
        exemptReference.Step(exemptTheta, [.. exemptGradient.Select(g => g * scale)]);
        perGroup.Step(perGroupTheta, exemptGradient);

        Assert.Equal(decayedTheta, Flat(parameters, true));
        Assert.Equal(exemptTheta, Flat(parameters, false));
        Assert.NotEqual(perGroupTheta, exemptTheta);
    }

    [Theory]
    [InlineData("adamw", RunConfig.DecayMatrices)]
    [InlineData("innaprop", RunConfig.DecayMatrices)]
    [InlineData("adamw", RunConfig.DecayAll)]
    public void SavedStateLoadsIntoAFreshOptimizerAndContinuesBitForBit(string optimizer, string decay)
    {
        Tensor[] parameters = Parameters();
        IGptOptimizer first = GptOptimizers.Create(Run(optimizer, decay), parameters);
        for (int step = 0; step < 3; step++)
        {
            first.Step(parameters, Random(parameters, step));
        }
        byte[] saved = first.SaveState();

        Tensor[] other = Parameters(seed: 99);
        IGptOptimizer second = GptOptimizers.Create(Run(optimizer, decay), other);
        second.LoadState(saved, other);
        Assert.Equal(Values(parameters), Values(other));
        Assert.Equal(saved, second.SaveState());
        Assert.Equal(first.CurrentRate, second.CurrentRate);

        for (int step = 3; step < 5; step++)
        {
            Assert.Equal(first.Step(parameters, Random(parameters, step)), second.Step(other, Random(other, step)));
        }
        Assert.Equal(Values(parameters), Values(other));
        Assert.Equal(first.SaveState(), second.SaveState());
    }

    [Fact]
    public void ASingleGroupStateFromBeforeTheGroupsIsRefusedAndChangesNothing()
    {
        // What the sample saved before the groups: one AdamW over the whole flat θ, with λ on every parameter.
        Tensor[] parameters = Parameters();
        var theta = new float[TensorList.Length(parameters)];
        TensorList.Gather<float>(parameters, theta);
        RunConfig run = Run();
        var old = new AdamW<float>(new CosineWarmupSchedule(run.LearningRate, run.Warmup, run.Steps, run.MinimumLearningRate), 0.9, 0.95, weightDecay: run.WeightDecay);
        var gradient = new float[theta.Length];
        gradient.AsSpan().Fill(0.25f);
        old.Step(theta, gradient);
        string path = Path.Combine(Path.GetTempPath(), "tiny-gpt-old-state-" + Guid.NewGuid().ToString("N"));
        byte[] oldState;
        try
        {
            old.Save(path, theta);
            oldState = File.ReadAllBytes(path);
        }
        finally
        {
            File.Delete(path);
        }

        IGptOptimizer gpt = GptOptimizers.Create(run, parameters);
        gpt.Step(parameters, Random(parameters, 1));
        float[][] before = Values(parameters);
        byte[] state = gpt.SaveState();

        var e = Assert.Throws<InvalidDataException>(() => gpt.LoadState(oldState, parameters));
        Assert.Contains("before TinyGpt exempted biases and LayerNorm parameters", e.Message);
        Assert.Equal(before, Values(parameters));
        Assert.Equal(state, gpt.SaveState());
    }

    [Fact]
    public void AStateWhoseSecondGroupIsRefusedLeavesTheFirstGroupAsItWas()
    {
        // A grouped state of another decay rule: the decayed group differs in size under --decay all, and the exempt
        // group's configuration differs (λ); either way nothing may change.
        Tensor[] parameters = Parameters();
        IGptOptimizer matrices = GptOptimizers.Create(Run(), parameters);
        matrices.Step(parameters, Random(parameters, 1));
        byte[] matricesState = matrices.SaveState();

        Tensor[] others = Parameters(seed: 5);
        IGptOptimizer innaprop = GptOptimizers.Create(Run("innaprop"), others);
        innaprop.Step(others, Random(others, 2));
        byte[][] groups = GroupedOptimizerState.Read(innaprop.SaveState(), 2);
        byte[] mixed = GroupedOptimizerState.Write([GroupedOptimizerState.Read(matricesState, 2)[0], groups[1]]);

        Tensor[] fresh = Parameters(seed: 8);
        IGptOptimizer target = GptOptimizers.Create(Run(), fresh);
        target.Step(fresh, Random(fresh, 3));
        float[][] before = Values(fresh);
        byte[] state = target.SaveState();
        Assert.Throws<InvalidDataException>(() => target.LoadState(mixed, fresh));
        Assert.Equal(before, Values(fresh));
        Assert.Equal(state, target.SaveState());
        Assert.Throws<InvalidDataException>(() => GroupedOptimizerState.Read(GroupedOptimizerState.Write([groups[0]]), 2));
    }
}
