using System.Runtime.CompilerServices;
using SourceAD.Checking;
using SourceAD.Generators.Tests.Support;
using Xunit;

namespace SourceAD.Generators.Tests;

/// <summary>
/// <c>names[i].Length</c> of a <c>[NoDerivative] string[]</c> used as a weight (round 18's NameLengthWeights), refused
/// before as an unsupported expression: the element is a passive read and its length an int. Checked by the generated
/// <c>CheckDerivatives</c> and against the closed form.
/// </summary>
public class StringElementTests() : SourceProgramTests(Source, "Names")
{
    private const string Source = """
        using SourceAD;

        public static partial class Names
        {
            [Differentiable]
            public static double ByLength(double[] x, [NoDerivative] string[] names)
            {
                double s = 0;
                int total = 0;
                for (int i = 0; i < x.Length; i++)
                {
                    s += names[i].Length * x[i] * x[i];
                    total += names[i].Length;
                }
                return s / total;
            }
        }
        """;

    [Fact]
    public void LengthsOfDataStringsWeighTheTerms()
    {
        var x = new[] { 0.5, 1.5, -2.0 };
        var names = new[] { "a", "bcd", "ef" };
        var report = (DerivativeCheckReport)Program.GetMethod("ByLengthCheckDerivatives")!.Invoke(null, new object?[] { x, names, null })!;
        Assert.True(report.Passed, report.ToString());
        var g = (double[])((ITuple)Program.GetMethod("ByLengthGradient")!.Invoke(null, new object[] { x, names })!)[1]!;
        for (int i = 0; i < x.Length; i++) Assert.Equal(2.0 * names[i].Length * x[i] / 6, g[i], 12);
    }
}
