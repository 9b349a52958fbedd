using System.Text.Json.Nodes;
using SourceAD.GradBench.Protocol;
using Xunit;

namespace SourceAD.GradBench.Tests;

/// <summary>The protocol side of the tool: every message gets one response with its id, and nothing ends the session.</summary>
public class ProtocolTests
{
    private static Session NewSession() => new(Registry.All);

    private static JsonObject Respond(Session s, string line) => s.Respond(line);

    [Fact]
    public void StartIsAcknowledgedWithTheToolName()
    {
        var r = Respond(NewSession(), """{"id": 0, "kind": "start", "eval": "hello"}""");
        Assert.Equal(0, r["id"]!.GetValue<int>());
        Assert.Equal("sourcead", r["tool"]!.GetValue<string>());
    }

    [Theory]
    [InlineData("hello")]
    [InlineData("lse")]
    [InlineData("llsq")]
    [InlineData("ode")]
    [InlineData("det")]
    [InlineData("gmm")]
    [InlineData("lstm")]
    [InlineData("ba")]
    [InlineData("ht")]
    [InlineData("kmeans")]
    [InlineData("particle")]
    [InlineData("saddle")]
    public void ImplementedModulesAreDefined(string module)
    {
        var r = Respond(NewSession(), $$"""{"id": 1, "kind": "define", "module": "{{module}}"}""");
        Assert.True(r["success"]!.GetValue<bool>());
    }

    [Fact]
    public void UnknownModulesAreDeclined()
    {
        var r = Respond(NewSession(), """{"id": 1, "kind": "define", "module": "nosuch"}""");
        Assert.False(r["success"]!.GetValue<bool>());
        Assert.Contains("nosuch", r["error"]!.GetValue<string>());
    }

    [Fact]
    public void OtherKindsAreAcknowledgedWithTheIdOnly()
    {
        var r = Respond(NewSession(), """{"id": 7, "kind": "analysis", "of": 6, "valid": true}""");
        Assert.Equal(7, r["id"]!.GetValue<int>());
        Assert.Single(r);
    }

    [Theory]
    [InlineData("this is not json")]
    [InlineData("[1, 2, 3]")]
    [InlineData("""{"kind": "start"}""")]
    [InlineData("""{"id": 3}""")]
    [InlineData("""{"id": 3, "kind": "define"}""")]
    [InlineData("""{"id": 3, "kind": "evaluate", "module": "hello", "function": "square"}""")]
    [InlineData("""{"id": 3, "kind": "evaluate", "module": "hello", "function": "square", "input": "two"}""")]
    [InlineData("""{"id": 3, "kind": "evaluate", "module": "hello", "function": "cube", "input": 2}""")]
    [InlineData("""{"id": 3, "kind": "evaluate", "module": "lse", "function": "gradient", "input": {"x": []}}""")]
    [InlineData("""{"id": 3, "kind": "evaluate", "module": "gmm", "function": "objective", "input": {"d": 2}}""")]
    [InlineData("""{"id": 3, "kind": "evaluate", "module": "hello", "function": "square", "input": {"min_runs": 0}}""")]
    [InlineData("""{"id": 3, "kind": "evaluate", "module": "det", "function": "primal", "input": {"A": [1, 2, 3], "ell": 2}}""")]
    public void BadMessagesGetAnErrorResponse(string line)
    {
        var session = NewSession();
        foreach (string m in new[] { "hello", "lse", "gmm", "det" })
            Respond(session, $$"""{"id": 0, "kind": "define", "module": "{{m}}"}""");
        var r = Respond(session, line);
        Assert.False(r["success"]!.GetValue<bool>());
        Assert.False(string.IsNullOrEmpty(r["error"]!.GetValue<string>()));
    }

    [Fact]
    public void AnErrorResponseKeepsTheMessageId()
    {
        var r = Respond(NewSession(), """{"id": 42, "kind": "evaluate", "module": "hello", "function": "square", "input": 2}""");
        Assert.Equal(42, r["id"]!.GetValue<int>());
        Assert.False(r["success"]!.GetValue<bool>()); // not defined yet
    }

    [Fact]
    public void MinRunsGivesOneEvaluateTimingPerRun()
    {
        var session = NewSession();
        Respond(session, """{"id": 0, "kind": "define", "module": "lse"}""");
        var r = Respond(session, """{"id": 1, "kind": "evaluate", "module": "lse", "function": "gradient", "input": {"x": [1, 2, 3], "min_runs": 5, "min_seconds": 0}}""");
        var timings = r["timings"]!.AsArray();
        Assert.Equal(5, timings.Count(t => t!["name"]!.GetValue<string>() == "evaluate"));
        Assert.Equal(["warmup", "evaluate"], timings.Select(t => t!["name"]!.GetValue<string>()).Distinct());
    }

    [Fact]
    public void MinSecondsKeepsRunningUntilTheTimingsAddUp()
    {
        var session = NewSession();
        Respond(session, """{"id": 0, "kind": "define", "module": "lse"}""");
        var r = Respond(session, """{"id": 1, "kind": "evaluate", "module": "lse", "function": "primal", "input": {"x": [1, 2, 3], "min_runs": 1, "min_seconds": 0.02}}""");
        var timings = r["timings"]!.AsArray().Where(t => t!["name"]!.GetValue<string>() == "evaluate")
            .Select(t => t!["nanoseconds"]!.GetValue<long>()).ToList();
        Assert.True(timings.Sum() >= 0.02e9, $"{timings.Count} runs, {timings.Sum()} ns");
        Assert.True(timings.Count >= 2);
    }

    [Fact]
    public void RunAnswersEveryLineAndSurvivesBadOnes()
    {
        string input = string.Join("\n",
            """{"id": 0, "kind": "start"}""",
            "{ broken",
            """{"id": 2, "kind": "define", "module": "hello"}""",
            """{"id": 3, "kind": "evaluate", "module": "hello", "function": "square", "input": 1e200}""",
            """{"id": 4, "kind": "evaluate", "module": "hello", "function": "double", "input": 3}""",
            "");
        var output = new StringWriter();
        NewSession().Run(new StringReader(input), output);
        var lines = output.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonNode.Parse(l)!).ToList();
        Assert.Equal(5, lines.Count);
        Assert.False(lines[1]["success"]!.GetValue<bool>());
        Assert.Equal("Infinity", lines[3]["output"]!.ToJsonString().Trim('"'));
        Assert.Equal(6.0, lines[4]["output"]!.GetValue<double>());
    }
}
