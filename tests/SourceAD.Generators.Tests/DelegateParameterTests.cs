using Microsoft.CodeAnalysis;
using SourceAD.Generators.Tests.Support;
using Xunit;

namespace SourceAD.Generators.Tests;

/// <summary>
/// Helpers that take the function they work on: <c>Integrate(Func&lt;double, double&gt; f, a, b, n)</c> called with a
/// lambda that captures the method's inputs, a root finder taking f and f′, a helper passing its delegate on to
/// another, a lambda local passed along (method groups: MethodGroupTests). Each such call is inlined with the lambda inlined at every call of the
/// parameter, so the captures are differentiated (corpus IntegrateHelperDelegate was refused at the lambda). Checked by
/// the value oracle, finite differences and the dot-product test (<see cref="ObjectiveChecks"/>).
/// </summary>
public class DelegateParameterTests() : SourceProgramTests(Source, "Calculus")
{
    private const string Source = """
        using System;
        using SourceAD;

        public static partial class Calculus
        {
            private static double Trapezoid(Func<double, double> f, double a, double b, int n)
            {
                double h = (b - a) / n;
                double sum = 0.5 * (f(a) + f(b));
                for (int i = 1; i < n; i++) sum += f(a + i * h);
                return sum * h;
            }

            private static double Mean(Func<double, double> f, double a, double b) => Trapezoid(f, a, b, 16) / (b - a);

            private static double Newton(Func<double, double> f, Func<double, double> df, double x0)
            {
                double x = x0;
                for (int k = 0; k < 30; k++)
                {
                    double step = f(x) / df(x);
                    x -= step;
                    if (Math.Abs(step) < 1e-15) break;
                }
                return x;
            }

            [Differentiable]
            public static double Work(double[] p)
            {
                double k = p[0], c = p[1];
                return Trapezoid(x => k * x + c * x * x * x, 0.0, 1.0, 40) + Trapezoid(x => Math.Sin(k * x), 0.0, p[2], 20);
            }

            [Differentiable]
            public static double Average(double[] p)
            {
                Func<double, double> g = t => Math.Exp(-p[0] * t) * p[1];
                return Mean(g, 0.0, 2.0) * Mean(t => { double u = t * p[2]; return u * u; }, 1.0, 1.5);
            }

            [Differentiable]
            public static double Root(double[] p)
            {
                // the root of x³ + p0 x − p1 from 1: an implicit function of p, through the iteration
                return Newton(x => x * x * x + p[0] * x - p[1], x => 3 * x * x + p[0], 1.0);
            }
        }
        """;

    [Theory]
    [InlineData("Work", 3)]
    [InlineData("Average", 3)]
    [InlineData("Root", 2)]
    public void BothModes(string name, int n) => ObjectiveChecks.BothModes(Program, name, n);

    [Fact]
    public void ADelegateHeldInAFieldIsRefusedWithTheRewrite()
    {
        const string source = """
            using System;
            using SourceAD;

            public static partial class Bad
            {
                private static readonly Func<double, double> Growth = Math.Exp;

                private static double Apply(Func<double, double> f, double x) => f(x) * 2;

                [Differentiable]
                public static double F(double x) => Apply(Growth, x);
            }
            """;
        var refused = GeneratorHarness.Refusals(source);
        Assert.Contains(refused, m => m.Contains("Passing the delegate 'Growth'") && m.Contains("pass a lambda"));
    }
}
