using System.Runtime.CompilerServices;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Testing;
using SourceAD.Analyzers;
using SourceAD.Generators.Tests.Support;
using Xunit;

namespace SourceAD.Generators.Tests;

/// <summary>
/// <c>Math.Round(x, digits)</c>, <c>Math.Round(x, mode)</c> and <c>Math.Round(x, digits, mode)</c>, as invoicing code
/// rounds each line to cents: piecewise constant like <c>Math.Round(x)</c> (derivative 0, warning SRCAD0101), with the
/// value of the overload called, bit for bit. The tax rate's derivative is checked against its closed form (the rounded
/// subtotal), not by finite differences: a difference across a staircase of cents measures the jumps.
/// </summary>
public class RoundingOverloadTests
{
    private const string Source = """
        using System;
        using SourceAD;

        public static partial class Invoice
        {
            [Differentiable]
            public static double Total(double[] prices, double taxRate)
            {
                double subtotal = 0;
                for (int i = 0; i < prices.Length; i++)
                    subtotal += Math.Round(prices[i] * (i + 1), 2, MidpointRounding.AwayFromZero);
                subtotal += Math.Round(prices[0], MidpointRounding.ToZero) + MathF.Round((float)prices[1], 1);
                return subtotal * (1 + taxRate) + double.Round(taxRate * 100, 3);
            }
        }
        """;

    private static readonly Lazy<Type> Invoice = new(() => GeneratorHarness.Load(Source).GetType("Invoice")!);

    private delegate (double Value, double Tangent) Pushforward(double[] prices, double taxRate, ReadOnlySpan<double> dprices, double dtaxRate);

    private static readonly double[] Prices = { 19.995, 5.25, 120.125 };

    [Fact]
    public void CompilesWithoutErrors()
    {
        var (output, diagnostics, _) = GeneratorHarness.Run(Source);
        Assert.Empty(output.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error));
        Assert.DoesNotContain(diagnostics, d => d.Severity == DiagnosticSeverity.Error);
    }

    [Fact]
    public Task EachRoundIsReportedAsPiecewiseConstant() => new Verify.Analyzer<DifferentiableAnalyzer>("""
        using System;
        using SourceAD;

        public static partial class Invoice
        {
            [Differentiable]
            public static double Total(double price, double taxRate) =>
                {|#0:Math.Round(price, 2, MidpointRounding.AwayFromZero)|} * (1 + taxRate) + {|#1:MathF.Round((float)price, 1)|} + {|#2:double.Round(taxRate, MidpointRounding.ToEven)|};
        }
        """,
        new DiagnosticResult("SRCAD0101", DiagnosticSeverity.Warning).WithLocation(0).WithArguments("Math.Round"),
        new DiagnosticResult("SRCAD0101", DiagnosticSeverity.Warning).WithLocation(1).WithArguments("MathF.Round"),
        new DiagnosticResult("SRCAD0101", DiagnosticSeverity.Warning).WithLocation(2).WithArguments("double.Round")).RunAsync();

    [Fact]
    public void ValueIsTheOverloadsAndOnlyTheTaxRateHasADerivative()
    {
        Type t = Invoice.Value;
        var f = t.GetMethod("Total")!.CreateDelegate<Func<double[], double, double>>();
        const double tax = 0.0825;
        double expected = f(Prices, tax);
        var gradient = (ITuple)t.GetMethod("TotalGradient")!.Invoke(null, new object[] { Prices, tax })!;
        Assert.Equal(BitConverter.DoubleToInt64Bits(expected), BitConverter.DoubleToInt64Bits((double)gradient[0]!));
        Assert.All((double[])gradient[1]!, d => Assert.Equal(0.0, d));
        // ∂/∂taxRate: the rounded subtotal (the last Round is piecewise constant in the rate).
        double subtotal = Math.Round(Prices[0], 2, MidpointRounding.AwayFromZero) + Math.Round(Prices[1] * 2, 2, MidpointRounding.AwayFromZero) +
                          Math.Round(Prices[2] * 3, 2, MidpointRounding.AwayFromZero) + Math.Round(Prices[0], MidpointRounding.ToZero) + MathF.Round((float)Prices[1], 1);
        Assert.Equal(subtotal, (double)gradient[2]!, 12);

        // Dot-product test along a direction that moves every input.
        var (value, tangent) = t.GetMethod("TotalPushforward")!.CreateDelegate<Pushforward>()(Prices, tax, new[] { 0.3, -0.2, 0.9 }, 0.5);
        Assert.Equal(BitConverter.DoubleToInt64Bits(expected), BitConverter.DoubleToInt64Bits(value));
        Assert.Equal(0.5 * (double)gradient[2]!, tangent, 12);
    }
}
