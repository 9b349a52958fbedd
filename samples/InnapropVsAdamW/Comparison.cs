using System.Diagnostics;
using MnistLeNet.Training;
using SourceAD.Tensors.Backends.Cpu;
using Spectre.Console;

namespace InnapropVsAdamW;

/// <summary>What <see cref="Comparison.Run"/> produced.</summary>
public sealed record ComparisonResult(IReadOnlyList<RunResult> Runs, IReadOnlyList<SummaryRow> Rows, IReadOnlyList<string> Files, double Seconds);

/// <summary>Runs the whole comparison and reports it.</summary>
public static class Comparison
{
    /// <summary>Trains every (model, optimizer, seed), prints one table per model to <paramref name="console"/> and writes the files.</summary>
    public static ComparisonResult Run(ExperimentOptions o, IAnsiConsole console)
    {
        long start = Stopwatch.GetTimestamp();
        using IDisposable? threads = o.Threads is int n ? CpuBackend.UseThreads(n) : null;
        MnistData data = MnistData.Load(o.DataDirectory, o.TrainLimit, o.TestLimit);
        console.MarkupLine($"[bold]INNAprop vs AdamW[/]: {data.Train.Count:N0} train / {data.Test.Count:N0} test digits, " +
            $"{o.Epochs} epoch(s), {o.Seeds} seed(s), batch {o.Batch}, lr {o.LearningRate:G3}, models {string.Join(", ", o.Models)}");
        var runs = new List<RunResult>();
        foreach (string model in o.Models)
        {
            for (ulong seed = 1; seed <= (ulong)o.Seeds; seed++)
            {
                foreach (OptimizerSpec spec in OptimizerSpec.All)
                {
                    RunResult r = Experiment.Train(model, spec, seed, data.Train, data.Test, o);
                    runs.Add(r);
                    console.MarkupLine(Markup.Escape($"  {BenchModels.Display(model),-15} seed {seed}  {spec.Name,-20} last loss {r.StepLosses[^1]:F4}  test acc {100 * r.EpochTestAccuracy[^1]:F2} %  ({r.Seconds:F1} s)"));
                }
            }
        }
        List<SummaryRow> rows = Summary.Rows(runs);
        foreach (IGrouping<string, SummaryRow> model in rows.GroupBy(r => r.Model))
        {
            console.Write(Report.Table(model.Key, model));
        }
        List<string> files = Report.Write(o.OutputDirectory, runs, rows, o.Plots);
        double seconds = Stopwatch.GetElapsedTime(start).TotalSeconds;
        console.MarkupLine(Markup.Escape($"Steps to AdamW's best: first step whose {Summary.Window(runs[0].StepLosses.Length)}-step moving-average train loss is at most that seed's best AdamW moving average (mean over the seeds that reach it)."));
        console.MarkupLine(Markup.Escape($"Wrote {string.Join(", ", files.Select(Path.GetFileName))} to {Path.GetFullPath(o.OutputDirectory)} in {seconds:F1} s."));
        return new ComparisonResult(runs, rows, files, seconds);
    }
}
