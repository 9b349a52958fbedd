using System.Text.Json.Nodes;

namespace SourceAD.GradBench.Protocol;

/// <summary>One GradBench eval (a protocol "module"): its functions, each prepared from an input before timing.</summary>
public interface IEval
{
    /// <summary>The module name GradBench sends in <c>define</c> and <c>evaluate</c>.</summary>
    string Name { get; }

    /// <summary>
    /// Parses <paramref name="input"/> (untimed) and returns what to time, or null when the module has no such function.
    /// Throws <see cref="FormatException"/> or <see cref="InvalidOperationException"/> on malformed input.
    /// </summary>
    EvalRun? Prepare(string function, JsonNode input);
}

/// <summary>
/// A prepared evaluation: <see cref="Compute"/> is the computation GradBench times (run min_runs times at least),
/// <see cref="Output"/> encodes the last result (untimed).
/// </summary>
public sealed record EvalRun(Action Compute, Func<JsonNode?> Output);
