using Microsoft.CodeAnalysis;
using SourceAD.Generators.Tests.Support;
using Xunit;

namespace SourceAD.Generators.Tests;

/// <summary>
/// Method groups passed as delegates, as C# developers write them: <c>x.Select(Math.Abs).Max()</c>,
/// <c>x.Sum(Square)</c>, <c>Integrate(Math.Exp, 0, k, n)</c>, <c>Func&lt;double, double&gt; f = Math.Tanh;</c>, a local
/// function or an instance method as a selector, and a [Differentiable] method as one. Each is read as the lambda it
/// stands for (MethodLowering.MethodGroups.cs), so it is differentiated as that lambda would be (corpus RangeSelectSum
/// was refused at <c>Math.Abs</c>). Checked by the value oracle, finite differences and the dot-product test
/// (<see cref="ObjectiveChecks"/>); what stays refused names the lambda rewrite.
/// </summary>
public class MethodGroupTests() : SourceProgramTests(Source, "Groups")
{
    private const string Source = """
        using System;
        using System.Linq;
        using SourceAD;

        public static partial class Groups
        {
            private static readonly double[] Floor = { 0.5, 0.9, 0.1, 1.2, 0.7 };

            private static double Square(double v) => v * v;

            private static double Trapezoid(Func<double, double> f, double a, double b, int n)
            {
                double h = (b - a) / n, sum = 0.5 * (f(a) + f(b));
                for (int i = 1; i < n; i++) sum += f(a + i * h);
                return sum * h;
            }

            [Differentiable]
            public static double Cubed(double v) => v * v * v;

            [Differentiable]
            public static double Selectors(double[] x) =>
                x.Select(Math.Abs).Max() + x.Sum(Square) + x.Select(Math.Sin).Average() + x.Select(Cubed).Sum();

            [Differentiable]
            public static double Integrals(double[] p) => Trapezoid(Math.Exp, 0.0, p[0], 12) * Trapezoid(Square, p[1], 2.0, 5);

            [Differentiable]
            public static double Locals(double[] x)
            {
                Func<double, double> squash = Math.Tanh;
                double Damped(double v) => v * Math.Cos(v);
                return squash(x[0] * x[1]) + x.Select(Damped).Sum() + x.Zip(Floor, Math.Max).Sum();
            }

            [Differentiable]
            public static double Expression(double[] x) => x.Select(Math.Exp).Where(e => e > 1.5).Sum();
        }

        public partial class Scaled
        {
            private readonly double _gain = 1.75;

            private double Gain(double v) => _gain * v * v;

            [Differentiable]
            public double Total(double[] x) => x.Sum(Gain);
        }
        """;


    [Theory]
    [InlineData("Selectors", 4)]
    [InlineData("Integrals", 2)]
    [InlineData("Locals", 5)]
    [InlineData("Expression", 4)]
    public void BothModes(string name, int n) => ObjectiveChecks.BothModes(Program, name, n);

    [Fact]
    public void AnInstanceMethodGroupMatchesItsLambda()
    {
        object scaled = Activator.CreateInstance(Assembly.GetType("Scaled")!)!;
        double[] x = [0.4, -1.25, 2.5];
        var total = (double)scaled.GetType().GetMethod("Total")!.Invoke(scaled, [x])!;
        var (value, dx) = ((double, double[]))scaled.GetType().GetMethod("TotalGradient")!.Invoke(scaled, [x])!;
        Assert.Equal(total, value);
        for (int i = 0; i < x.Length; i++) Assert.Equal(2 * 1.75 * x[i], dx[i], 12);
    }

    [Fact]
    public void AGroupOnAnotherObjectIsRefusedWithTheLambdaRewrite()
    {
        const string source = """
            using System;
            using System.Linq;
            using SourceAD;

            public sealed class Table { public double Lookup(double v) => v * 2; }

            public static partial class Bad
            {
                private static readonly Table Shared = new();

                [Differentiable]
                public static double F(double[] x) => x.Select(Shared.Lookup).Sum();
            }
            """;
        var refused = GeneratorHarness.BuildDiagnostics(source).Where(d => d.Id == "SRCAD0001").ToList();
        Assert.Contains(refused, d => d.GetMessage().Contains("Shared.Lookup"));
        // Reported at the group in the user's file, never inside the synthesized lambda.
        Assert.All(refused, d => Assert.True(d.Location.IsInSource && d.Location.SourceTree!.FilePath == refused[0].Location.SourceTree!.FilePath));
    }
}
