using Microsoft.CodeAnalysis;
using SourceAD.Generators.Tests.Support;
using Xunit;

namespace SourceAD.Generators.Tests;

/// <summary>
/// <c>Enumerable.Aggregate</c> as functional-style C# writes it: with a seed, without one (the first element starts
/// the fold), with a result selector, over Range, Select, Where and Zip, with a method group as the fold (corpus
/// AggregateLambda was refused). Each is the loop .NET runs with the fold inlined; checked by the value oracle, finite
/// differences and the dot-product test (<see cref="ObjectiveChecks"/>), and an empty sequence throws as .NET does.
/// </summary>
public class LinqFoldTests() : SourceProgramTests(Source, "Folds")
{
    private const string Source = """
        using System;
        using System.Linq;
        using SourceAD;

        public static partial class Folds
        {
            private static readonly double[] Weights = { 0.5, 1.5, -0.25, 2.0, 0.75 };

            private static double Hypot(double a, double b) => Math.Sqrt(a * a + b * b);

            [Differentiable]
            public static double Seeded(double[] xs) => xs.Aggregate(0.0, (acc, x) => acc + x * x);

            [Differentiable]
            public static double Product(double[] xs) => xs.Aggregate((a, b) => a * b);

            [Differentiable]
            public static double Horner(double[] c)
            {
                double t = c[0];
                // Σ c_k t^k by Horner from the top coefficient, then a result selector.
                return Enumerable.Range(0, c.Length).Select(k => c[c.Length - 1 - k]).Aggregate(0.0, (acc, ck) => acc * t + ck, v => Math.Log(1 + v * v));
            }

            [Differentiable]
            public static double TaylorExp(double[] p)
            {
                double x = p[0] * p[1];
                // Σ_{k≤11} x^k / k! in nested (Horner) form, 1 + x/1·(1 + x/2·(… (1 + x/11))), folded over ints.
                return Enumerable.Range(1, 11).Aggregate(1.0, (acc, k) => 1.0 + acc * x / (12 - k));
            }

            [Differentiable]
            public static double Filtered(double[] xs) =>
                xs.Zip(Weights, (x, w) => x * w).Where(v => v > 0.1).Aggregate(1.0, (acc, v) => acc * (1 + v));

            [Differentiable]
            public static double Norm(double[] xs) => xs.Aggregate(Hypot);
        }
        """;


    [Theory]
    [InlineData("Seeded", 4)]
    [InlineData("Product", 5)]
    [InlineData("Horner", 5)]
    [InlineData("TaylorExp", 2)]
    [InlineData("Filtered", 5)]
    [InlineData("Norm", 4)]
    public void BothModes(string name, int n) => ObjectiveChecks.BothModes(Program, name, n);

    [Fact]
    public void ASeedlessFoldOverNothingThrowsAsLinqDoes()
    {
        var gradient = Program.GetMethod("ProductGradient")!;
        var thrown = Assert.Throws<System.Reflection.TargetInvocationException>(() => gradient.Invoke(null, [Array.Empty<double>()]));
        // the exception .NET's own Aggregate throws, message included: the generated code keeps .NET's behaviour
        var expected = Assert.Throws<InvalidOperationException>(() => Array.Empty<double>().Aggregate((a, b) => a * b));
        Assert.IsType<InvalidOperationException>(thrown.InnerException);
        Assert.Equal(expected.Message, thrown.InnerException!.Message);
    }
}
