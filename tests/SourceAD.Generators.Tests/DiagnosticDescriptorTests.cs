using System.Reflection;
using Microsoft.CodeAnalysis;
using SourceAD.Generators.Diagnostics;
using Xunit;

namespace SourceAD.Generators.Tests;

/// <summary>The one descriptor class: every diagnostic has a help link to its heading in analyzers/README.md and a release-tracking row.</summary>
public class DiagnosticDescriptorTests
{
    public static IEnumerable<object[]> Descriptors() => typeof(DiagnosticDescriptors)
        .GetFields(BindingFlags.Public | BindingFlags.Static)
        .Where(f => f.FieldType == typeof(DiagnosticDescriptor))
        .Select(f => new object[] { f.Name });

    private static DiagnosticDescriptor Get(string name) =>
        (DiagnosticDescriptor)typeof(DiagnosticDescriptors).GetField(name)!.GetValue(null)!;

    private static string Repo(params string[] parts)
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "SourceAD.sln")))
        {
            dir = dir.Parent;
        }
        return Path.Combine([dir!.FullName, .. parts]);
    }

    [Theory]
    [MemberData(nameof(Descriptors))]
    public void EachHasAHelpLinkToItsReadmeHeadingAndAReleaseRow(string name)
    {
        DiagnosticDescriptor d = Get(name);
        Assert.Equal(DiagnosticDescriptors.HelpLink(d.Id), d.HelpLinkUri);
        Assert.EndsWith("analyzers/README.md#" + d.Id.ToLowerInvariant(), d.HelpLinkUri);
        Assert.Contains("\n## " + d.Id + "\n", File.ReadAllText(Repo("analyzers", "README.md")).Replace("\r\n", "\n"));
        string releases = File.ReadAllText(Repo("generators", "SourceAD.Generators", "AnalyzerReleases.Shipped.md")) +
                          File.ReadAllText(Repo("generators", "SourceAD.Generators", "AnalyzerReleases.Unshipped.md"));
        Assert.Contains(d.Id + " | " + d.Category + " | " + d.DefaultSeverity + " | ", releases);
        Assert.Same(d, DiagnosticDescriptors.ById(d.Id));
    }

    [Fact]
    public void IdsAreUnique() =>
        Assert.Equal(Descriptors().Count(), Descriptors().Select(n => Get((string)n[0]).Id).Distinct().Count());
}
