using SourceAD.Generators.Tests.NaturalCorpus;
using Xunit;

namespace SourceAD.Generators.Tests;

/// <summary>
/// Arrays of structs that are data, not inputs: a static readonly table (<c>static readonly Stump[] Trees = { … }</c>),
/// an array initializer in the method, an instance field. A struct with a floating member is an aggregate, held as
/// one scalar per member; its loop variable or local copy must get every member from the element. The first version
/// assigned the struct whole and read the (never written) members: a boosted-stumps model (corpus StumpEnsemble) lost
/// every tree's value and derivative without a diagnostic.
/// </summary>
public class AggregateDataArrayTests
{
    private const string Types = """
        using System;
        using SourceAD;
        namespace Agd;
        public readonly record struct Stump(int Feature, double Threshold, double Left, double Right);
        public struct Knot { public double At; public double Weight; }
        """;

    private const string Table = """
            private static readonly Stump[] Trees =
            {
                new(0, 0.5, -1.0, 1.0),
                new(1, 1.0, 0.3, -0.2),
                new(2, 0.0, 0.8, 0.1),
                new(0, -0.2, 0.05, 0.4),
            };
        """;

    private static void Works(string name, string body, string args = "new double[] { 0.3, 1.8, -0.4 }, 0.1", string receiver = "")
    {
        string source = $"// entry: Agd.F.M\n// args: {args}\n{receiver}// expect: works\n{Types}\npublic {(receiver.Length > 0 ? "" : "static ")}partial class F\n{{\n{Table}\n{body}\n}}\n";
        CorpusOutcome outcome = CorpusRunner.Check(CorpusProgram.Parse(name, source));
        Assert.True(outcome.Verdict == Verdict.Works, $"{name}: {outcome.Verdict}: {outcome.Detail}\n{source}");
    }

    [Fact]
    public void ForEachOverAStaticTable() => Works("StaticTableForEach",
        "[Differentiable] public static double M(double[] x, double lambda) { double s = 0; foreach (Stump t in Trees) { double leaf = x[t.Feature] <= t.Threshold ? t.Left : t.Right; s += leaf * (1 + 0.1 * x[t.Feature]); } return s + lambda * x[1] * x[1]; }");

    [Fact]
    public void LocalCopyOfATableElement() => Works("StaticTableLocal",
        "[Differentiable] public static double M(double[] x, double lambda) { double s = 0; for (int k = 0; k < Trees.Length; k++) { Stump t = Trees[k]; s += (x[t.Feature] > t.Threshold ? t.Right : t.Left) * x[t.Feature] * lambda; } return s; }");

    [Fact]
    public void MembersOfTableElements() => Works("StaticTableMembers",
        "[Differentiable] public static double M(double[] x, double lambda) { double s = 0; for (int k = 0; k < Trees.Length; k++) s += Trees[k].Left * x[Trees[k].Feature] + lambda * Trees[k].Threshold; return s * lambda; }");

    [Fact]
    public void ForEachOverAnInitializer() => Works("InitializerForEach",
        "[Differentiable] public static double M(double[] x, double lambda) { double s = 0; foreach (Knot k in new Knot[] { new() { At = 0.5, Weight = lambda }, new() { At = -1, Weight = 2 } }) s += k.Weight * (x[0] - k.At) * (x[0] - k.At); return s; }");

    [Fact]
    public void ForEachOverAnInstanceField() => Works("InstanceFieldForEach",
        "private readonly Knot[] _knots = { new() { At = 0.5, Weight = 1.5 }, new() { At = -1, Weight = 2 } };\n" +
        "[Differentiable] public double M(double[] x, double lambda) { double s = 0; foreach (var k in _knots) s += k.Weight * Math.Exp(-lambda * (x[0] - k.At) * (x[0] - k.At)); return s; }",
        receiver: "// receiver: new Agd.F()\n");

    [Theory]
    [InlineData("static Knot[] Make(double w) => new Knot[] { new() { At = 0, Weight = w } };\n[Differentiable] public static double M(double[] x, double lambda) { double s = 0; foreach (Knot k in Make(lambda)) s += k.Weight * x[0]; return s; }", "iterate over an array parameter")]
    [InlineData("[Differentiable] public static double M(double[] x, double lambda) { double s = 0; for (int r = 0; r < 2; r++) foreach (Knot k in new Knot[] { new() { At = r, Weight = lambda } }) s += k.Weight * x[0]; return s; }", "before the enclosing loop")]
    public void OtherStructSequencesAreRefusedWithTheRewrite(string body, string rewrite)
    {
        string source = Types + "\npublic static partial class F\n{\n" + body + "\n}\n";
        var refused = Support.GeneratorHarness.Refusals(source);
        Assert.Contains(refused, m => m.Contains("foreach over structs") && m.Contains(rewrite));
    }
}
