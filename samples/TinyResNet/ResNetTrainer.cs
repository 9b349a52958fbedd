using System.Diagnostics;
using SourceAD.Optimizers;
using SourceAD.Tensors;
using SourceAD.Tensors.Backends.Cpu;

namespace TinyResNet;

/// <summary>A training run's settings (the command line's options, <see cref="Program"/>).</summary>
/// <param name="Width">The ResNet's base width (stages of W, 2W, 4W, 8W channels).</param>
/// <param name="Size">Image side (a multiple of 8).</param>
/// <param name="Batch">Images per step.</param>
/// <param name="Steps">Optimizer steps.</param>
/// <param name="LearningRate">SGD's step size (momentum 0.9, weight decay 5e-4, constant).</param>
/// <param name="Seed">Seeds the weights and both image streams.</param>
/// <param name="Threads">CPU kernel threads (0: the backend's default).</param>
/// <param name="LogEvery">Steps per table row.</param>
/// <param name="EvalImages">Held-out images scored (evaluation mode) before and after training.</param>
/// <param name="Noise">The pixel noise's standard deviation (the stripes' contrast is 0.5–1).</param>
public sealed record TrainOptions(
    int Width = 16, int Size = 32, int Batch = 32, int Steps = 300, double LearningRate = 0.05, ulong Seed = 1,
    int Threads = 0, int LogEvery = 25, int EvalImages = 256, double Noise = 1.0);

/// <summary>What a run measured.</summary>
/// <param name="StepLosses">The training loss of every step (batch statistics, before the step's update).</param>
/// <param name="Before">Held-out loss and accuracy of the initial weights (evaluation mode).</param>
/// <param name="After">The same after training.</param>
/// <param name="MedianStepMilliseconds">The median wall time of a step (forward, backward, optimizer).</param>
public sealed record TrainResult(double[] StepLosses, (double Loss, double Accuracy) Before, (double Loss, double Accuracy) After, double MedianStepMilliseconds);

/// <summary>
/// Trains a <see cref="ResNet18"/> on <see cref="StripeImages"/> with SGD (momentum 0.9, weight decay 5e-4), one fresh
/// batch per step from an endless seeded stream, batch norm in training mode; scores held-out images from another
/// stream in evaluation mode (running statistics) before and after. Deterministic for a seed, on any thread count.
/// </summary>
public static class ResNetTrainer
{
    public static TrainResult Train(TrainOptions o, TextWriter log)
    {
        if (o.Width < 1 || o.Batch < 2 || o.Steps < 1 || o.Size < 8 || o.Size % 8 != 0 || o.LearningRate <= 0 || o.LogEvery < 1 || o.EvalImages < 1 || o.Threads < 0 || !(o.Noise >= 0))
        {
            throw new ArgumentException($"Bad settings {o}: width ≥ 1, batch ≥ 2 (batch norm), steps ≥ 1, size a multiple of 8, a positive learning rate, log-every and eval-images, threads ≥ 0, noise ≥ 0.");
        }
        using IDisposable? threads = o.Threads > 0 ? CpuBackend.UseThreads(o.Threads) : null;
        var config = new ResNetConfig(o.Width, StripeImages.Channels, StripeImages.Classes);
        Tensor[] parameters = config.CreateParameters(o.Seed);
        (Tensor[] means, Tensor[] vars) = config.CreateRunningStatistics();
        var model = new ResNet18(config, parameters, means, vars);
        var optimizers = new ResNet18.Optimizers<Sgd<float>, float>(() => new Sgd<float>(o.LearningRate, momentum: 0.9, weightDecay: 5e-4));
        using var grads = new ResNet18.Gradients();
        log.WriteLine($"ResNet-18, widths {o.Width}/{2 * o.Width}/{4 * o.Width}/{8 * o.Width}, {config.ParameterCount():N0} parameters; " +
                      $"{StripeImages.Classes}-class stripes {o.Size}×{o.Size} (noise σ {o.Noise}), batch {o.Batch}, SGD γ={o.LearningRate} (momentum 0.9, wd 5e-4), {o.Steps} steps");
        var before = Evaluate(model, o);
        log.WriteLine($"held-out before: loss {before.Loss:F4}, accuracy {before.Accuracy:P1} (chance {1.0 / StripeImages.Classes:P0})");
        log.WriteLine($"{"step",6} {"train loss",11} {"ms/step",9}");

        var losses = new double[o.Steps];
        var times = new double[o.Steps];
        var clock = new Stopwatch();
        try
        {
            for (int step = 0; step < o.Steps; step++)
            {
                (Tensor x, int[] labels) = StripeImages.Batch(o.Seed, (long)step * o.Batch, o.Batch, o.Size, o.Noise);
                clock.Restart();
                grads.Recycle();
                using (Tensor loss = model.LossGradient(x, labels, grads))
                {
                    losses[step] = loss.Item();
                }
                optimizers.Step(model, grads);
                times[step] = clock.Elapsed.TotalMilliseconds;
                x.Dispose();
                if ((step + 1) % o.LogEvery == 0 || step + 1 == o.Steps)
                {
                    int from = Math.Max(0, step + 1 - o.LogEvery);
                    log.WriteLine($"{step + 1,6} {losses[from..(step + 1)].Average(),11:F4} {Median(times[from..(step + 1)]),9:F1}");
                }
            }
            var after = Evaluate(model, o);
            log.WriteLine($"held-out after:  loss {after.Loss:F4}, accuracy {after.Accuracy:P1}");
            return new TrainResult(losses, before, after, Median(times));
        }
        finally
        {
            foreach (Tensor t in parameters.Concat(means).Concat(vars)) t.Dispose();
        }
    }

    /// <summary>Loss and accuracy on the held-out stream (seed + 1) in evaluation mode, in batches of the run's size.</summary>
    private static (double Loss, double Accuracy) Evaluate(ResNet18 model, TrainOptions o)
    {
        model.Training = false;
        double lossSum = 0;
        int correct = 0;
        for (int first = 0; first < o.EvalImages; first += o.Batch)
        {
            int count = Math.Min(o.Batch, o.EvalImages - first);
            (Tensor x, int[] labels) = StripeImages.Batch(o.Seed + 1, first, count, o.Size, o.Noise);
            using Tensor logits = model.LogitsValue(x);
            using Tensor loss = SourceAD.Tensors.Ops.CrossEntropy(logits, labels);
            lossSum += loss.Item() * count;
            float[] z = logits.ToArray<float>();
            for (int n = 0; n < count; n++)
            {
                int best = 0;
                for (int k = 1; k < StripeImages.Classes; k++)
                {
                    if (z[n * StripeImages.Classes + k] > z[n * StripeImages.Classes + best]) best = k;
                }
                correct += best == labels[n] ? 1 : 0;
            }
            x.Dispose();
        }
        model.Training = true;
        return (lossSum / o.EvalImages, (double)correct / o.EvalImages);
    }

    private static double Median(double[] values)
    {
        double[] sorted = values.Order().ToArray();
        int m = sorted.Length / 2;
        return sorted.Length % 2 == 1 ? sorted[m] : 0.5 * (sorted[m - 1] + sorted[m]);
    }
}
