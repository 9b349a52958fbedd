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

            /// <summary>A method with an aggregate and a list parameter goes through the surface wrapper (keyword names there too).</summary>
            [Differentiable]
            public static double Weighted(Pair @in, System.Collections.Generic.List<double> @params, double @base)
            {
                double s = @in.A * @base;
                foreach (double @var in @params) s += @var * @in.B;
                return s * @base;
            }
        }

        public record struct Pair(double A, double B);
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

    [Fact]
    public void AggregateAndListSurfacesKeepKeywordNames()
    {
        Type t = GeneratorHarness.Load(Source).GetType("Ports")!;
        Type pair = t.Assembly.GetType("Pair")!;
        object p = Activator.CreateInstance(pair, 0.3, -1.7)!;
        var list = new List<double> { 0.5, 2.0, -0.25 };
        const double b = 1.3;
        double Value(double a, double bb, double c) => (a * c + bb * list.Sum()) * c;
        var gradient = (ITuple)t.GetMethod("WeightedGradient")!.Invoke(null, new object[] { p, list, b })!;
        Assert.Equal((double)t.GetMethod("Weighted")!.Invoke(null, new object[] { p, list, b })!, (double)gradient[0]!);
        object dp = gradient[1]!;
        Assert.Equal(b * b, (double)pair.GetProperty("A")!.GetValue(dp)!, 12);
        Assert.Equal(list.Sum() * b, (double)pair.GetProperty("B")!.GetValue(dp)!, 12);
        Assert.Equal(new[] { -1.7 * b, -1.7 * b, -1.7 * b }, ((double[])gradient[2]!).Select(v => Math.Round(v, 12)));
        FiniteDifference.AssertAgrees(FiniteDifference.Derivative(c => Value(0.3, -1.7, c), b), (double)gradient[3]!, "∂/∂base");
    }
}
