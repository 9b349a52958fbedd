using System.Text.Json.Nodes;

namespace SourceAD.GradBench.Protocol;

/// <summary>Reads the pieces of an eval input (as GradBench's C++ from_json functions do) and writes outputs.</summary>
public static class JsonInput
{
    /// <summary>The required field <paramref name="name"/> of an object.</summary>
    public static JsonNode Field(JsonNode node, string name) =>
        (node as JsonObject ?? throw new FormatException("the input must be a JSON object"))[name]
        ?? throw new FormatException($"the input has no \"{name}\"");

    /// <summary>A number.</summary>
    public static double Double(JsonNode node) => node.GetValue<double>();

    /// <summary>An integer.</summary>
    public static int Int(JsonNode node) => node.GetValue<int>();

    /// <summary>An array of numbers.</summary>
    public static double[] Doubles(JsonNode node)
    {
        var a = node.AsArray();
        var r = new double[a.Count];
        for (int i = 0; i < r.Length; i++) r[i] = (a[i] ?? throw new FormatException("null in a number array")).GetValue<double>();
        return r;
    }

    /// <summary>An array of integers.</summary>
    public static int[] Ints(JsonNode node)
    {
        var a = node.AsArray();
        var r = new int[a.Count];
        for (int i = 0; i < r.Length; i++) r[i] = (a[i] ?? throw new FormatException("null in an integer array")).GetValue<int>();
        return r;
    }

    /// <summary>An array of number arrays.</summary>
    public static double[][] Rows(JsonNode node) =>
        node.AsArray().Select(r => Doubles(r ?? throw new FormatException("null row"))).ToArray();

    /// <summary>An array of number arrays, concatenated row after row.</summary>
    public static double[] Flat(JsonNode node) => Rows(node).SelectMany(r => r).ToArray();

    /// <summary>A JSON array of numbers.</summary>
    public static JsonArray Array(ReadOnlySpan<double> values)
    {
        var a = new JsonArray();
        foreach (double v in values) a.Add(v);
        return a;
    }

    /// <summary>A JSON array of <paramref name="rows"/> arrays of <paramref name="width"/> numbers.</summary>
    public static JsonArray Rows(ReadOnlySpan<double> values, int rows, int width)
    {
        var a = new JsonArray();
        for (int i = 0; i < rows; i++) a.Add(Array(values.Slice(i * width, width)));
        return a;
    }
}
