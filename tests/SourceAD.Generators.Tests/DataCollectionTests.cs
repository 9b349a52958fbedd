using System.Collections.Generic;
using System.Runtime.CompilerServices;
using SourceAD.Checking;
using SourceAD.Generators.Tests.Support;
using Xunit;

namespace SourceAD.Generators.Tests;

/// <summary>
/// Collections that are data parameters, read the way configuration-driven code reads them (round 17): a
/// <c>[NoDerivative] Dictionary&lt;string, double&gt;</c> of coefficients by key (<c>p["a"]</c>,
/// <c>GetValueOrDefault</c>, <c>ContainsKey</c>), an <c>IReadOnlyList&lt;int&gt;</c> of indices (<c>Contains</c>), and
/// LINQ over a data <c>List&lt;double&gt;</c> or a dictionary's <c>Values</c>, whose generated code did not compile
/// (the List-to-IEnumerable conversion printed as <c>IEnumerable&lt;double&gt;.CreateTruncating(data)</c>). Each is
/// checked by its generated <c>CheckDerivatives</c> (the value oracle, finite differences, forward against reverse)
/// and against the closed form.
/// </summary>
public class DataCollectionTests() : SourceProgramTests(Source, "Config")
{
    private const string Source = """
        using System;
        using System.Collections.Generic;
        using System.Linq;
        using SourceAD;

        public static partial class Config
        {
            [Differentiable]
            public static double Quadratic(double x, [NoDerivative] Dictionary<string, double> p) =>
                p["a"] * x * x + p["b"] * x + p.GetValueOrDefault("c", 0.0);

            [Differentiable]
            public static double Switched(double x, [NoDerivative] IReadOnlyDictionary<string, double> p, IReadOnlyList<int> active)
            {
                double s = p.ContainsKey("scale") ? p["scale"] : 1.0;
                double y = 0;
                for (int k = 0; k < 4; k++)
                {
                    if (active.Contains(k)) y += Math.Sin((k + 1) * x);
                }
                return s * y;
            }

            [Differentiable]
            public static double Centered(double x, [NoDerivative] List<double> data, [NoDerivative] Dictionary<string, double> p) =>
                (x - data.Average()) * (x - data.Average()) * p.Values.Sum();
        }
        """;

    private static readonly Dictionary<string, double> Coefficients = new() { ["a"] = 2.0, ["b"] = -1.0 };

    // The last argument is the check's options (null: the defaults).
    private DerivativeCheckReport Check(string name, params object[] args) =>
        (DerivativeCheckReport)Program.GetMethod(name + "CheckDerivatives")!.Invoke(null, args.Append(null).ToArray())!;

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void CoefficientsByKey(bool withC)
    {
        var p = new Dictionary<string, double>(Coefficients);
        if (withC) p["c"] = 0.5;
        DerivativeCheckReport report = Check("Quadratic", 0.8, p);
        Assert.True(report.Passed, report.ToString());
        var gradient = (ITuple)Program.GetMethod("QuadraticGradient")!.Invoke(null, new object[] { 0.8, p })!;
        Assert.Equal(2 * 2.0 * 0.8 - 1.0, (double)gradient[1]!, 12);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void LookupsInConditions(bool scaled)
    {
        var p = new Dictionary<string, double>();
        if (scaled) p["scale"] = 1.5;
        DerivativeCheckReport report = Check("Switched", 0.4, p, new List<int> { 0, 2 });
        Assert.True(report.Passed, report.ToString());
        var gradient = (ITuple)Program.GetMethod("SwitchedGradient")!.Invoke(null, new object[] { 0.4, p, new List<int> { 0, 2 } })!;
        Assert.Equal((scaled ? 1.5 : 1.0) * (Math.Cos(0.4) + 3 * Math.Cos(3 * 0.4)), (double)gradient[1]!, 12);
    }

    [Fact]
    public void LinqOverDataCollections()
    {
        var data = new List<double> { 0.5, 1.5, 2.5 };
        DerivativeCheckReport report = Check("Centered", 0.3, data, Coefficients);
        Assert.True(report.Passed, report.ToString());
        var gradient = (ITuple)Program.GetMethod("CenteredGradient")!.Invoke(null, new object[] { 0.3, data, Coefficients })!;
        Assert.Equal(2 * (0.3 - 1.5) * 1.0, (double)gradient[1]!, 12);
    }

    [Fact]
    public void AnUnmarkedDictionaryIsRefusedWithItsRewrite()
    {
        // A varied default and TryGetValue on a data dictionary now work (DictionaryLookupTests), into a struct too
        // (DataCollectionLoopTests, round 19); a dictionary of structs whose out target is a field is still refused.
        const string refused = """
            using System.Collections.Generic;
            using SourceAD;
            public record struct Pair(double A, double B);
            public static partial class Bad
            {
                [Differentiable]
                public static double Out(double x, [NoDerivative] Dictionary<string, Pair> p) => p.TryGetValue("a", out Held) ? Held.A * x : x;

                private static Pair Held;

                [Differentiable]
                public static double Unmarked(double x, Dictionary<string, double> p) => p["a"] * x;
            }
            """;
        var diagnostics = GeneratorHarness.BuildDiagnostics(refused).Select(d => (d.Id, Message: d.GetMessage())).ToList();
        Assert.Contains(diagnostics, d => d.Id == "SRCAD0001" && d.Message.Contains("p.TryGetValue(\"a\", out Held)"));
        // Doubles in a dictionary are data only when the user says so, as for any parameter holding floating values.
        Assert.Contains(diagnostics, d => d.Id == "SRCAD0001" && d.Message.Contains("mark 'p' [NoDerivative]"));
    }
}
