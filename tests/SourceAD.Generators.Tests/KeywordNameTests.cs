using System.Runtime.CompilerServices;
using Microsoft.CodeAnalysis;
using SourceAD.Generators.Tests.Support;
using Xunit;

namespace SourceAD.Generators.Tests;

/// <summary>
/// Parameters and locals named with C# keywords written with '@' (<c>@out</c>, <c>@params</c>, <c>@in</c>), as ports of C
/// and Python code name them (GradBench gaps G1 and G2): generated code used to print them without the '@', which
/// did not compile. The derived names (<c>dout</c>, <c>seedOut</c>) drop the '@'.
/// </summary>
public class KeywordNameTests
{
    private const string Source = """
        using System;
        using SourceAD;

        public static partial class Ports
        {
            [Differentiable]
            public static void Scale(double[] @in, double @params, double[] @out)
            {
                for (int i = 0; i < @in.Length; i++) @out[i] = @params * @in[i] * @in[i];
            }

            [Differentiable]
            public static double Total(double[] @params, double @base)
            {
                double @double = 0;
                var @out = new double[@params.Length];
                Scale(@params, @base, @out);
                foreach (double @var in @out) @double += Math.Sin(@var);
                return @double;
            }

            /// <summary>Span locals sliced from a keyword-named span (lstm_model's weights from @params).</summary>
            [Differentiable]
            public static double Split(ReadOnlySpan<double> @params, int h)
            {
                ReadOnlySpan<double> @base = @params.Slice(0, h);
                ReadOnlySpan<double> rest = @params.Slice(h);
                double s = 0;
                for (int i = 0; i < h; i++) s += @base[i] * rest[i];
                return s;
            }
        }
        """;

    [Fact]
    public void GeneratedCodeCompilesWithoutDiagnostics()
    {
        var (output, diagnostics, _) = GeneratorHarness.Run(Source);
        Assert.Empty(diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error));
        Assert.Empty(output.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error));
    }

    private delegate double SplitPullback(ReadOnlySpan<double> values, int h, double seed, Span<double> dvalues);

    [Fact]
    public void SlicesOfKeywordNamedSpansAreAliases()
    {
        Type t = GeneratorHarness.Load(Source).GetType("Ports")!;
        Assert.Equal(new[] { "params", "h", "seed", "dparams" }, t.GetMethod("SplitPullback")!.GetParameters().Select(p => p.Name));
        var pullback = t.GetMethod("SplitPullback")!.CreateDelegate<SplitPullback>();
        double[] v = { 1, 2, 3, 4, 5, 6 }, d = new double[6];
        Assert.Equal(1 * 4 + 2 * 5 + 3 * 6, pullback(v, 3, 1.0, d));
        Assert.Equal(new double[] { 4, 5, 6, 1, 2, 3 }, d);
    }

    [Fact]
    public void GradientMatchesFiniteDifferences()
    {
        Type t = GeneratorHarness.Load(Source).GetType("Ports")!;
        var f = t.GetMethod("Total")!.CreateDelegate<Func<double[], double, double>>();
        double[] x = { 0.4, -1.1, 0.9 };
        const double b = 0.7;
        var gradient = (ITuple)t.GetMethod("TotalGradient")!.Invoke(null, new object[] { x, b })!;
        Assert.Equal(f(x, b), (double)gradient[0]!);
        FiniteDifference.AssertGradient(at => f(at, b), x, (double[])gradient[1]!);
        FiniteDifference.AssertAgrees(FiniteDifference.Derivative(at => f(x, at), b), (double)gradient[2]!, "∂/∂b");
    }
}
