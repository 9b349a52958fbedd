using System.Diagnostics;
using System.Text.Json.Nodes;

namespace SourceAD.GradBench.Protocol;

/// <summary>The timing loop of GradBench's C++ tools (cpp/gradbench/main.hpp), with one "evaluate" timing per run.</summary>
public static class Runner
{
    /// <summary>
    /// Runs <paramref name="run"/> at least <paramref name="minRuns"/> times and until the summed run time reaches
    /// <paramref name="minSeconds"/>, whichever is longer. Only <see cref="EvalRun.Compute"/> is timed.
    /// </summary>
    public static List<long> Time(EvalRun run, int minRuns, double minSeconds)
    {
        var timings = new List<long>();
        double elapsedSeconds = 0;
        for (int i = 0; i < minRuns || elapsedSeconds < minSeconds; i++)
        {
            long start = Stopwatch.GetTimestamp();
            run.Compute();
            long ticks = Stopwatch.GetTimestamp() - start;
            long nanoseconds = (long)(ticks * (1e9 / Stopwatch.Frequency));
            timings.Add(nanoseconds);
            elapsedSeconds += nanoseconds / 1e9;
        }
        return timings;
    }

    /// <summary>Reads min_runs (default 1, at least 1) and min_seconds (default 0) from an evaluate input.</summary>
    public static (int MinRuns, double MinSeconds) Limits(JsonNode input)
    {
        int minRuns = input is JsonObject o && o["min_runs"] is JsonNode r ? r.GetValue<int>() : 1;
        double minSeconds = input is JsonObject p && p["min_seconds"] is JsonNode s ? s.GetValue<double>() : 0;
        if (minRuns < 1) throw new FormatException($"min_runs must be at least 1, got {minRuns}.");
        if (double.IsNaN(minSeconds) || minSeconds < 0) throw new FormatException($"min_seconds must be ≥ 0, got {minSeconds}.");
        return (minRuns, minSeconds);
    }
}
