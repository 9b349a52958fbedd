using System.Globalization;
using Spectre.Console;

namespace NonsmoothReliability;

/// <summary>Prints the results as Spectre.Console tables, one per thesis table/figure.</summary>
public static class Report
{
    private static string F(double d) => d.ToString("G9", CultureInfo.InvariantCulture);
    private static string G(double d) => d.ToString("G4", CultureInfo.InvariantCulture);

    public static void Print(Results r, Options o)
    {
        // Redirected output defaults to 80 columns, which wraps the tables; they need about 130.
        if (AnsiConsole.Profile.Width < 140) AnsiConsole.Profile.Width = 140;
        var zero = new Table().Title("Tables 3.1 / 3.3: SourceAD's zero'(t) (true derivative: 0 everywhere)");
        zero.AddColumn("program").AddColumn("x").AddColumn("bits");
        foreach (double t in Experiments.Ts) zero.AddColumn(new TableColumn("t = " + t.ToString(CultureInfo.InvariantCulture)).RightAligned());
        foreach (ZeroRow row in r.Zero)
        {
            zero.AddRow([row.Program, row.X, row.Bits.ToString(CultureInfo.InvariantCulture), .. row.Derivatives.Select(F)]);
        }
        AnsiConsole.Write(zero);

        var v = new Table().Title($"Figure 3.3: backprop variation D = ‖bp P − bp Q‖₁, LeNet-5, float32, M = {o.Draws}, Q = {o.Batches}, batch {o.BatchSize}");
        v.AddColumn("P vs Q").AddColumn("pairs").AddColumn("D > 0").AddColumn("median").AddColumn("90%").AddColumn("max");
        foreach (VariationSet s in new[] { r.NativeVsMinimal, r.NativeVsNative })
        {
            v.AddRow(s.Name, s.D.Length.ToString(CultureInfo.InvariantCulture), s.Positive.ToString(CultureInfo.InvariantCulture), G(s.Median), G(s.Quantile(0.9)), G(s.Max));
        }
        AnsiConsole.Write(v);

        if (r.Zones.Count > 0)
        {
            var tau = new Table().Title("Table 3.4 style: thresholds τ¹ (eq. 3.12, P vs P̃) and τ² (eq. 3.13, relu'(0) = 0 vs 1), and the variations they bound");
            tau.AddColumn("bits").AddColumn("τ¹").AddColumn("τ²").AddColumn("relu 0 vs 1: D > 0").AddColumn("median D relu").AddColumn("pool: D > 0").AddColumn("median D pool").AddColumn("max D pool").AddColumn("seconds");
            foreach (ZoneRow z in r.Zones)
            {
                tau.AddRow(z.Bits.ToString(CultureInfo.InvariantCulture), G(z.Tau1), G(z.Tau2),
                    $"{z.Relu.Positive} / {z.Relu.D.Length}", G(z.Relu.Median),
                    $"{z.Pool.Positive} / {z.Pool.D.Length}", G(z.Pool.Median), G(z.Pool.Max),
                    z.Seconds.ToString("F1", CultureInfo.InvariantCulture));
            }
            AnsiConsole.Write(tau);

            var zone = new Table().Title($"Table 3.2 style: bifurcation zone S(τ) of native vs minimal max-pool (τ = τ² at 16 bits, τ¹ at 32/64), confidence {1 - o.Alpha:P0}");
            zone.AddColumn("bits").AddColumn("τ").AddColumn("θ_m in S(τ)").AddColumn("share ± Hoeffding (n = M)").AddColumn("affected mini-batches").AddColumn("share ± McDiarmid").AddColumn("± Hoeffding (n = M·Q)");
            foreach (ZoneRow z in r.Zones)
            {
                var e = z.Zone;
                zone.AddRow(z.Bits.ToString(CultureInfo.InvariantCulture), G(z.Threshold),
                    $"{e.DrawsInZone} / {e.ParameterDraws}",
                    $"{e.ParameterShare:P1} ± {e.ParameterMargin:P1}",
                    $"{e.AffectedMiniBatches} / {(long)e.ParameterDraws * e.MiniBatches}",
                    $"{e.MiniBatchShare:P1} ± {e.MiniBatchMargin:P1}",
                    $"± {e.MiniBatchHoeffdingMargin:P1}");
            }
            AnsiConsole.Write(zone);
        }

        if (r.Training.Count > 0)
        {
            var tr = new Table().Title($"Figure 3.7 style: SGD (lr {o.LearningRate}, batch {o.TrainBatch}, {o.Steps} steps) with Hybrid(β) max-pool ties");
            tr.AddColumn("bits").AddColumn("β").AddColumn("steps run").AddColumn("final loss (mean of last 20)").AddColumn("test accuracy").AddColumn("diverged").AddColumn("seconds");
            foreach (TrainingRun t in r.Training)
            {
                tr.AddRow(t.Bits.ToString(CultureInfo.InvariantCulture), t.Beta.ToString(CultureInfo.InvariantCulture), t.Losses.Length.ToString(CultureInfo.InvariantCulture), G(t.FinalLoss),
                    double.IsNaN(t.TestAccuracy) ? "–" : t.TestAccuracy.ToString("P1", CultureInfo.InvariantCulture),
                    t.Diverged ? $"yes (step {t.DivergedAtStep})" : "no", t.Seconds.ToString("F1", CultureInfo.InvariantCulture));
            }
            AnsiConsole.Write(tr);
        }
        foreach (string f in r.Files) AnsiConsole.MarkupLine($"wrote [green]{Markup.Escape(f)}[/]");
    }
}
