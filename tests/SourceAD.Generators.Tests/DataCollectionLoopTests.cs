using System.Collections.Generic;
using System.Linq;
using System.Runtime.CompilerServices;
using SourceAD.Checking;
using SourceAD.Generators.Tests.Support;
using Xunit;

namespace SourceAD.Generators.Tests;

/// <summary>
/// Round 19: <c>foreach</c> over a data dictionary (<c>KeyValuePair</c> with <c>.Key</c>/<c>.Value</c>, <c>var (k, v)</c>,
/// a typed deconstruction with a discard, <c>.Values</c>, <c>.Keys</c>, with an early <c>break</c>) and over a data
/// <c>List</c> of records, and LINQ over that list with lambdas that carry a derivative (<c>Sum(f => …)</c>, <c>Where</c>/<c>Select</c>); <c>TryGetValue</c> into a struct on a data dictionary of structs, key present and missing;
/// and passive enum calls and conversions (<c>HasFlag</c>, the 0 of <c>(o &amp; F.B) != 0</c>, <c>(Kind)(1 &lt;&lt; 1)</c>,
/// <c>(int)(o &amp; F.C)</c>), whose conversion to the enum printed as <c>Kind.CreateTruncating(0)</c> (CS0117) and whose
/// cast of a compound operand lost its parentheses (<c>(Kind)1 &lt;&lt; 1</c>, CS0019) before. Each is checked by its generated
/// <c>CheckDerivatives</c> and against the closed form.
/// </summary>
public class DataCollectionLoopTests() : SourceProgramTests(Source, "Loops")
{
    private const string Source = """
        using System;
        using System.Collections.Generic;
        using System.Linq;
        using SourceAD;

        public readonly record struct Material(double Young, double Yield);
        public sealed record Flow(double Time, double Amount);
        [Flags] public enum Opt { None = 0, Square = 1, Half = 2, Clip = 4 }

        public static partial class Loops
        {
            [Differentiable]
            public static double Pairs(double x, [NoDerivative] Dictionary<int, double> terms)
            {
                double s = 0;
                foreach (KeyValuePair<int, double> kv in terms) s += kv.Value * Math.Pow(x, kv.Key);
                foreach (var (power, c) in terms) s += c * power * x;
                foreach ((int _, double c) in terms) s += c * Math.Sin(x);
                return s;
            }

            [Differentiable]
            public static double Parts(double x, [NoDerivative] IReadOnlyDictionary<string, double> weights)
            {
                double s = 0;
                foreach (double w in weights.Values) s += w * Math.Exp(-w * x);
                foreach (string name in weights.Keys)
                {
                    if (name.Length > 3) break;
                    s += name.Length * x * x;
                }
                return s;
            }

            [Differentiable]
            public static double Flows(double rate, [NoDerivative] List<Flow> flows)
            {
                double pv = 0;
                foreach (Flow f in flows) pv += f.Amount * Math.Exp(-rate * f.Time);
                double late = flows.Where(f => f.Time > 1.5).Select(f => f.Amount * rate * rate).Sum();
                return pv + flows.Sum(f => f.Time * Math.Exp(-rate * f.Time)) + late;
            }

            [Differentiable]
            public static double Stress(double strain, [NoDerivative] Dictionary<string, Material> materials, string name)
            {
                if (!materials.TryGetValue(name, out Material m)) return strain * strain;
                return Math.Min(m.Young * strain, m.Yield) + m.Young * strain * 0.01;
            }

            [Differentiable]
            public static double Flags(double x, Opt o)
            {
                double e = o.HasFlag(Opt.Square) ? x * x : x;
                if ((o & Opt.Clip) != 0) e = Math.Min(e, 1.0);
                e *= 1 + ((int)(o & Opt.Clip) >> 2);
                Opt half = (Opt)(1 << 1);
                return (o & half) == half ? e / 2 : e;
            }
        }
        """;

    private DerivativeCheckReport Check(string name, params object[] args) =>
        (DerivativeCheckReport)Program.GetMethod(name + "CheckDerivatives")!.Invoke(null, args.Append(null).ToArray())!;

    private ITuple Gradient(string name, params object[] args) => (ITuple)Program.GetMethod(name + "Gradient")!.Invoke(null, args)!;

    [Fact]
    public void DictionaryPairsByKeyValueAndByDeconstruction()
    {
        var terms = new Dictionary<int, double> { [0] = 1.0, [3] = -0.5, [5] = 0.25 };
        DerivativeCheckReport report = Check("Pairs", 0.9, terms);
        Assert.True(report.Passed, report.ToString());
        double x = 0.9;
        double expected = terms.Sum(t => t.Value * t.Key * Math.Pow(x, t.Key - 1)) + terms.Sum(t => t.Value * t.Key) + terms.Values.Sum() * Math.Cos(x);
        Assert.Equal(expected, (double)Gradient("Pairs", 0.9, terms)[1]!, 12);
    }

