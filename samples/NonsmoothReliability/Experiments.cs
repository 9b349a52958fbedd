using System.Diagnostics;
using System.Numerics;
using MnistLeNet;
using MnistLeNet.Training;
using ScottPlot;
using SourceAD;
using SourceAD.Tensors;
using SourceAD.Tensors.Data;

namespace NonsmoothReliability;

/// <summary>The sizes of every experiment; the defaults keep a full run near two minutes on two cores.</summary>
public sealed record Options
{
    /// <summary>M: random parameter draws θ_m (seeds Seed, Seed+1, …; PyTorch-style Kaiming init).</summary>
    public int Draws { get; init; } = 20;

    /// <summary>Q (R in the margins): mini-batches per draw.</summary>
    public int Batches { get; init; } = 8;

    /// <summary>Images per mini-batch in the variation experiments.</summary>
    public int BatchSize { get; init; } = 64;

    /// <summary>Precisions (bits) of the bifurcation-zone table.</summary>
    public int[] Bits { get; init; } = [16, 32, 64];

    /// <summary>SGD steps per β in the hybrid sweep (0 skips the sweep).</summary>
    public int Steps { get; init; } = 250;

    /// <summary>Images per SGD step.</summary>
    public int TrainBatch { get; init; } = 64;

    /// <summary>Precisions of the hybrid-β training sweeps: 32 and 16 (the thesis's unstable case for β &gt; 10³).</summary>
    public int[] TrainBits { get; init; } = [32, 16];

    /// <summary>Plain SGD learning rate.</summary>
    public double LearningRate { get; init; } = 0.1;

    /// <summary>Test images used for the final accuracy of each β.</summary>
    public int TestImages { get; init; } = 1000;

    /// <summary>Training images loaded (mini-batches are drawn from these).</summary>
    public int TrainImages { get; init; } = 10000;

    /// <summary>Base seed for parameters and mini-batches.</summary>
    public ulong Seed { get; init; } = 1;

    /// <summary>Risk level α of the Hoeffding/McDiarmid margins.</summary>
    public double Alpha { get; init; } = 0.05;

    /// <summary>Where the PNGs go.</summary>
    public string OutputDirectory { get; init; } = Path.Combine("artifacts", "nonsmooth-reliability");

    /// <summary>MNIST folder (null: the digits shipped with MnistLeNet).</summary>
    public string? DataDirectory { get; init; }
}

/// <summary>One row of Table 3.1/3.3: zero'(t) at the seven t values.</summary>
public sealed record ZeroRow(string Program, string X, int Bits, double[] Derivatives);

/// <summary>Backprop variations D[m, q] of one pair of programs at one precision.</summary>
public sealed record VariationSet(string Name, int Bits, double[,] D)
{
    public IEnumerable<double> Values => D.Cast<double>();
    public int Positive => Values.Count(d => d > 0);
    public double Max => Values.Max();
    public double Median => Quantile(0.5);
    public double Quantile(double q)
    {
        double[] s = Values.OrderBy(v => v).ToArray();
        return s[(int)Math.Round(q * (s.Length - 1))];
    }
}

/// <summary>τ¹, τ² (Table 3.4 style) and the bifurcation-zone estimate (Table 3.2 style) at one precision.</summary>
public sealed record ZoneRow(int Bits, double Tau1, double Tau2, double Threshold, BifurcationZoneEstimate Zone, VariationSet Same, VariationSet Relu, VariationSet Pool, double Seconds);

/// <summary>One β of the Figure 3.7 sweep.</summary>
public sealed record TrainingRun(int Bits, double Beta, double[] Losses, bool Diverged, int DivergedAtStep, double FinalLoss, double TestAccuracy, double Seconds);

/// <summary>Everything one run produced.</summary>
public sealed record Results(
    IReadOnlyList<ZeroRow> Zero,
    VariationSet NativeVsMinimal,
    VariationSet NativeVsNative,
    IReadOnlyList<ZoneRow> Zones,
    IReadOnlyList<TrainingRun> Training,
    IReadOnlyList<string> Files);

