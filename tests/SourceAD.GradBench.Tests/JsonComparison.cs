using System.Text.Json;
using System.Text.Json.Nodes;

namespace SourceAD.GradBench.Tests;

/// <summary>
/// GradBench's python/gradbench/gradbench/comparison.py (compare_json_objects) in C#: floats within
/// |x − y| / max(1, |x| + |y|) ≤ tolerance, integers, strings and booleans equal, an integer against a float compared
/// as floats, objects key by key, arrays entry by entry.
/// </summary>
internal static class JsonComparison
{
    public static List<string> Compare(JsonNode? expected, JsonNode? actual, double tolerance = 1e-4)
    {
        var mismatches = new List<string>();
        Walk(Reparse(expected), Reparse(actual), tolerance, "", mismatches);
        return mismatches;
    }

    // Through text, so that numbers built in memory and numbers parsed from a log are told apart the same way
    // (an integer literal is Python's int, anything else its float).
    private static JsonElement? Reparse(JsonNode? node) =>
        node is null ? null : JsonDocument.Parse(node.ToJsonString(new JsonSerializerOptions
        {
            NumberHandling = System.Text.Json.Serialization.JsonNumberHandling.AllowNamedFloatingPointLiterals,
        })).RootElement;

    private static void Walk(JsonElement? expected, JsonElement? actual, double tolerance, string path, List<string> mismatches)
    {
        if (expected is not { } e || actual is not { } a)
        {
            if (expected.HasValue != actual.HasValue) mismatches.Add($"{path}: {Show(expected)} != {Show(actual)}");
            return;
        }
        if (IsNumber(e) && IsNumber(a))
        {
            if (IsInteger(e) && IsInteger(a))
            {
                if (e.GetRawText() != a.GetRawText()) mismatches.Add($"{path}: {e} != {a}");
                return;
            }
            double x = Number(e), y = Number(a);
            double difference = Math.Abs(x - y) / Math.Max(1, Math.Abs(x) + Math.Abs(y));
            if (!(difference <= tolerance)) mismatches.Add($"{path}: {x} != {y}");
            return;
        }
        if (e.ValueKind != a.ValueKind)
        {
            mismatches.Add($"{path}: expected value of kind {e.ValueKind}, got {a.ValueKind}");
            return;
        }
        switch (e.ValueKind)
        {
            case JsonValueKind.Object:
                var keys = e.EnumerateObject().Select(p => p.Name).Union(a.EnumerateObject().Select(p => p.Name));
                foreach (string key in keys)
                {
                    string p = path.Length == 0 ? key : $"{path}.{key}";
                    bool inE = e.TryGetProperty(key, out var ev), inA = a.TryGetProperty(key, out var av);
                    if (!inE) mismatches.Add($"Unexpected key '{p}'.");
                    else if (!inA) mismatches.Add($"Key '{p}' is missing.");
                    else Walk(ev, av, tolerance, p, mismatches);
                }
                break;
            case JsonValueKind.Array:
                if (e.GetArrayLength() != a.GetArrayLength())
                {
                    mismatches.Add($"{path}: Expected array of length {e.GetArrayLength()}, got array of length {a.GetArrayLength()}.");
                    break;
                }
                for (int i = 0; i < e.GetArrayLength(); i++) Walk(e[i], a[i], tolerance, $"{path}[{i}]", mismatches);
                break;
            default:
                if (e.GetRawText() != a.GetRawText()) mismatches.Add($"{path}: {e} != {a}");
                break;
        }
    }

    private static bool IsNumber(JsonElement e) =>
        e.ValueKind == JsonValueKind.Number || (e.ValueKind == JsonValueKind.String && e.GetString() is "NaN" or "Infinity" or "-Infinity");

    private static bool IsInteger(JsonElement e) =>
        e.ValueKind == JsonValueKind.Number && e.GetRawText().IndexOfAny(['.', 'e', 'E']) < 0;

    private static double Number(JsonElement e) => e.ValueKind == JsonValueKind.Number
        ? e.GetDouble()
        : e.GetString() switch { "NaN" => double.NaN, "Infinity" => double.PositiveInfinity, _ => double.NegativeInfinity };

    private static string Show(JsonElement? e) => e?.GetRawText() ?? "(none)";
}
