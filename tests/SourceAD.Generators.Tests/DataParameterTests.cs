using System.Runtime.CompilerServices;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Testing;
using SourceAD.Analyzers;
using SourceAD.Generators.Tests.Support;
using Xunit;

namespace SourceAD.Generators.Tests;

/// <summary>
/// Parameters that are data, of a class or struct type the lowering does not differentiate (GradBench ht's
/// <c>const DataLightMatrix* data</c> with <c>data-&gt;model.parents</c>, gap G9): their fields and properties, chains
/// of them, array members and their elements are read as passive values. A type holding floating values must be marked
/// [NoDerivative] for that (else the read is refused: no derivative is dropped unasked); one without (Settings) need
/// not. Writing to them is refused.
/// </summary>
public class DataParameterTests
{
    private const string Source = """
        using System;
        using SourceAD;

        public sealed class Model
        {
            public int[] Parents { get; init; } = Array.Empty<int>();
            public bool IsMirrored;
            public double Scale;
        }

        public sealed class Data
        {
            public Model model = new();
            public double[] points = Array.Empty<double>();
            public double[,] weights = new double[0, 0];
        }

        public readonly struct Settings
        {
            public readonly int Iterations;
            public Settings(int iterations) => Iterations = iterations;
        }

        public static partial class Hand
        {
            [Differentiable]
            public static double Objective(double[] theta, [NoDerivative] Data data, Settings settings)
            {
                double s = 0;
                for (int i = 0; i < data.model.Parents.Length; i++) s += theta[data.model.Parents[i]] * data.points[i] * data.weights[1, 0];
                for (int k = 0; k < settings.Iterations; k++) s -= 0.1 * Math.Sin(s);
                if (data.model.IsMirrored) s = -s;
                return s * data.model.Scale;
            }
        }

        public static class Driver
        {
            private static Data D => new()
            {
                model = new Model { Parents = new[] { 0, 2, 1, 2 }, IsMirrored = true, Scale = 1.5 },
                points = new[] { 0.5, -1.0, 2.0, 0.25 },
                weights = new double[,] { { 1, 2 }, { 3, 4 } },
            };
            public static double Value(double[] theta) => Hand.Objective(theta, D, new Settings(3));
            public static (double, double[], double) GradientAndTangent(double[] theta, double[] t)
            {
                var (value, dtheta) = Hand.ObjectiveGradient(theta, D, new Settings(3));
                return (value, dtheta, Hand.ObjectivePushforward(theta, D, new Settings(3), t).Tangent);
            }
        }
        """;

    [Fact]
    public void MembersOfDataParametersAreReadAsDataAndTheGradientIsRight()
    {
        Type driver = GeneratorHarness.Load(Source).GetType("Driver")!;
        var f = driver.GetMethod("Value")!.CreateDelegate<Func<double[], double>>();
        double[] theta = { 0.3, -0.6, 0.9 }, t = { 0.4, 1.1, -0.2 };
        var (value, dtheta, tangent) = ((double, double[], double))driver.GetMethod("GradientAndTangent")!.Invoke(null, new object[] { theta, t })!;
        Assert.Equal(f(theta), value);
        FiniteDifference.AssertGradient(f, theta, dtheta, "theta");
        double dot = dtheta.Zip(t, (a, b) => a * b).Sum();
        Assert.True(Math.Abs(tangent - dot) <= 1e-12 * (1 + Math.Abs(dot)), $"<J t, 1> = {tangent}, <t, J^T 1> = {dot}");
    }

    [Fact]
    public Task WritingToADataParameterIsRefused() => new Verify.Analyzer<DifferentiableAnalyzer>("""
        using System;
        using SourceAD;

        public sealed class Model { public double Scale; }

        public static partial class Hand
        {
            [Differentiable]
            public static double Objective(double x, [NoDerivative] Model model)
            {
                {|#0:model.Scale|} = x;
                return x * model.Scale;
            }
        }
        """, new DiagnosticResult("SRCAD0001", DiagnosticSeverity.Error).WithLocation(0)
            .WithArguments("Writing to 'model.Scale'", "a [Differentiable] method may write only its locals, local arrays and Span<T> outputs")).RunAsync();

    [Fact]
    public Task ReadingAnUnmarkedParameterThatHoldsFloatingValuesIsRefused() => new Verify.Analyzer<DifferentiableAnalyzer>("""
        using System;
        using SourceAD;

        public sealed class Model { public double Scale; }

        public static partial class Hand
        {
            [Differentiable]
            public static double Objective(double x, Model model) => x * {|#0:model.Scale|};
        }
        """, new DiagnosticResult("SRCAD0001", DiagnosticSeverity.Error).WithLocation(0)
            .WithArguments("Reading 'model.Scale' of the parameter 'model', whose type holds floating values,",
                "mark 'model' [NoDerivative] if it is data (its values are then constants), or pass the values to differentiate as double or double[] parameters")).RunAsync();
}
