using SourceAD.Generators.Tests.Support;
using Xunit;

namespace SourceAD.Generators.Tests;

/// <summary>
/// Refusals that used to say only "see generators/README.md" (corpus round 9), or named a rewrite the code cannot take
/// (Array.Sort(keys, items), corpus round 15: "mark the callee [Differentiable]"): each now names the construct and the
/// rewrite at its location, as the analyzer reports it in the user's build.
/// </summary>
public class RefusalMessageTests
{
    [Theory]
    [InlineData("double M(double[] x) => x.Select(Box.Unit.Times).Max();", "The method group 'Box.Unit.Times' passed as a delegate", "v => Box.Unit.Times(v)")]
    [InlineData("double M(double[] x) { var rng = new Random(); return x[0] * rng.NextDouble(); }", "The Random local 'rng' without a seed", "new Random(42)")]
    [InlineData("double M(double[] x) { var b = new Box(); return x[0] * b.Scale; }", "Creating the 'Box' object", "make the type a struct or record of doubles")]
    [InlineData("double M(double[] x) { var k = (double[])x.Clone(); var v = new double[x.Length]; Array.Sort(k, v); return v[0]; }", "The call 'Array.Sort(k, v)'", "Array.Sort(copy)")]
    [InlineData("double M(double[] x) { double s = 0; Array.ForEach(x, v => s += v * v); return s; }", "The call 'Array.ForEach(x, v => s += v * v)' as a statement", "foreach (var v in x)")]
    public void RefusalNamesTheConstructAndTheRewrite(string method, string construct, string rewrite)
    {
        string source = "using System;\nusing System.Linq;\nusing SourceAD;\npublic class Box { public double Scale = 2; public static readonly Box Unit = new(); public double Times(double v) => v * Scale; }\n" +
                        "public static partial class F\n{\n    [Differentiable] public static " + method + "\n}\n";
        var refused = GeneratorHarness.Refusals(source);
        Assert.Contains(refused, m => m.Contains(construct) && m.Contains(rewrite));
    }
}