/// <summary>Thesis chapter 3 at CPU scale, every experiment through SourceAD-generated derivatives.</summary>
public static class Experiments
{
    /// <summary>The t values of Tables 3.1 and 3.3.</summary>
    public static readonly double[] Ts = [-1e-3, -1e-2, -1e-1, 0, 10, 100, 1000];

    public const string HistogramPng = "variation-histogram.png";
    public const string ReluHistogramPng = "relu-variation-histogram-16bit.png";

    /// <summary>The training-curve PNG of a sweep at <paramref name="bits"/>.</summary>
    public static string TrainingPng(int bits) => $"hybrid-beta-training-{bits}bit.png";

    // ---------------------------------------------------------------- 1. Tables 3.1 and 3.3

    /// <summary>zero'(t) (Table 3.1: native − minimal max) and zero₂'(t) (Table 3.3: ReLU-built max, relu'(0)=0 − relu'(0)=1).</summary>
    public static List<ZeroRow> ZeroTables()
    {
        var rows = new List<ZeroRow>();
        foreach ((string program, bool relu) in new[] { ("zero (Table 3.1)", false), ("zero₂ (Table 3.3)", true) })
        {
            foreach ((string label, double[] x) in new[] { ("(1, 2, 3, 4)", new double[] { 1, 2, 3, 4 }), ("1.4·(1, 1, 1, 1)", new double[] { 1.4, 1.4, 1.4, 1.4 }) })
            {
                rows.Add(new ZeroRow(program, label, 16, ZeroDerivatives<Half>(x, relu)));
                rows.Add(new ZeroRow(program, label, 32, ZeroDerivatives<float>(x, relu)));
                rows.Add(new ZeroRow(program, label, 64, ZeroDerivatives<double>(x, relu)));
            }
        }
        return rows;
    }

    private static double[] ZeroDerivatives<T>(double[] x, bool relu) where T : IFloatingPointIeee754<T>
    {
        T[] xs = x.Select(T.CreateChecked).ToArray();
        return Ts.Select(t =>
        {
            T tt = T.CreateChecked(t);
            T d = relu ? ZeroPrograms.ReluZeroGradient(tt, xs).DT : ZeroPrograms.ZeroGradient(tt, xs).DT;
            return double.CreateChecked(d);
        }).ToArray();
    }

    // ---------------------------------------------------------------- 2–4. Backprop variation

    /// <summary>
    /// D[m, q] = ‖backprop P − backprop Q‖₁ (Definition 11) for M draws θ_m and Q mini-batches each. P and Q share the
    /// initialization (same seed) and the batch; when <paramref name="createQ"/> is null, Q is P run a second time (P̃).
    /// </summary>
    public static VariationSet Variation(string name, MnistDataset train, Options o, DType dtype,
        Func<ulong, DType, ILeNet5> createP, Func<ulong, DType, ILeNet5>? createQ)
    {
        var d = new double[o.Draws, o.Batches];
        for (int m = 0; m < o.Draws; m++)
        {
            ulong seed = o.Seed + (ulong)m;
            using ILeNet5 p = createP(seed, dtype);
            using ILeNet5? q = createQ?.Invoke(seed, dtype);
            var rng = new Random(unchecked((int)(seed * 7919 + 17)));
            for (int b = 0; b < o.Batches; b++)
            {
                int[] indices = Enumerable.Range(0, o.BatchSize).Select(_ => rng.Next(train.Count)).ToArray();
                (Tensor x, int[] labels) = train.Batch(indices, dtype);
                using (x)
                {
                    double[] gp = FlatGradients(p, x, labels);
                    double[] gq = FlatGradients(q ?? p, x, labels);
                    d[m, b] = Reliability.BackpropVariation<double>(gp, gq);
                }
            }
        }
        return new VariationSet(name, DTypeBits(dtype), d);
    }

