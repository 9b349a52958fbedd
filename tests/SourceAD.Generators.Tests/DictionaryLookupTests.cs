using System.Collections.Frozen;
using System.Collections.Generic;
using System.Runtime.CompilerServices;
using SourceAD.Checking;
using SourceAD.Generators.Tests.Support;
using Xunit;

namespace SourceAD.Generators.Tests;

/// <summary>
/// Round 18's dictionary lookups on data collections, refused before: <c>TryGetValue</c> (its out target gets the value
/// TryGetValue gives it, <c>p[key]</c> or <c>default</c>, as an ordinary write; the call is <c>ContainsKey</c>) with
/// <c>out var</c>, a typed out declaration, an existing local, a discard, under <c>&amp;&amp;</c> and <c>?:</c>, in a
/// loop, on <c>IReadOnlyDictionary</c> and <c>FrozenDictionary</c>; and <c>GetValueOrDefault(key, fallback)</c> whose
/// fallback carries a derivative, which flows through when the key is missing. Each is checked by its generated
/// <c>CheckDerivatives</c> with the key present and missing, and against the closed form.
/// </summary>
public class DictionaryLookupTests() : SourceProgramTests(Source, "Lookups")
{
    private const string Source = """
        using System;
        using System.Collections.Frozen;
        using System.Collections.Generic;
        using SourceAD;

        public static partial class Lookups
        {
            [Differentiable]
            public static double Terms(double x, [NoDerivative] Dictionary<string, double> p)
            {
                double s = 0;
                if (p.TryGetValue("a", out var c)) s += c * x * x;
                if (p.TryGetValue("b", out c)) s += c * x;
                if (x > 0 && p.TryGetValue("c", out double d) && d != 0) s += d * Math.Sin(x);
                if (p.TryGetValue("flag", out _)) s += x;
                return s;
            }

            [Differentiable]
            public static double Weighted(double[] x, [NoDerivative] IReadOnlyDictionary<int, double> w)
            {
                double s = 0;
                double last = -1;
                for (int k = 0; k < x.Length; k++)
                {
                    double wk = w.TryGetValue(k, out double t) ? t : 1.0;
                    bool known = w.TryGetValue(k + 1, out last);
                    s += wk * x[k] * x[k] + (known ? last * x[k] : 0.0);
                }
                return s + last;
            }

            [Differentiable]
            public static double Frozen(double x, [NoDerivative] FrozenDictionary<string, int> powers) =>
                powers.TryGetValue("n", out int n) ? Math.Pow(x, n) : Math.Exp(x);

            [Differentiable]
            public static double VariedDefault(double x, double y, [NoDerivative] Dictionary<string, double> p) =>
                p.GetValueOrDefault("a", x * y) * x + CollectionExtensions.GetValueOrDefault(p, "b", Math.Sin(y));
        }
        """;

    // The last argument is the check's options (null: the defaults).
    private DerivativeCheckReport Check(string name, params object[] args) =>
        (DerivativeCheckReport)Program.GetMethod(name + "CheckDerivatives")!.Invoke(null, args.Append(null).ToArray())!;

    private ITuple Gradient(string name, params object[] args) => (ITuple)Program.GetMethod(name + "Gradient")!.Invoke(null, args)!;

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void TryGetValueWithOutVarExistingLocalAndDiscard(bool present)
    {
        var p = present ? new Dictionary<string, double> { ["a"] = 2.0, ["b"] = -1.0, ["c"] = 0.5, ["flag"] = 0 } : new Dictionary<string, double> { ["b"] = 3.0 };
        DerivativeCheckReport report = Check("Terms", 0.8, p);
        Assert.True(report.Passed, report.ToString());
        double expected = present ? 2 * 2.0 * 0.8 - 1.0 + 0.5 * Math.Cos(0.8) + 1 : 3.0;
        Assert.Equal(expected, (double)Gradient("Terms", 0.8, p)[1]!, 12);
    }

    [Fact]
    public void TryGetValueInAConditionalAndAsABoolInALoop()
    {
        var w = new Dictionary<int, double> { [0] = 2.0, [2] = 0.25 };
        var x = new[] { 0.5, -1.0, 2.0 };
        DerivativeCheckReport report = Check("Weighted", x, w);
        Assert.True(report.Passed, report.ToString());
        var g = (double[])Gradient("Weighted", x, w)[1]!;
        // k = 0: weight 2, next key 1 missing; k = 1: weight 1, next key 2 has 0.25; k = 2: weight 0.25, key 3 missing.
        Assert.Equal(new[] { 2 * 2.0 * 0.5, 2 * -1.0 + 0.25, 2 * 0.25 * 2.0 }, g, new Tolerance(1e-12));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void TryGetValueOnAFrozenDictionaryOfInts(bool present)
    {
        FrozenDictionary<string, int> powers = (present ? new Dictionary<string, int> { ["n"] = 3 } : new Dictionary<string, int>()).ToFrozenDictionary();
        DerivativeCheckReport report = Check("Frozen", 0.7, powers);
        Assert.True(report.Passed, report.ToString());
        Assert.Equal(present ? 3 * 0.7 * 0.7 : Math.Exp(0.7), (double)Gradient("Frozen", 0.7, powers)[1]!, 12);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void AVariedFallbackCarriesItsDerivativeWhenTheKeyIsMissing(bool present)
    {
        var p = present ? new Dictionary<string, double> { ["a"] = 2.0, ["b"] = 0.5 } : new Dictionary<string, double>();
        DerivativeCheckReport report = Check("VariedDefault", 0.7, 1.3, p);
        Assert.True(report.Passed, report.ToString());
        ITuple g = Gradient("VariedDefault", 0.7, 1.3, p);
        Assert.Equal(present ? 2.0 : 2 * 0.7 * 1.3, (double)g[1]!, 12);
        Assert.Equal(present ? 0.0 : 0.7 * 0.7 + Math.Cos(1.3), (double)g[2]!, 12);
    }

    private sealed class Tolerance(double eps) : IEqualityComparer<double>
    {
        public bool Equals(double a, double b) => Math.Abs(a - b) <= eps;

        public int GetHashCode(double obj) => 0;
    }
}
