using System.Text.Json;
using System.Text.Json.Nodes;

namespace SourceAD.GradBench.Protocol;

/// <summary>
/// The tool side of GradBench's protocol (CONTRIBUTING.md, "Protocol"): every message gets exactly one response line
/// with its id. A message the tool cannot read or run gets an error response; the session never ends on one.
/// </summary>
public sealed class Session(IReadOnlyList<IEval> evals)
{
    private static readonly JsonSerializerOptions WriteOptions = new()
    {
        // GradBench's evals read responses with Python's json, which accepts NaN and Infinity.
        NumberHandling = System.Text.Json.Serialization.JsonNumberHandling.AllowNamedFloatingPointLiterals,
    };

    private readonly Dictionary<string, IEval> _evals = evals.ToDictionary(e => e.Name);
    private readonly HashSet<string> _defined = [];

    /// <summary>Answers every line of <paramref name="input"/> on <paramref name="output"/> until end of input.</summary>
    public void Run(TextReader input, TextWriter output)
    {
        while (input.ReadLine() is { } line)
        {
            if (line.Length == 0) continue;
            output.WriteLine(Respond(line).ToJsonString(WriteOptions));
            output.Flush();
        }
    }

    /// <summary>The response to one message line.</summary>
    public JsonObject Respond(string line)
    {
        JsonNode? id = null;
        try
        {
            var message = JsonNode.Parse(line) as JsonObject
                ?? throw new FormatException("a message must be a JSON object");
            id = message["id"]?.DeepClone() ?? throw new FormatException("the message has no \"id\"");
            string kind = message["kind"]?.GetValue<string>() ?? throw new FormatException("the message has no \"kind\"");
            return kind switch
            {
                "start" => new JsonObject { ["id"] = id, ["tool"] = "sourcead" },
                "define" => Define(id, message),
                "evaluate" => Evaluate(id, message),
                _ => new JsonObject { ["id"] = id },
            };
        }
        catch (Exception e) when (e is JsonException or FormatException or InvalidOperationException
                                      or ArgumentException or IndexOutOfRangeException or KeyNotFoundException
                                      or OverflowException or NullReferenceException or InvalidCastException)
        {
            return Failure(id, e);
        }
    }

    private JsonObject Define(JsonNode id, JsonObject message)
    {
        string module = Module(message);
        if (_evals.ContainsKey(module))
        {
            _defined.Add(module);
            return new JsonObject { ["id"] = id, ["success"] = true };
        }
        string error = Declined.Modules.TryGetValue(module, out var why) ? why : $"unknown module '{module}'";
        return new JsonObject { ["id"] = id, ["success"] = false, ["error"] = error };
    }

    private JsonObject Evaluate(JsonNode id, JsonObject message)
    {
        string module = Module(message);
        string function = message["function"]?.GetValue<string>() ?? throw new FormatException("the message has no \"function\"");
        JsonNode input = message["input"] ?? throw new FormatException("the message has no \"input\"");
        if (!_evals.TryGetValue(module, out var eval)) throw new FormatException($"unknown module '{module}'");
        if (!_defined.Contains(module)) throw new InvalidOperationException($"module '{module}' was not defined");
        var (minRuns, minSeconds) = Runner.Limits(input);
        var run = eval.Prepare(function, input) ?? throw new FormatException($"module '{module}' has no function '{function}'");
        // One untimed-by-GradBench warm-up run first, reported as "warmup" (GradBench reads only "evaluate" timings):
        // a generated pullback rents its tapes and adjoint buffers from pools on first use, and GradBench's largest
        // workloads run once or twice, so without it they would time allocation (README, "Timing").
        long warmup = Runner.Time(run, 1, 0)[0];
        var timings = Runner.Time(run, minRuns, minSeconds);
        var timingNodes = new JsonArray { new JsonObject { ["name"] = "warmup", ["nanoseconds"] = warmup } };
        foreach (long t in timings) timingNodes.Add(new JsonObject { ["name"] = "evaluate", ["nanoseconds"] = t });
        return new JsonObject { ["id"] = id, ["success"] = true, ["output"] = run.Output(), ["timings"] = timingNodes };
    }

    private static string Module(JsonObject message) =>
        message["module"]?.GetValue<string>() ?? throw new FormatException("the message has no \"module\"");

    private static JsonObject Failure(JsonNode? id, Exception e) =>
        new() { ["id"] = id, ["success"] = false, ["error"] = $"{e.GetType().Name}: {e.Message}" + (Environment.GetEnvironmentVariable("SOURCEAD_GRADBENCH_TRACE") is null ? "" : "\n" + e.StackTrace) };
}