    private static double[] FlatGradients(ILeNet5 model, Tensor x, int[] labels)
    {
        Tensor[] grads = model.LossAndGradients(x, labels, out _);
        var all = new List<double>(61706);
        foreach (Tensor g in grads)
        {
            all.AddRange(g.ToDoubleArray());
            g.Dispose();
        }
        return all.ToArray();
    }

    private static int DTypeBits(DType d) => d switch { DType.Float16 => 16, DType.Float64 => 64, _ => 32 };
    private static DType BitsDType(int bits) => bits switch
    {
        16 => DType.Float16,
        32 => DType.Float32,
        64 => DType.Float64,
        _ => throw new ArgumentException($"Precision {bits} is not one of 16, 32, 64."),
    };

    /// <summary>
    /// At one precision (§3.3): τ¹ (eq. 3.12) from P vs P̃ (native max-pool, relu'(0)=0, the same program run twice),
    /// τ² (eq. 3.13) from relu'(0)=0 vs relu'(0)=1, and the native vs minimal max-pool variations, whose share above the
    /// thesis's threshold (τ² at 16 bits, τ¹ at 32 and 64) estimates the bifurcation zone S (Criteria 1, Table 3.2).
    /// </summary>
    public static ZoneRow Zone(MnistDataset train, Options o, int bits)
    {
        var sw = Stopwatch.StartNew();
        DType dtype = BitsDType(bits);
        VariationSet same = Variation("P vs P̃ (native twice)", train, o, dtype, (s, d) => new LeNet5(s, d), null);
        VariationSet relu = Variation("relu'(0) = 0 vs 1", train, o, dtype, (s, d) => new LeNet5(s, d), (s, d) => new LeNet5(s, d, DerivativePolicy.PyTorch with { ReluAtZero = 1 }));
        VariationSet pool = Variation("native vs minimal max-pool", train, o, dtype, (s, d) => new LeNet5(s, d), (s, d) => new LeNet5(s, d, DerivativePolicy.PyTorch with { Pooling = TieChoice.Minimal }));
        double tau1 = Reliability.Tau1(same.D);
        double tau2 = Reliability.Tau2(relu.D);
        double threshold = bits == 16 ? tau2 : tau1;
        BifurcationZoneEstimate zone = Reliability.EstimateBifurcationZone(pool.D, threshold, o.Alpha);
        return new ZoneRow(bits, tau1, tau2, threshold, zone, same, relu, pool, sw.Elapsed.TotalSeconds);
    }

    // ---------------------------------------------------------------- 5. Hybrid β sweep

    /// <summary>
    /// Plain SGD at <paramref name="bits"/> for <see cref="Options.Steps"/> steps with Hybrid(β) max-pool ties, from the
    /// same init and batches for every β. At 16 bits the update is computed in float and rounded to Half once.
    /// </summary>
    public static TrainingRun Train(int bits, double beta, Func<ulong, DType, ILeNet5> create, MnistDataset train, MnistDataset test, Options o)
    {
        var sw = Stopwatch.StartNew();
        DType dtype = BitsDType(bits);
        if (dtype == DType.Float64) throw new ArgumentException("The training sweep runs at 16 or 32 bits.");
        using ILeNet5 model = create(o.Seed, dtype);
        var rng = new Random(unchecked((int)o.Seed * 31 + 5));
        var losses = new List<double>();
        int divergedAt = -1;
        float lr = (float)o.LearningRate;
        for (int step = 0; step < o.Steps; step++)
        {
            int[] indices = Enumerable.Range(0, o.TrainBatch).Select(_ => rng.Next(train.Count)).ToArray();
            (Tensor x, int[] labels) = train.Batch(indices, dtype);
            double loss;
            using (x)
            {
                Tensor[] grads = model.LossAndGradients(x, labels, out loss);
                Tensor[] ps = model.Parameters;
                for (int i = 0; i < ps.Length; i++)
                {
                    if (dtype == DType.Float16)
                    {
                        Span<Half> p = ps[i].AsSpan<Half>();
                        Span<Half> g = grads[i].AsSpan<Half>();
                        for (int k = 0; k < p.Length; k++) p[k] = (Half)((float)p[k] - lr * (float)g[k]);
                    }
                    else
                    {
                        Span<float> p = ps[i].AsSpan<float>();
                        Span<float> g = grads[i].AsSpan<float>();
                        for (int k = 0; k < p.Length; k++) p[k] -= lr * g[k];
                    }
                    grads[i].Dispose();
                }
            }
            losses.Add(loss);
            if (!double.IsFinite(loss) || loss > 1e3)
            {
                divergedAt = step + 1;
                break;
            }
        }
        double accuracy = divergedAt > 0 ? double.NaN : Accuracy(model, test, o.TestImages, dtype);
        double tail = losses.Skip(Math.Max(0, losses.Count - 20)).Average();
        return new TrainingRun(bits, beta, losses.ToArray(), divergedAt > 0, divergedAt, divergedAt > 0 ? losses[^1] : tail, accuracy, sw.Elapsed.TotalSeconds);
    }

