using Microsoft.CodeAnalysis;
using SourceAD.Generators.Tests.Support;
using Xunit;

namespace SourceAD.Generators.Tests;

/// <summary>The generator never throws: half-typed code as seen mid-edit yields no output and no exception (never CS8785).</summary>
public class MalformedInputTests
{
    private const string Valid = """
        using System;
        using SourceAD;
        namespace Demo;
        public partial class Model
        {
            private readonly double _scale = 2;
            [Differentiable]
            public double Loss(double[] w, [NoDerivative] double[] x, int n)
            {
                double s = 0;
                for (int i = 0; i < n; i++)
                {
                    double z = w[i] * x[i] * _scale;
                    if (z > 0) s += Math.Log(1 + z); else s -= z * z;
                    if (s > 100) break;
                }
                return Math.Sqrt(s * s + 1);
            }
            [Differentiable]
            public static T G<T>(T a) where T : System.Numerics.IFloatingPointIeee754<T> => T.Exp(a) * a;
        }
        """;

    public static IEnumerable<object[]> Truncations()
    {
        // Every 7th prefix of the file, and the file with each 11th character deleted.
        for (int cut = 0; cut < Valid.Length; cut += 7) yield return new object[] { Valid.Substring(0, cut) };
        for (int del = 0; del < Valid.Length; del += 11) yield return new object[] { Valid.Remove(del, 1) };
    }

    [Theory]
    [MemberData(nameof(Truncations))]
    public void NeverThrows(string source)
    {
        var (_, diagnostics, result) = GeneratorHarness.Run(source);
        Assert.All(result.Results, r => Assert.Null(r.Exception));
        Assert.DoesNotContain(diagnostics, d => d.Id is "CS8785" or "SRCAD0999");
    }

    [Fact]
    public void ValidSourceGeneratesWithoutErrors()
    {
        var (_, diagnostics, result) = GeneratorHarness.Run(Valid);
        Assert.Equal(2, result.Results.Single().GeneratedSources.Length);
        Assert.DoesNotContain(diagnostics, d => d.Severity == DiagnosticSeverity.Error);
    }

    [Theory]
    [InlineData("[Differentiable] public static double F(double x) { return Foo(x); }")]
    [InlineData("[Differentiable] public static double F(double x) { switch (1) { default: return x; } }")]
    [InlineData("[Differentiable] public static double F(double x) => x +")]
    [InlineData("[Differentiable] public static int F(double x) => 1;")]
    [InlineData("[Differentiable] public static double F(ref double x) => x;")]
    [InlineData("[Differentiable] public static double F(double x) { try { return x; } finally { } }")]
    [InlineData("[Differentiable] public static double F(double x) => Helper(x); static double Helper(double v) => v;")]
    public void UnsupportedCodeProducesNoOutputAndNoException(string member)
    {
        string source = "using System; using SourceAD; public static partial class C { " + member + " }";
        var (_, diagnostics, result) = GeneratorHarness.Run(source);
        Assert.Null(result.Results.Single().Exception);
        Assert.Empty(result.Results.Single().GeneratedSources);
        Assert.DoesNotContain(diagnostics, d => d.Id is "CS8785" or "SRCAD0999");
    }
}
