using SourceAD.Generators.Tests.Support;
using Xunit;

namespace SourceAD.Generators.Tests;

/// <summary>
/// Money code computes in decimal. <c>(decimal)x</c> of a differentiated value used to get the integer casts' rule, a
/// derivative of 0 with the SRCAD0101 warning; but it is x to 28 significant digits, so that 0 was silently wrong
/// (corpus DecimalRounding: ∂/∂unitPrice 0 against 3.6). It is refused with the rewrite. Decimal values that depend
/// on no input (a count, a fee table) stay passive data and compile.
/// </summary>
public class DecimalConversionTests
{
    [Fact]
    public void ADifferentiatedValueConvertedToDecimalIsRefusedWithTheRewrite()
    {
        const string source = """
            using SourceAD;

            public static partial class Invoice
            {
                [Differentiable]
                public static double Total(double price, double quantity) => (double)((decimal)price * (decimal)quantity);
            }
            """;
        var refused = GeneratorHarness.Refusals(source);
        Assert.Contains(refused, m => m.Contains("(decimal)price") && m.Contains("compute in double"));
        Assert.DoesNotContain(GeneratorHarness.BuildDiagnostics(source), d => d.Id == "SRCAD0101");
    }

    [Fact]
    public void LibraryConversionsToDecimalAreRefusedToo()
    {
        const string source = """
            using System;
            using SourceAD;

            public static partial class Invoice
            {
                [Differentiable]
                public static double Total(double price) => (double)(Convert.ToDecimal(price) * 1.2m) + (double)decimal.CreateChecked(price * price);
            }
            """;
        var refused = GeneratorHarness.Refusals(source);
        Assert.Contains(refused, m => m.Contains("Convert.ToDecimal(price)") && m.Contains("compute in double"));
        Assert.Contains(refused, m => m.Contains("decimal.CreateChecked(price * price)"));
    }

    [Fact]
    public void DecimalDataThatDependsOnNoInputIsPassive()
    {
        const string source = """
            using SourceAD;

            public static partial class Invoice
            {
                [Differentiable]
                public static double Total(double price, int count)
                {
                    decimal fee = count * 0.25m + 1.5m;
                    return price * price + (double)fee;
                }
            }
            """;
        Type t = GeneratorHarness.Load(source).GetType("Invoice")!;
        var gradient = t.GetMethod("TotalGradient")!.CreateDelegate<Func<double, int, (double, double)>>();
        var (value, dprice) = gradient(3.0, 4);
        Assert.Equal(3.0 * 3.0 + 2.5, value);
        Assert.Equal(6.0, dprice);
    }
}
