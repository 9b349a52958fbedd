using SourceAD;
using SourceAD.Distributed;
using SourceAD.Optimizers;
using SourceAD.Tensors;
using SourceAD.Tensors.Data;

namespace SourceAD.Distributed.Worker;

/// <summary>
/// A scalar program trained data-parallel: logistic regression on synthetic points, its per-sample gradient generated
/// by SourceAD (a <c>[Differentiable]</c> method with a loop), stepped by INNAprop (a generated update rule) on a flat θ.
/// </summary>
public static partial class ScalarProgram
{
    /// <summary>Features per point.</summary>
    public const int Features = 5;

    /// <summary>Points in the data set.</summary>
    public const int Count = 90;

    /// <summary>log(1 + exp(−y·(w₀ + Σ wᵢ₊₁ xᵢ))).</summary>
    [Differentiable]
    public static double SampleLoss(double[] w, [NoDerivative] double[] x, [NoDerivative] double y)
    {
        double z = w[0];
        for (int i = 0; i < x.Length; i++)
        {
            z += w[i + 1] * x[i];
        }
        return Math.Log(1 + Math.Exp(-y * z));
    }

    /// <summary>The data set (the same on every rank: a pure function of the seed).</summary>
    public static (double[][] X, double[] Y) Data(ulong seed)
    {
        var rng = new SeededRandom(seed);
        var x = new double[Count][];
        var y = new double[Count];
        for (int n = 0; n < Count; n++)
        {
            x[n] = new double[Features];
            double s = 0;
            for (int i = 0; i < Features; i++)
            {
                x[n][i] = 2 * rng.NextDouble() - 1;
                s += (i + 1) * x[n][i];
            }
            y[n] = s + 0.3 * (rng.NextDouble() - 0.5) > 0 ? 1 : -1;
        }
        return (x, y);
    }

    /// <summary>
    /// Trains for <paramref name="steps"/> steps with batches of <paramref name="batch"/> split into
    /// <paramref name="shards"/> shards over the ranks of <paramref name="comm"/>; returns θ. With
    /// <paramref name="poisonRank"/> ≥ 0, the first point of that rank's first shard at step 2 gets a NaN feature.
    /// <paramref name="log"/> receives "step k done" after each step.
    /// </summary>
    public static double[] Train(Communicator comm, int shards, int steps, int batch = 24, int poisonRank = -1, TextWriter? log = null)
    {
        (double[][] x, double[] y) = Data(7);
        var sampler = new DistributedSampler(new MiniBatches(Count, batch, seed: 11), shards);
        Range local = sampler.LocalShards(comm.Rank, comm.Size);
        int localCount = local.End.Value - local.Start.Value;
        var theta = new double[Features + 1];
        var optimizer = new Innaprop<double>(lr: 0.05);
        // Messages of at most two elements: several per chunk and step even for this small θ.
        var reducer = new GradientAllReduce<double>(comm, [theta.Length], localCount, ["w"], bucketBytes: 2 * sizeof(double));
        var g = new double[theta.Length];
        int perEpoch = sampler.Batches.BatchesPerEpoch;
        for (int step = 0; step < steps; step++)
        {
            int epoch = step / perEpoch, b = step % perEpoch;
            int[] order = sampler.Batches.Order(epoch);
            for (int s = local.Start.Value; s < local.End.Value; s++)
            {
                int[] items = sampler.Shard(order, b, s);
                if (items.Length == 0)
                {
                    reducer.SkipShard(s - local.Start.Value);
                    continue;
                }
                Array.Clear(g);
                foreach (int n in items)
                {
                    double[] xn = n == items[0] && step == 1 && comm.Rank == poisonRank && s == local.Start.Value
                        ? [.. x[n][..^1], double.NaN]
                        : x[n];
                    SampleLossPullback(theta, xn, y[n], 1.0 / items.Length, g);
                }
                reducer.SetShard(s - local.Start.Value, g, sampler.Weight(b, s));
            }
            optimizer.Step(theta, reducer.Reduce($"step {step + 1}"));
            log?.WriteLine($"step {step + 1} done");
        }
        return theta;
    }
}
