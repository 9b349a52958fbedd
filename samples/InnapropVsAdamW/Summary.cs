using System.Globalization;
using System.Text;

namespace InnapropVsAdamW;

/// <summary>One row of a model's table (Table 4.4 style): all seeds of one optimizer.</summary>
/// <param name="StepsToTarget">Mean over the seeds that reached it of the first step whose smoothed loss is at most that seed's AdamW best; null if no seed did.</param>
/// <param name="SeedsReached">How many seeds reached the target.</param>
/// <param name="SpeedUp">AdamW's mean steps to its own best over <see cref="StepsToTarget"/>; null when not reached.</param>
public sealed record SummaryRow(string Model, string Optimizer, int Seeds, double AccuracyMean, double AccuracySd,
    double BestLossMean, double? StepsToTarget, int SeedsReached, double? SpeedUp, int TotalSteps);

/// <summary>Turns runs into the table's rows, the smoothed curves and the CSV.</summary>
public static class Summary
{
    /// <summary>The window of the trailing moving average applied to per-step losses: 50 steps, or a tenth of the run if shorter.</summary>
    public static int Window(int steps) => Math.Clamp(steps / 10, 1, 50);

    /// <summary>Trailing moving average of <paramref name="values"/> over <paramref name="window"/> steps.</summary>
    public static double[] Smooth(IReadOnlyList<double> values, int window)
    {
        var result = new double[values.Count];
        double sum = 0;
        for (int i = 0; i < values.Count; i++)
        {
            sum += values[i];
            if (i >= window)
            {
                sum -= values[i - window];
            }
            result[i] = sum / Math.Min(i + 1, window);
        }
        return result;
    }

    /// <summary>The 1-based first step at which <paramref name="smoothed"/> is at most <paramref name="target"/>, or null.</summary>
    public static int? FirstReach(double[] smoothed, double target)
    {
        for (int i = 0; i < smoothed.Length; i++)
        {
            if (smoothed[i] <= target)
            {
                return i + 1;
            }
        }
        return null;
    }

    /// <summary>The rows of every model, AdamW first. Each seed's target is the minimum of that seed's smoothed AdamW loss.</summary>
    public static List<SummaryRow> Rows(IReadOnlyList<RunResult> runs)
    {
        var rows = new List<SummaryRow>();
        foreach (IGrouping<string, RunResult> model in runs.GroupBy(r => r.Model))
        {
            var adamw = model.Where(r => r.Optimizer.Alpha is null).ToDictionary(r => r.Seed);
            double? adamwSteps = null;
            foreach (IGrouping<string, RunResult> opt in model.GroupBy(r => r.Optimizer.Name))
            {
                var reached = new List<double>();
                foreach (RunResult r in opt)
                {
                    double[] s = Smooth(r.StepLosses, Window(r.StepLosses.Length));
                    if (adamw.TryGetValue(r.Seed, out RunResult? a))
                    {
                        double target = Smooth(a.StepLosses, Window(a.StepLosses.Length)).Min();
                        if (FirstReach(s, target) is int k)
                        {
                            reached.Add(k);
                        }
                    }
                }
                double[] acc = opt.Select(r => 100 * r.EpochTestAccuracy[^1]).ToArray();
                double? steps = reached.Count > 0 ? reached.Average() : null;
                if (opt.First().Optimizer.Alpha is null)
                {
                    adamwSteps = steps;
                }
                rows.Add(new SummaryRow(model.Key, opt.Key, opt.Count(), acc.Average(), StandardDeviation(acc),
                    opt.Average(r => Smooth(r.StepLosses, Window(r.StepLosses.Length)).Min()), steps, reached.Count,
                    steps is double st && adamwSteps is double ad ? ad / st : null, opt.First().StepLosses.Length));
            }
        }
        return rows;
    }

    /// <summary>Sample standard deviation (0 for one value).</summary>
    public static double StandardDeviation(IReadOnlyList<double> v)
    {
        if (v.Count < 2)
        {
            return 0;
        }
        double mean = v.Average();
        return Math.Sqrt(v.Sum(x => (x - mean) * (x - mean)) / (v.Count - 1));
    }

    /// <summary>summary.csv: one line per row.</summary>
    public static string SummaryCsv(IEnumerable<SummaryRow> rows)
    {
        var csv = new StringBuilder("model,optimizer,seeds,steps,final_test_accuracy_mean,final_test_accuracy_sd,best_smoothed_train_loss,steps_to_adamw_best,seeds_reached,speedup_vs_adamw\n");
        foreach (SummaryRow r in rows)
        {
            csv.AppendLine(string.Create(CultureInfo.InvariantCulture,
                $"{r.Model},\"{r.Optimizer}\",{r.Seeds},{r.TotalSteps},{r.AccuracyMean:F4},{r.AccuracySd:F4},{r.BestLossMean:F6},{r.StepsToTarget?.ToString("F1", CultureInfo.InvariantCulture) ?? ""},{r.SeedsReached},{r.SpeedUp?.ToString("F3", CultureInfo.InvariantCulture) ?? ""}"));
        }
        return csv.ToString();
    }

    /// <summary>runs.csv: every step's train loss and every epoch's test accuracy of every run.</summary>
    public static string RunsCsv(IEnumerable<RunResult> runs)
    {
        var csv = new StringBuilder("model,optimizer,seed,kind,index,value\n");
        foreach (RunResult r in runs)
        {
            for (int i = 0; i < r.StepLosses.Length; i++)
            {
                csv.AppendLine(string.Create(CultureInfo.InvariantCulture, $"{r.Model},\"{r.Optimizer.Name}\",{r.Seed},train_loss,{i + 1},{r.StepLosses[i]:R}"));
            }
            for (int e = 0; e < r.EpochTestAccuracy.Length; e++)
            {
                csv.AppendLine(string.Create(CultureInfo.InvariantCulture, $"{r.Model},\"{r.Optimizer.Name}\",{r.Seed},test_accuracy,{e + 1},{r.EpochTestAccuracy[e]:R}"));
                csv.AppendLine(string.Create(CultureInfo.InvariantCulture, $"{r.Model},\"{r.Optimizer.Name}\",{r.Seed},test_loss,{e + 1},{r.EpochTestLoss[e]:R}"));
            }
        }
        return csv.ToString();
    }
}
