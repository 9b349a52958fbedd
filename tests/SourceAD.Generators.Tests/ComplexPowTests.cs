using System.Numerics;
using Microsoft.CodeAnalysis;
using SourceAD.Generators.Tests.Support;
using Xunit;

namespace SourceAD.Generators.Tests;

/// <summary>
/// <c>Complex.Pow</c> with a real, integer or complex power, each operand active or not, in the loops numeric code
/// writes it in (corpus DurandKerner was refused at <c>Complex.Pow(seed, k)</c>). It is written out as .NET computes
/// it, so the value oracle holds bit for bit; finite differences and the dot-product test check the derivatives
/// (<see cref="ObjectiveChecks"/>), and a zero base gives .NET's Zero (One for 0⁰) with a finite gradient.
/// </summary>
public class ComplexPowTests() : SourceProgramTests(Source, "Powers")
{
    private const string Source = """
        using System;
        using System.Numerics;
        using SourceAD;

        public static partial class Powers
        {
            [Differentiable]
            public static double RealPower(double[] p) => Complex.Pow(new Complex(p[0], -p[1]), 2.5 * p[2]).Real;

            [Differentiable]
            public static double ComplexPower(double[] p)
            {
                Complex z = new(p[0] - 0.9, p[1]), w = new(p[2], p[3] - 0.4);
                Complex r = Complex.Pow(z, w);
                return r.Real * r.Imaginary + r.Magnitude;
            }

            [Differentiable]
            public static double IntegerPowers(double[] c)
            {
                // Re Σ c_k z^k at a fixed point z, plus |Σ z^k| for a z that depends on c
                var at = new Complex(0.4, 0.9);
                var z = new Complex(c[0], c[1] * 0.5);
                Complex sum = Complex.Zero, geometric = Complex.Zero;
                for (int k = 0; k < c.Length; k++)
                {
                    sum += c[k] * Complex.Pow(at, k);
                    geometric += Complex.Pow(z, k);
                }
                return sum.Real + geometric.Magnitude;
            }

            [Differentiable]
            public static double ZeroBase(double[] p) => Complex.Pow(new Complex(p[0] - p[0], 0), p[1]).Real + Complex.Pow(Complex.Zero, 0.0 * p[1]).Real * p[1];
        }
        """;


    [Theory]
    [InlineData("RealPower", 3)]
    [InlineData("ComplexPower", 4)]
    [InlineData("IntegerPowers", 5)]
    public void BothModes(string name, int n) => ObjectiveChecks.BothModes(Program, name, n);

    [Fact]
    public void AZeroBaseGivesDotNetsValueAndAFiniteGradient()
    {
        var f = Program.GetMethod("ZeroBase")!.CreateDelegate<Func<double[], double>>();
        var gradient = Program.GetMethod("ZeroBaseGradient")!.CreateDelegate<Func<double[], (double, double[])>>();
        double[] p = [0.7, 1.6];
        var (value, dp) = gradient(p);
        Assert.Equal(f(p), value);
        Assert.Equal(Complex.Pow(Complex.Zero, 1.6).Real + Complex.Pow(Complex.Zero, 0.0).Real * 1.6, value);
        // 0^1.6 is Zero whatever p0 is, and One·p1 has derivative One in p1
        Assert.Equal([0.0, 1.0], dp);
    }
}