    private static double Accuracy(ILeNet5 model, MnistDataset test, int count, DType dtype)
    {
        int n = Math.Min(count, test.Count), correct = 0;
        for (int first = 0; first < n; first += 500)
        {
            int[] idx = Enumerable.Range(first, Math.Min(500, n - first)).ToArray();
            (Tensor x, int[] labels) = test.Batch(idx, dtype);
            using (x)
            using (Tensor logits = LeNet5Parameters.Logits(model.Parameters, x))
            {
                double[] l = logits.ToDoubleArray();
                for (int i = 0; i < idx.Length; i++)
                {
                    int best = 0;
                    for (int c = 1; c < 10; c++) if (l[i * 10 + c] > l[i * 10 + best]) best = c;
                    correct += best == labels[i] ? 1 : 0;
                }
            }
        }
        return (double)correct / n;
    }

    // ---------------------------------------------------------------- Everything

    /// <summary>Runs every experiment at the sizes of <paramref name="o"/>; <paramref name="log"/> gets progress lines.</summary>
    public static Results RunAll(Options o, Action<string>? log = null)
    {
        log ??= _ => { };
        Directory.CreateDirectory(o.OutputDirectory);
        var files = new List<string>();

        log("Tables 3.1 / 3.3 (zero programs) …");
        List<ZeroRow> zero = ZeroTables();

        MnistData data = MnistData.Load(o.DataDirectory, o.TrainImages, o.TestImages);
        log($"MNIST: {data.Train.Count} train / {data.Test.Count} test images from {data.Directory}");

        var zones = new List<ZoneRow>();
        foreach (int bits in o.Bits)
        {
            log($"Figure 3.3 / Tables 3.2, 3.4 at {bits} bits: P vs P̃, relu'(0) = 0 vs 1, native vs minimal max-pool; M = {o.Draws}, Q = {o.Batches}, batch {o.BatchSize} …");
            zones.Add(Zone(data.Train, o, bits));
        }
        // Figure 3.3 is the float32 native-vs-minimal histogram, with P vs P̃ as the sanity check.
        ZoneRow? z32 = zones.FirstOrDefault(z => z.Bits == 32);
        VariationSet nm = z32?.Pool ?? Variation("native vs minimal max-pool", data.Train, o, DType.Float32, (s, d) => new LeNet5(s, d), (s, d) => new LeNet5(s, d, DerivativePolicy.PyTorch with { Pooling = TieChoice.Minimal }));
        VariationSet nn = z32?.Same ?? Variation("P vs P̃ (native twice)", data.Train, o, DType.Float32, (s, d) => new LeNet5(s, d), null);
        files.Add(PlotHistogram(nm, nn, Path.Combine(o.OutputDirectory, HistogramPng)));
        if (zones.FirstOrDefault(z => z.Bits == 16) is ZoneRow z16)
        {
            // Figure 3.5: the ReLU-derived programs either vary a lot or not at all (here at 16 bits, where exact zeros occur).
            files.Add(PlotHistogram(z16.Relu, z16.Same, Path.Combine(o.OutputDirectory, ReluHistogramPng),
                "LeNet-5 / MNIST backprop variation, relu'(0) = 0 vs 1, float16 (cf. thesis Fig. 3.5)", "relu'(0) = 0 vs 1"));
        }

        var training = new List<TrainingRun>();
        if (o.Steps > 0)
        {
            foreach (int bits in o.TrainBits)
            {
                var sweep = new List<TrainingRun>();
                foreach ((double beta, Func<ulong, DType, ILeNet5> create) in HybridVariants.All)
                {
                    log($"Figure 3.7: SGD at {bits} bits with hybrid β = {beta}, {o.Steps} steps …");
                    sweep.Add(Train(bits, beta, create, data.Train, data.Test, o));
                }
                files.Add(PlotTraining(sweep, Path.Combine(o.OutputDirectory, TrainingPng(bits))));
                training.AddRange(sweep);
            }
        }
        return new Results(zero, nm, nn, zones, training, files);
    }