    [Fact]
    public void ValuesAndKeysWithABreak()
    {
        var w = new Dictionary<string, double> { ["ab"] = 0.2, ["abc"] = 0.5, ["long"] = 0.3, ["x"] = 2.0 };
        DerivativeCheckReport report = Check("Parts", 2.0, w);
        Assert.True(report.Passed, report.ToString());
        // The keys loop stops at "long": "ab" and "abc" count, "x" (after it) does not.
        double expected = w.Values.Sum(v => -v * v * Math.Exp(-v * 2.0)) + (2 + 3) * 2 * 2.0;
        Assert.Equal(expected, (double)Gradient("Parts", 2.0, w)[1]!, 12);
    }

    [Fact]
    public void ListOfRecordsByForEachAndByQueries()
    {
        var flowType = Assembly.GetType("Flow")!;
        var list = (System.Collections.IList)Activator.CreateInstance(typeof(List<>).MakeGenericType(flowType))!;
        foreach (var (t, a) in new[] { (1.0, 5.0), (2.0, 5.0), (3.0, 105.0) }) list.Add(Activator.CreateInstance(flowType, t, a));
        DerivativeCheckReport report = Check("Flows", 0.03, list);
        Assert.True(report.Passed, report.ToString());
        var flows = new[] { (1.0, 5.0), (2.0, 5.0), (3.0, 105.0) };
        double expected = flows.Sum(f => -f.Item1 * f.Item2 * Math.Exp(-0.03 * f.Item1)) + flows.Sum(f => -f.Item1 * f.Item1 * Math.Exp(-0.03 * f.Item1)) +
                          flows.Where(f => f.Item1 > 1.5).Sum(f => 2 * f.Item2 * 0.03);
        Assert.Equal(expected, (double)Gradient("Flows", 0.03, list)[1]!, 12);
    }

    [Theory]
    [InlineData("steel", 0.002)]
    [InlineData("steel", 0.0001)]
    [InlineData("wood", 0.002)]
    public void TryGetValueIntoAStruct(string name, double strain)
    {
        var materialType = Assembly.GetType("Material")!;
        var dictType = typeof(Dictionary<,>).MakeGenericType(typeof(string), materialType);
        var materials = (System.Collections.IDictionary)Activator.CreateInstance(dictType)!;
        materials["steel"] = Activator.CreateInstance(materialType, 200e3, 250.0);
        DerivativeCheckReport report = Check("Stress", strain, materials, name);
        Assert.True(report.Passed, report.ToString());
        double expected = name != "steel" ? 2 * strain : (200e3 * strain < 250.0 ? 200e3 : 0) + 200e3 * 0.01;
        Assert.Equal(expected, (double)Gradient("Stress", strain, materials, name)[1]!, 9);
    }

    [Theory]
    [InlineData(0, 1.0)]
    [InlineData(1, 2 * 0.8)]
    [InlineData(3, 0.8)]
    [InlineData(5, 0.0)]
    public void EnumFlagsAreData(int options, double expected)
    {
        object o = Enum.ToObject(Assembly.GetType("Opt")!, options);
        // x = 0.8: Square gives x², Clip caps at 1 (x² = 0.64 is below it, x = 0.8 too), Half halves.
        double x = options == 5 ? 1.5 : 0.8;
        DerivativeCheckReport report = Check("Flags", x, o);
        Assert.True(report.Passed, report.ToString());
        Assert.Equal(expected, (double)Gradient("Flags", x, o)[1]!, 12);
    }

    [Fact]
    public void APairUsedWholeIsRefusedWithTheDeconstruction()
    {
        const string refused = """
            using System.Collections.Generic;
            using SourceAD;
            public static partial class Bad
            {
                [Differentiable]
                public static double Whole(double x, [NoDerivative] Dictionary<int, double> p)
                {
                    double s = 0;
                    foreach (var kv in p) s += Weight(kv) * x;
                    return s;
                }

                private static double Weight(KeyValuePair<int, double> kv) => kv.Value;
            }
            """;
        var diagnostics = GeneratorHarness.BuildDiagnostics(refused).Select(d => (d.Id, Message: d.GetMessage())).ToList();
        Assert.Contains(diagnostics, d => d.Id == "SRCAD0001" && d.Message.Contains("foreach (var (key, value) in"));
    }
}
