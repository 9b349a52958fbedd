using Xunit;

namespace SourceAD.Tests.SecondOrder;

/// <summary>The dual number's rules against central differences of the plain function, at points away from kinks.</summary>
public sealed class DualTests
{
    public static TheoryData<string, double> Unary => new()
    {
        { "Exp", 0.7 }, { "ExpM1", -0.3 }, { "Exp2", 1.2 }, { "Exp10", 0.4 }, { "Log", 1.7 }, { "LogP1", 0.6 },
        { "Log2", 2.5 }, { "Log10", 3.1 }, { "Sqrt", 2.2 }, { "Cbrt", -1.9 }, { "Sin", 0.9 }, { "Cos", -2.1 },
        { "Tan", 0.4 }, { "SinPi", 0.3 }, { "CosPi", 0.2 }, { "TanPi", 0.1 }, { "Asin", 0.35 }, { "Acos", -0.6 },
        { "Atan", 1.4 }, { "AsinPi", 0.2 }, { "AcosPi", 0.7 }, { "AtanPi", -0.8 }, { "Sinh", 0.9 }, { "Cosh", -0.5 },
        { "Tanh", 0.3 }, { "Asinh", 1.3 }, { "Acosh", 1.8 }, { "Atanh", 0.45 }, { "Abs", -1.5 },
    };

    [Theory]
    [MemberData(nameof(Unary))]
    public void UnaryRulesMatchFiniteDifferences(string name, double x)
    {
        var dual = typeof(Dual<double>).GetMethod(name, new[] { typeof(Dual<double>) })!;
        var plain = typeof(double).GetMethod(name, new[] { typeof(double) })!;
        var result = (Dual<double>)dual.Invoke(null, new object[] { new Dual<double>(x, 1.0) })!;
        double f(double v) => (double)plain.Invoke(null, new object[] { v })!;
        Assert.Equal(f(x), result.Value);
        const double h = 1e-6;
        Assert.Equal((f(x + h) - f(x - h)) / (2 * h), result.Tangent, 1e-6);
    }

    [Fact]
    public void BinaryRulesMatchFiniteDifferences()
    {
        (string, Func<Dual<double>, Dual<double>, Dual<double>>, Func<double, double, double>)[] rules =
        {
            ("Pow", Dual<double>.Pow, Math.Pow), ("Atan2", Dual<double>.Atan2, Math.Atan2), ("Hypot", Dual<double>.Hypot, double.Hypot),
            ("Log", Dual<double>.Log, Math.Log), ("Div", (a, b) => a / b, (a, b) => a / b), ("Rem", (a, b) => a % b, (a, b) => a % b),
            ("Max", Dual<double>.Max, Math.Max), ("Min", Dual<double>.Min, Math.Min),
        };
        double x = 1.7, y = 0.6, u = 0.3, v = -1.1;
        const double h = 1e-6;
        foreach (var (name, dual, plain) in rules)
        {
            Dual<double> r = dual(new Dual<double>(x, u), new Dual<double>(y, v));
            Assert.True(plain(x, y) == r.Value, name);
            double fd = (plain(x + h * u, y + h * v) - plain(x - h * u, y - h * v)) / (2 * h);
            Assert.True(Math.Abs(fd - r.Tangent) < 1e-6, $"{name}: {fd} vs {r.Tangent}");
        }
    }

    [Fact]
    public void PowAlongTheBaseOnlyStaysFiniteAtNegativeBases()
    {
        // ∂/∂y x^y = x^y·ln x is NaN for x < 0; with no tangent in y it must not contaminate the result.
        Dual<double> r = Dual<double>.Pow(new Dual<double>(-2.0, 1.0), 3.0);
        Assert.Equal(-8.0, r.Value);
        Assert.Equal(12.0, r.Tangent);
    }

    [Fact]
    public void ComparisonsAndConversionsSeeTheValue()
    {
        var a = new Dual<double>(1.0, 5.0);
        var b = new Dual<double>(1.0, -5.0);
        Assert.True(a == b);
        Assert.False(a < b);
        Assert.Equal(1, int.CreateTruncating(new Dual<double>(1.9, 3.0)));
        Assert.Equal(new Dual<double>(2.0, 0.0).Tangent, Dual<double>.CreateTruncating(2).Tangent);
        // A nested dual keeps each level's tangent apart.
        var nested = new Dual<Dual<double>>(new Dual<double>(2.0, 1.0), new Dual<double>(1.0, 0.0));
        Dual<Dual<double>> sq = nested * nested;
        Assert.Equal(4.0, sq.Value.Value);
        Assert.Equal(4.0, sq.Value.Tangent);   // d/dε₁ (2+ε₁)² = 4
        Assert.Equal(4.0, sq.Tangent.Value);   // d/dε₂ = 4
        Assert.Equal(2.0, sq.Tangent.Tangent); // the mixed second derivative of x² is 2
    }
}
