using System.Text;
using SourceAD.Generators.Tests.NaturalCorpus;
using Xunit;
using Xunit.Abstractions;

namespace SourceAD.Generators.Tests;

/// <summary>
/// The natural corpus (Corpus/*.cs): ordinary numeric C# with [Differentiable] on it. Each program either works,
/// checked against the value oracle, finite differences, the dot-product test and its closed form, or is refused cleanly
/// with SRCAD diagnostics in the user's file, as its '// expect:' header says. Crashes, uncompilable generated code and
/// wrong values or derivatives always fail.
/// A program that exposes a defect already filed (issue 12) and being fixed on another branch says so in a
/// '// known-defect:' line: its row is reported as skipped, and <see cref="KnownDefectsStillFail"/> fails as soon as
/// the defect is gone, so the line is deleted and the row runs again.
/// </summary>
public class NaturalCorpusTests(ITestOutputHelper output)
{
    private const string KnownDefectSkip = "Known defect of issue 12, named in the file's '// known-defect:' line; KnownDefectsStillFail checks it still reproduces";

    public static IEnumerable<object[]> Programs() =>
        CorpusProgram.Names.Where(n => CorpusProgram.Load(n).KnownDefect is null).Select(n => new object[] { n });

    public static IEnumerable<object[]> KnownDefects() =>
        CorpusProgram.Names.Where(n => CorpusProgram.Load(n).KnownDefect is not null).Select(n => new object[] { n });

    [Theory]
    [MemberData(nameof(Programs))]
    [MemberData(nameof(KnownDefects), Skip = KnownDefectSkip)]
    public void Program(string name)
    {
        CorpusOutcome o = CorpusRunner.Evaluate(name);
        output.WriteLine($"{o.Verdict}: {o.Detail}");
        switch (o.Verdict)
        {
            case Verdict.Failed:
                Assert.Fail($"{name}: {o.Detail}");
                break;
            case Verdict.Refused when o.ExpectWorks:
                Assert.Fail($"{name} is marked '// expect: works' but is refused: {o.Detail}");
                break;
            case Verdict.Works when !o.ExpectWorks:
                Assert.Fail($"{name} now works: flip its header to '// expect: works'");
                break;
        }
    }

    [Fact]
    public void KnownDefectsStillFail()
    {
        var fixedNow = KnownDefects().Select(row => CorpusRunner.Evaluate((string)row[0]))
            .Where(o => o.Verdict != Verdict.Failed).Select(o => $"{o.Name} ({o.Verdict})").ToList();
        Assert.True(fixedNow.Count == 0, "These programs no longer fail: delete their '// known-defect:' line: " + string.Join(", ", fixedNow));
    }

    [Fact]
    public void Summary()
    {
        var outcomes = CorpusProgram.Names.Select(CorpusRunner.Evaluate).ToList();
        var sb = new StringBuilder();
        int works = outcomes.Count(o => o.Verdict == Verdict.Works);
        int refused = outcomes.Count(o => o.Verdict == Verdict.Refused);
        int failed = outcomes.Count(o => o.Verdict == Verdict.Failed);
        sb.AppendLine($"Natural corpus: {works}/{outcomes.Count} work ({100.0 * works / outcomes.Count:F0} %), {refused} refused cleanly, {failed} failed");
        sb.AppendLine();
        sb.AppendLine("| program | verdict | detail |");
        sb.AppendLine("|---|---|---|");
        foreach (CorpusOutcome o in outcomes.OrderBy(o => o.Verdict).ThenBy(o => o.Name, StringComparer.Ordinal))
        {
            string detail = o.Verdict == Verdict.Works ? "" : o.Detail.Split('\n')[0].Replace("|", "\\|");
            if (CorpusProgram.Load(o.Name).KnownDefect is string known) detail = $"known defect: {known}. {detail}";
            sb.AppendLine($"| {o.Name} | {o.Verdict} | {detail} |");
        }
        output.WriteLine(sb.ToString());
        if (Environment.GetEnvironmentVariable("SOURCEAD_CORPUS_SUMMARY") is string path) File.WriteAllText(path, sb.ToString());
        Assert.True(outcomes.Count >= 60, $"The natural corpus must hold at least 60 programs; it holds {outcomes.Count}");
    }
}