    // ---------------------------------------------------------------- Plots

    private static string PlotHistogram(VariationSet nm, VariationSet same, string path) =>
        PlotHistogram(nm, same, path, "LeNet-5 / MNIST backprop variation D(P, Q), float32 (cf. thesis Fig. 3.3)", "native vs minimal max-pool");

    private static string PlotHistogram(VariationSet nm, VariationSet same, string path, string title, string label)
    {
        var plot = new Plot();
        double[] values = nm.Values.ToArray();
        double max = Math.Max(values.Max(), 1e-12);
        const int bins = 30;
        double width = max / bins;
        var counts = new double[bins];
        foreach (double v in values) counts[Math.Min(bins - 1, (int)(v / width))]++;
        var bars = plot.Add.Bars(Enumerable.Range(0, bins).Select(i => (i + 0.5) * width).ToArray(), counts);
        foreach (var bar in bars.Bars) bar.Size = width * 0.9;
        bars.LegendText = $"{label} ({values.Length} pairs θ_m, batch; {values.Count(v => v > 0)} > 0)";
        bars.Color = Colors.SteelBlue;
        int zeros = same.Values.Count(v => v == 0);
        var z = plot.Add.Bars(new[] { 0.0 }, new[] { (double)zeros });
        z.Bars[0].Size = width * 0.9;
        z.Color = Colors.OrangeRed.WithAlpha(0.7);
        z.LegendText = $"P vs P~ (same program twice): {zeros} of {same.D.Length} exactly 0 (max {same.Max:G3})";
        plot.Title(title);
        plot.XLabel("D(P, Q)");
        plot.YLabel("count");
        plot.ShowLegend(Alignment.UpperRight);
        File.WriteAllBytes(path, plot.GetImageBytes(900, 500, ImageFormat.Png));
        return path;
    }

    private static string PlotTraining(IReadOnlyList<TrainingRun> runs, string path)
    {
        var plot = new Plot();
        foreach (TrainingRun r in runs)
        {
            double[] y = r.Losses.Select(l => double.IsFinite(l) ? Math.Min(l, 10) : 10).ToArray();
            double[] xs = Enumerable.Range(1, y.Length).Select(i => (double)i).ToArray();
            var s = plot.Add.ScatterLine(xs, y);
            s.LegendText = $"β = {r.Beta}" + (r.Diverged ? $" (diverged at step {r.DivergedAtStep})" : "");
            s.LineWidth = 1.5f;
        }
        plot.Title($"LeNet-5 / MNIST, SGD at {runs[0].Bits} bits with Hybrid(β) max-pool ties (cf. thesis Fig. 3.7)");
        plot.XLabel("SGD step");
        plot.YLabel("mini-batch loss (clipped at 10)");
        plot.ShowLegend(Alignment.UpperRight);
        File.WriteAllBytes(path, plot.GetImageBytes(900, 500, ImageFormat.Png));
        return path;
    }
}
