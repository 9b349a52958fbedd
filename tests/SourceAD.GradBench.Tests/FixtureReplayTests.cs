using System.IO.Compression;
using System.Text.Json.Nodes;
using SourceAD.GradBench.Protocol;
using Xunit;

namespace SourceAD.GradBench.Tests;

/// <summary>
/// Replays recorded GradBench sessions (Fixtures/*.jsonl.gz: each eval's messages and the golden `manual` tool's
/// responses, recorded by Fixtures/record.sh) through the tool in process, and checks every answer as GradBench does.
/// </summary>
public class FixtureReplayTests
{
    private static List<string> FixtureNames() =>
        Directory.GetFiles(Path.Combine(AppContext.BaseDirectory, "Fixtures"), "*.jsonl.gz").Select(Path.GetFileName).Order().ToList()!;

    public static TheoryData<string> Fixtures() => new(FixtureNames());

    [Fact]
    public void EveryImplementedEvalHasAFixture()
    {
        var files = FixtureNames();
        var evals = files.Select(f => f.Split('.')[0].Split('_')[0]).ToHashSet();
        foreach (var eval in Registry.All) Assert.Contains(eval.Name, evals);
        Assert.Contains("ht_simple.jsonl.gz", files);
        Assert.Contains("ht_complicated.jsonl.gz", files);
    }

    [Theory]
    [MemberData(nameof(Fixtures))]
    public void EveryAnswerMatchesManual(string fixture)
    {
        var lines = ReadLines(Path.Combine(AppContext.BaseDirectory, "Fixtures", fixture));
        var session = new Session(Registry.All);
        int evaluated = 0;
        var failures = new List<string>();
        for (int i = 0; i + 1 < lines.Count; i += 2)
        {
            var message = lines[i]["message"]!.AsObject();
            var golden = lines[i + 1]["response"]!.AsObject();
            var response = session.Respond(message.ToJsonString());
            Assert.Equal(message["id"]!.GetValue<int>(), response["id"]!.GetValue<int>());
            switch (message["kind"]!.GetValue<string>())
            {
                case "define":
                    Assert.Equal(golden["success"]!.GetValue<bool>(), response["success"]!.GetValue<bool>());
                    break;
                case "evaluate":
                    Assert.True(golden["success"]!.GetValue<bool>(), "the recorded manual run failed");
                    Assert.True(response["success"]!.GetValue<bool>(), response["error"]?.GetValue<string>());
                    // min_runs 1, min_seconds 0: one evaluate timing (and the warm-up's).
                    Assert.Single(response["timings"]!.AsArray(), t => t!["name"]!.GetValue<string>() == "evaluate");
                    foreach (string m in JsonComparison.Compare(golden["output"], response["output"]))
                        failures.Add($"{message["function"]} {message["description"]}: {m}");
                    evaluated++;
                    break;
            }
        }
        Assert.True(evaluated > 0, "the fixture has no evaluate message");
        Assert.True(failures.Count == 0, $"{failures.Count} mismatches:\n" + string.Join("\n", failures.Take(20)));
    }

    private static List<JsonNode> ReadLines(string path)
    {
        using var gzip = new GZipStream(File.OpenRead(path), CompressionMode.Decompress);
        using var reader = new StreamReader(gzip);
        var lines = new List<JsonNode>();
        while (reader.ReadLine() is { } line)
            if (line.Length > 0) lines.Add(JsonNode.Parse(line)!);
        return lines;
    }
}
