using System.Globalization;
using System.Text;
using ScottPlot;

namespace MnistLeNet.Training;

/// <summary>The files written beside the checkpoint: metrics.csv, loss.png and accuracy.png.</summary>
public static class TrainingReport
{
    /// <summary>The loss plot's file name.</summary>
    public const string LossPlot = "loss.png";

    /// <summary>The accuracy plot's file name.</summary>
    public const string AccuracyPlot = "accuracy.png";

    /// <summary>The per-epoch metrics file name.</summary>
    public const string Metrics = "metrics.csv";

    /// <summary>Writes one CSV row per finished epoch.</summary>
    public static void WriteMetrics(string directory, TrainingState state)
    {
        var csv = new StringBuilder("epoch,train_loss,test_loss,test_accuracy,seconds,images_per_second\n");
        foreach (EpochRecord e in state.Epochs)
        {
            csv.AppendLine(string.Create(CultureInfo.InvariantCulture,
                $"{e.Epoch},{e.TrainLoss:R},{e.TestLoss:R},{e.TestAccuracy:R},{e.Seconds:F3},{e.ImagesPerSecond:F1}"));
        }
        WriteAtomically(Path.Combine(directory, Metrics), Encoding.UTF8.GetBytes(csv.ToString()));
    }

    /// <summary>
    /// loss.png: the loss of every step, its moving average, and the per-epoch mean train and test losses;
    /// accuracy.png: test accuracy after each epoch.
    /// </summary>
    public static void WritePlots(string directory, TrainingState state)
    {
        int perEpoch = state.Epochs.Count > 0 || state.Epoch > 0 ? StepsPerEpoch(state) : 0;
        var loss = new Plot();
        if (state.StepLosses.Count > 0)
        {
            double[] steps = Enumerable.Range(1, state.StepLosses.Count).Select(i => (double)i).ToArray();
            var raw = loss.Add.ScatterLine(steps, state.StepLosses.ToArray());
            raw.LegendText = "train loss (step)";
            raw.Color = Colors.SteelBlue.WithAlpha(0.35);
            var smooth = loss.Add.ScatterLine(steps, MovingAverage(state.StepLosses, 25));
            smooth.LegendText = "train loss (moving average of 25)";
            smooth.Color = Colors.SteelBlue;
            smooth.LineWidth = 2;
        }
        if (state.Epochs.Count > 0 && perEpoch > 0)
        {
            double[] at = state.Epochs.Select(e => (double)e.Epoch * perEpoch).ToArray();
            var test = loss.Add.Scatter(at, state.Epochs.Select(e => e.TestLoss).ToArray());
            test.LegendText = "test loss (end of epoch)";
            test.Color = Colors.OrangeRed;
            test.MarkerSize = 8;
        }
        loss.Title("LeNet-5 on MNIST: loss");
        loss.XLabel("optimizer step");
        loss.YLabel("cross-entropy");
        loss.ShowLegend(Alignment.UpperRight);
        Save(loss, Path.Combine(directory, LossPlot));

        var accuracy = new Plot();
        if (state.Epochs.Count > 0)
        {
            var s = accuracy.Add.Scatter(state.Epochs.Select(e => (double)e.Epoch).ToArray(), state.Epochs.Select(e => 100 * e.TestAccuracy).ToArray());
            s.LegendText = "test accuracy";
            s.MarkerSize = 8;
            s.LineWidth = 2;
        }
        accuracy.Axes.Bottom.TickGenerator = new ScottPlot.TickGenerators.NumericAutomatic { IntegerTicksOnly = true };
        accuracy.Title("LeNet-5 on MNIST: test accuracy");
        accuracy.XLabel("epoch");
        accuracy.YLabel("accuracy (%)");
        accuracy.ShowLegend(Alignment.LowerRight);
        Save(accuracy, Path.Combine(directory, AccuracyPlot));
    }

    private static int StepsPerEpoch(TrainingState state)
    {
        // Steps in finished epochs are all full epochs; the count of the current one is BatchInEpoch.
        int finished = state.StepLosses.Count - state.BatchInEpoch;
        return state.Epochs.Count > 0 ? finished / state.Epochs.Count : 0;
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

    private static void Save(Plot plot, string path)
    {
        // Rendered to memory first, then renamed into place, so a reader never sees half a PNG.
        byte[] png = plot.GetImageBytes(900, 500, ImageFormat.Png);
        WriteAtomically(path, png);
    }

    private static void WriteAtomically(string path, byte[] bytes)
    {
        string temp = path + $".{Environment.ProcessId}.tmp";
        File.WriteAllBytes(temp, bytes);
        File.Move(temp, path, overwrite: true);
    }
}
