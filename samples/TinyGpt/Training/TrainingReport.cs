using System.Globalization;
using System.Text;
using ScottPlot;

namespace TinyGpt.Training;

/// <summary>The files written beside the checkpoint: metrics.csv and loss.png.</summary>
public static class TrainingReport
{
    /// <summary>The loss plot's file name.</summary>
    public const string LossPlot = "loss.png";

    /// <summary>The per-evaluation metrics file name.</summary>
    public const string Metrics = "metrics.csv";

    /// <summary>Writes one CSV row per evaluation.</summary>
    public static void WriteMetrics(string directory, TrainingState state)
    {
        var csv = new StringBuilder("step,train_loss,val_loss,learning_rate,seconds,chars_per_second\n");
        foreach (EvalRecord e in state.Evals)
        {
            csv.AppendLine(string.Create(CultureInfo.InvariantCulture,
                $"{e.Step},{e.TrainLoss:R},{e.ValidationLoss:R},{e.LearningRate:R},{e.Seconds:F3},{e.CharactersPerSecond:F1}"));
        }
        WriteAtomically(Path.Combine(directory, Metrics), Encoding.UTF8.GetBytes(csv.ToString()));
    }

    /// <summary>
    /// loss.png: the training loss of every step and its moving average, the validation loss at each evaluation, and
    /// the unigram baseline (<paramref name="unigram"/>) that a model ignoring context would score.
    /// </summary>
    public static void WritePlot(string directory, TrainingState state, double unigram)
    {
        var plot = new Plot();
        if (state.StepLosses.Count > 0)
        {
            double[] steps = Enumerable.Range(1, state.StepLosses.Count).Select(i => (double)i).ToArray();
            var raw = plot.Add.ScatterLine(steps, state.StepLosses.ToArray());
            raw.LegendText = "train loss (step)";
            raw.Color = Colors.SteelBlue.WithAlpha(0.35);
            var smooth = plot.Add.ScatterLine(steps, MovingAverage(state.StepLosses, 25));
            smooth.LegendText = "train loss (moving average of 25)";
            smooth.Color = Colors.SteelBlue;
            smooth.LineWidth = 2;
        }
        if (state.Evals.Count > 0)
        {
            var val = plot.Add.Scatter(state.Evals.Select(e => (double)e.Step).ToArray(), state.Evals.Select(e => e.ValidationLoss).ToArray());
            val.LegendText = "validation loss";
            val.Color = Colors.OrangeRed;
            val.MarkerSize = 8;
            val.LineWidth = 2;
        }
        var baseline = plot.Add.HorizontalLine(unigram);
        baseline.LegendText = "unigram baseline (validation)";
        baseline.Color = Colors.Gray;
        baseline.LinePattern = LinePattern.Dashed;
        plot.Title("TinyGpt on the KJV: loss");
        plot.XLabel("optimizer step");
        plot.YLabel("cross-entropy (nats per character)");
        plot.ShowLegend(Alignment.UpperRight);
        WriteAtomically(Path.Combine(directory, LossPlot), plot.GetImageBytes(900, 500, ImageFormat.Png));
    }

    private static double[] MovingAverage(IReadOnlyList<double> values, int window)
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

    private static void WriteAtomically(string path, byte[] bytes)
    {
        // Written whole, then renamed into place, so a reader never sees half a file.
        string temp = path + $".{Environment.ProcessId}.tmp";
        File.WriteAllBytes(temp, bytes);
        File.Move(temp, path, overwrite: true);
    }
}
