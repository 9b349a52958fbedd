using System.Text.Json.Nodes;
using Xunit;

namespace SourceAD.GradBench.Tests;

/// <summary>The replay's comparison fails where GradBench's would: it can tell a wrong answer.</summary>
public class JsonComparisonTests
{
    [Theory]
    [InlineData("1.0", "1.00005", 0)]
    [InlineData("1.0", "1.0003", 1)]
    [InlineData("1000.0", "1000.05", 0)]
    [InlineData("0.0", "0.0002", 1)]
    [InlineData("3", "3.0", 0)]
    [InlineData("3", "4", 1)]
    [InlineData("[1.0, 2.0]", "[1.0]", 1)]
    [InlineData("[1.0, 2.0]", "[1.0, 2.5]", 1)]
    [InlineData("""{"a": [1.0], "b": 2}""", """{"a": [1.0]}""", 1)]
    [InlineData("""{"a": 1.0}""", """{"a": 1.0, "c": 1}""", 1)]
    [InlineData("\"x\"", "1.0", 1)]
    public void CountsMismatches(string expected, string actual, int mismatches)
    {
        Assert.Equal(mismatches, JsonComparison.Compare(JsonNode.Parse(expected), JsonNode.Parse(actual)).Count);
    }
}
