using System.Globalization;
using ScottPlot;
using Spectre.Console;
using Color = ScottPlot.Color;
using Table = Spectre.Console.Table;

namespace InnapropVsAdamW;

/// <summary>The console table, the CSV files and the plots.</summary>
public static class Report
{
    private static readonly Color[] Palette = [Colors.Black, Colors.OrangeRed, Colors.SteelBlue, Colors.ForestGreen];

    /// <summary>A Spectre table for one model, Table 4.4 style.</summary>
    public static Table Table(string model, IEnumerable<SummaryRow> rows)
    {
        var table = new Table().Title($"{BenchModels.Display(model)} on MNIST").Border(TableBorder.Rounded);
        table.AddColumn(new TableColumn("optimizer").NoWrap());
        table.AddColumn(new TableColumn("test acc %").RightAligned().NoWrap());
        table.AddColumn(new TableColumn("min loss").RightAligned().NoWrap());
        table.AddColumn(new TableColumn("steps to AdamW best").RightAligned().NoWrap());
        table.AddColumn(new TableColumn("×faster").RightAligned().NoWrap());
        foreach (SummaryRow r in rows)
        {
            string steps = r.StepsToTarget is double s
                ? string.Create(CultureInfo.InvariantCulture, $"{s:F0}") + (r.SeedsReached < r.Seeds ? $" ({r.SeedsReached}/{r.Seeds} seeds)" : "")
                : "not reached";
            string speed = r.SpeedUp is double u ? string.Create(CultureInfo.InvariantCulture, $"×{u:F2}") : "–";
            table.AddRow(Markup.Escape(r.Optimizer),
                string.Create(CultureInfo.InvariantCulture, $"{r.AccuracyMean:F2}±{r.AccuracySd:F2}"),
                string.Create(CultureInfo.InvariantCulture, $"{r.BestLossMean:F4}"),
                Markup.Escape(steps), speed);
        }
        return table;
    }

    /// <summary>Writes summary.csv, runs.csv and (when asked) {model}-loss.png and {model}-accuracy.png; returns the paths.</summary>
    public static List<string> Write(string directory, IReadOnlyList<RunResult> runs, IReadOnlyList<SummaryRow> rows, bool plots)
    {
        Directory.CreateDirectory(directory);
        var written = new List<string>();
        string summary = Path.Combine(directory, "summary.csv");
        File.WriteAllText(summary, Summary.SummaryCsv(rows));
        written.Add(summary);
        string all = Path.Combine(directory, "runs.csv");
        File.WriteAllText(all, Summary.RunsCsv(runs));
        written.Add(all);
        if (!plots)
        {
            return written;
        }
        foreach (IGrouping<string, RunResult> model in runs.GroupBy(r => r.Model))
        {
            var loss = new Plot();
            var accuracy = new Plot();
            int colour = 0;
            foreach (IGrouping<string, RunResult> opt in model.GroupBy(r => r.Optimizer.Name))
            {
                Color c = Palette[colour++ % Palette.Length];
                int steps = opt.Min(r => r.StepLosses.Length);
                int window = Summary.Window(steps);
                double[] mean = new double[steps];
                foreach (RunResult r in opt)
                {
                    double[] s = Summary.Smooth(r.StepLosses, window);
                    for (int i = 0; i < steps; i++)
                    {
                        mean[i] += s[i] / opt.Count();
                    }
                }
                var line = loss.Add.ScatterLine(Enumerable.Range(1, steps).Select(i => (double)i).ToArray(), mean);
                line.LegendText = opt.Key;
                line.Color = c;
                line.LineWidth = 2;

                int epochs = opt.Min(r => r.EpochTestAccuracy.Length);
                double[] acc = Enumerable.Range(0, epochs).Select(e => opt.Average(r => 100 * r.EpochTestAccuracy[e])).ToArray();
                var points = accuracy.Add.Scatter(Enumerable.Range(1, epochs).Select(e => (double)e).ToArray(), acc);
                points.LegendText = opt.Key;
                points.Color = c;
                points.MarkerSize = 7;
                points.LineWidth = 2;
            }
            int seeds = model.Select(r => r.Seed).Distinct().Count();
            loss.Title($"{BenchModels.Display(model.Key)} on MNIST: train loss (moving average, mean of {seeds} seeds)");
            loss.XLabel("optimizer step");
            loss.YLabel("cross-entropy");
            loss.Axes.SetLimitsY(0, Math.Min(2.5, loss.Axes.GetLimits().Top));
            loss.ShowLegend(Alignment.UpperRight);
            string lossPath = Path.Combine(directory, $"{model.Key}-loss.png");
            loss.SavePng(lossPath, 900, 560);
            written.Add(lossPath);

            accuracy.Axes.Bottom.TickGenerator = new ScottPlot.TickGenerators.NumericAutomatic { IntegerTicksOnly = true };
            accuracy.Title($"{BenchModels.Display(model.Key)} on MNIST: test accuracy (mean of {seeds} seeds)");
            accuracy.XLabel("epoch");
            accuracy.YLabel("accuracy (%)");
            accuracy.ShowLegend(Alignment.LowerRight);
            string accPath = Path.Combine(directory, $"{model.Key}-accuracy.png");
            accuracy.SavePng(accPath, 900, 560);
            written.Add(accPath);
        }
        return written;
    }
}
