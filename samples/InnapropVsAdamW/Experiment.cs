using SourceAD.Optimizers;
using SourceAD.Tensors;
using SourceAD.Tensors.Data;

namespace InnapropVsAdamW;

/// <summary>One optimizer of the comparison. <see cref="Alpha"/>/<see cref="Beta"/> are null for AdamW.</summary>
public sealed record OptimizerSpec(string Name, double? Alpha, double? Beta)
{
    /// <summary>AdamW (lr 1e-3, β = (0.9, 0.999), ε 1e-8, decay 0.01) and INNAprop (0.1, 0.9), (1, 1), (2, 2) (lr 1e-3, σ 0.999, ε 1e-8, decay 0.01).</summary>
    public static readonly OptimizerSpec[] All =
    [
        new("AdamW", null, null),
        new("INNAprop (0.1, 0.9)", 0.1, 0.9),
        new("INNAprop (1, 1)", 1, 1),
        new("INNAprop (2, 2)", 2, 2),
    ];

    /// <summary>A fresh optimizer with the sample's hyperparameters.</summary>
    public UpdateRuleOptimizer<float> Create(double lr) => Alpha is double a && Beta is double b
        ? new Innaprop<float>(lr: lr, alpha: a, beta: b, sigma: 0.999, eps: 1e-8, weightDecay: 0.01)
        : new AdamW<float>(lr: lr, beta1: 0.9, beta2: 0.999, eps: 1e-8, weightDecay: 0.01);
}

/// <summary>What to run.</summary>
public sealed record ExperimentOptions
{
    public string[] Models { get; init; } = ["lenet", "mlp"];
    public int Epochs { get; init; } = 3;
    public int Seeds { get; init; } = 3;
    public int Batch { get; init; } = 64;
    public double LearningRate { get; init; } = 1e-3;
    public int? TrainLimit { get; init; }
    public int? TestLimit { get; init; }
    public string? DataDirectory { get; init; }
    public string OutputDirectory { get; init; } = Path.Combine("artifacts", "innaprop-vs-adamw");
    public bool Plots { get; init; } = true;
    public int? Threads { get; init; }
}

/// <summary>One training run: a model, an optimizer and a seed.</summary>
public sealed record RunResult(string Model, OptimizerSpec Optimizer, ulong Seed, double[] StepLosses, double[] EpochTestAccuracy, double[] EpochTestLoss, double Seconds);

/// <summary>Trains every (model, optimizer, seed) with the same initialization and data order per seed.</summary>
public static class Experiment
{

    /// <summary>Trains one run. The seed fixes both the initialization and the mini-batch order, whatever the optimizer.</summary>
    public static RunResult Train(string model, OptimizerSpec spec, ulong seed, MnistDataset train, MnistDataset test, ExperimentOptions o)
    {
        long start = System.Diagnostics.Stopwatch.GetTimestamp();
        using IBenchModel net = BenchModels.Create(model, seed);
        Tensor[] parameters = net.Parameters;
        UpdateRuleOptimizer<float> optimizer = spec.Create(o.LearningRate);
        var theta = new float[parameters.Sum(p => p.Length)];
        var gradient = new float[theta.Length];
        TensorList.Gather<float>(parameters, theta);

        var batches = new MiniBatches(train.Count, o.Batch, seed);
        var losses = new List<double>();
        var accuracy = new double[o.Epochs];
        var testLoss = new double[o.Epochs];
        for (int epoch = 0; epoch < o.Epochs; epoch++)
        {
            int[] order = batches.Order(epoch);
            for (int first = 0; first < train.Count; first += o.Batch)
            {
                int[] indices = order[first..Math.Min(first + o.Batch, train.Count)];
                (Tensor x, int[] labels) = train.Batch(indices);
                double loss;
                using (x)
                {
                    Tensor[] grads = net.LossAndGradients(x, labels, out loss);
                    TensorList.Gather<float>(grads, gradient);
                    foreach (Tensor g in grads)
                    {
                        g.Dispose();
                    }
                }
                if (!double.IsFinite(loss))
                {
                    throw new InvalidOperationException($"{BenchModels.Display(model)} / {spec.Name} / seed {seed}: the loss became {loss} at step {losses.Count + 1}.");
                }
                optimizer.Step(theta, gradient);
                TensorList.Scatter<float>(theta, parameters);
                losses.Add(loss);
            }
            (testLoss[epoch], accuracy[epoch]) = Evaluate(net, test);
        }
        return new RunResult(model, spec, seed, losses.ToArray(), accuracy, testLoss,
            System.Diagnostics.Stopwatch.GetElapsedTime(start).TotalSeconds);
    }

    /// <summary>Mean cross-entropy and accuracy of <paramref name="net"/> on <paramref name="set"/>.</summary>
    public static (double Loss, double Accuracy) Evaluate(IBenchModel net, MnistDataset set) =>
        MnistLeNet.Training.Evaluation.Evaluate(set, DType.Float32, net.Logits);
}
