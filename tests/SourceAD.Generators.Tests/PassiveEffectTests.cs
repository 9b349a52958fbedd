using System.Reflection;
using System.Runtime.CompilerServices;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Testing;
using SourceAD.Analyzers;
using SourceAD.Generators.Tests.Support;
using Xunit;

namespace SourceAD.Generators.Tests;

/// <summary>
/// Library calls whose only effect is outside the method, as people leave them in numeric code: a trace line per
/// iteration, a value appended to a history list. The generated code runs each where the method does, once per
/// Gradient or Pushforward call, with the values the method has there; derivatives are checked by the value oracle,
/// finite differences and the dot-product test. A call that could change what the method computes stays refused: one
/// that takes an array, a helper in source (it could write a field the method reads), a delegate.
/// </summary>
public class PassiveEffectTests() : SourceProgramTests(Source, "Traced")
{
    private const string Source = """
        using System;
        using System.Collections.Generic;
        using SourceAD;

        public static partial class Traced
        {
            public static readonly List<string> Lines = new();
            public static readonly List<double> History = new();

            [Differentiable]
            public static double Descend(double start, double rate, int steps)
            {
                double x = start;
                for (int k = 0; k < steps; k++)
                {
                    double g = 4 * Math.Pow(x - 1, 3) + 2 * x;
                    x -= rate * g;
                    Lines.Add($"step {k}: x = {x:R}");
                    if (k % 2 == 0) History.Add(x * x);
                }
                Lines.Add("done at " + x.ToString("R"));
                return (x - 1) * (x - 1) * (x - 1) * (x - 1) + x * x;
            }
        }
        """;

    private static List<string> Lines(Type t) => (List<string>)t.GetField("Lines")!.GetValue(null)!;

    private static List<double> History(Type t) => (List<double>)t.GetField("History")!.GetValue(null)!;

    [Fact]
    public void EffectsRunOnceWithTheMethodsValuesAndDerivativesAgree()
    {
        Type t = Program;
        // One test touches the program's static lists: the others only compile it.
        lock (t)
        {
            var f = t.GetMethod("Descend")!.CreateDelegate<Func<double, double, int, double>>();
            Lines(t).Clear();
            History(t).Clear();
            double expected = f(3.0, 0.05, 7);
            string[] lines = Lines(t).ToArray();
            double[] history = History(t).ToArray();
            Assert.Equal(8, lines.Length);

            Lines(t).Clear();
            History(t).Clear();
            var gradient = (ITuple)t.GetMethod("DescendGradient")!.Invoke(null, new object[] { 3.0, 0.05, 7 })!;
            Assert.Equal(BitConverter.DoubleToInt64Bits(expected), BitConverter.DoubleToInt64Bits((double)gradient[0]!));
            Assert.Equal(lines, Lines(t));
            Assert.Equal(history, History(t));

            Lines(t).Clear();
            History(t).Clear();
            var (value, tangent) = ((double, double))t.GetMethod("DescendPushforward")!.Invoke(null, new object[] { 3.0, 0.05, 7, 0.4, -0.3 })!;
            Assert.Equal(BitConverter.DoubleToInt64Bits(expected), BitConverter.DoubleToInt64Bits(value));
            Assert.Equal(lines, Lines(t));
            Assert.Equal(history, History(t));

            double dStart = (double)gradient[1]!, dRate = (double)gradient[2]!;
            FiniteDifference.AssertGradient(at => f(at[0], at[1], 7), new[] { 3.0, 0.05 }, new[] { dStart, dRate }, "(start, rate)");
            double reverse = 0.4 * dStart - 0.3 * dRate;
            Assert.True(Math.Abs(tangent - reverse) <= 1e-10 * (1 + Math.Abs(reverse)), $"pushforward {tangent}, ⟨gradient, t⟩ {reverse}");
        }
    }

    [Fact]
    public Task ACallThatCanChangeAnArrayStaysRefused() => new Verify.Analyzer<DifferentiableAnalyzer>("""
        using System;
        using SourceAD;

        public static partial class Sorted
        {
            [Differentiable]
            public static double Last(double[] x)
            {
                var s = new double[x.Length];
                for (int i = 0; i < x.Length; i++) s[i] = x[i];
                {|#0:Random.Shared.Shuffle(s)|};
                return s[s.Length / 2];
            }
        }
        """, new DiagnosticResult("SRCAD0001", DiagnosticSeverity.Error).WithLocation(0)
            .WithArguments("The call 'Random.Shared.Shuffle(s)' as a statement", "mark the callee [Differentiable] (it must write Span<T> or T[] outputs), or call methods that return a value")).RunAsync();

    [Fact]
    public void AHelperInSourceThatWritesAFieldIsNotTakenAsAnEffect()
    {
        // total is read back as data: were Add an effect, ∂F/∂x would silently be 0 instead of 2x.
        const string source = """
            using System;
            using SourceAD;

            public static partial class Accumulated
            {
                private static double total;
                private static void Add(double v) => total += v;

                [Differentiable]
                public static double F(double x)
                {
                    Add(x * x);
                    return total;
                }
            }
            """;
        var diagnostics = GeneratorHarness.BuildDiagnostics(source);
        Assert.Contains(diagnostics, d => d.Severity == DiagnosticSeverity.Error && d.Id.StartsWith("SRCAD", StringComparison.Ordinal));
        var (output, _, _) = GeneratorHarness.Run(source);
        Assert.Empty(output.GetTypeByMetadataName("Accumulated")!.GetMembers("FGradient"));
    }
}
