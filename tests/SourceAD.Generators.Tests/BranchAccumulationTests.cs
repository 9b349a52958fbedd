using System.Runtime.CompilerServices;
using SourceAD.Generators.Tests.Support;
using Xunit;

namespace SourceAD.Generators.Tests;

/// <summary>
/// The reverse of a ?: chain (a switch expression's arms, nested conditionals): each condition is tested once, the
/// updates of one branch sit under one <c>if</c>/<c>else</c>, and a branch's shared subexpressions are computed once.
/// Before, every adjoint update carried its own copy of the whole guard and recomputed the branch's exp. Checked by
/// the value oracle, finite differences and the dot-product test on every arm, and by what the pullback evaluates.
/// </summary>
public class BranchAccumulationTests() : SourceProgramTests(Source, "Arms")
{
    private const string Source = """
        using System;
        using SourceAD;

        public enum Kind { Circle, Square, Other }

        public static partial class Arms
        {
            [Differentiable]
            public static double Loss(double p, double t, Kind kind) => kind switch
            {
                Kind.Circle => (p - t) * (p - t),
                Kind.Square when p > t => p - t,
                Kind.Square => t - p,
                _ => Math.Log(1 + Math.Exp(p - t)),
            };

            // Nested conditionals whose conditions are themselves && and ||, and a leaf in two branches.
            [Differentiable]
            public static double Nested(double x, double y) =>
                x > 0 && y > 0 ? (x > y ? Math.Sin(x * y) * Math.Sin(x * y) : x * y) : (x < -1 || y < -1 ? Math.Exp(x) + Math.Exp(x) * y : y);

            [Differentiable]
            public static double InLoop(double[] x)
            {
                double s = 0;
                for (int i = 0; i < x.Length; i++) s += x[i] > 0.5 ? Math.Exp(x[i] - 0.1 * s) * x[i] : (i % 2 == 0 ? x[i] * x[i] : -x[i]);
                return s;
            }
        }
        """;

    private delegate (double Value, double Tangent) Pushforward2(double a, double b, double da, double db);

    [Theory]
    [InlineData(0, 0.7, 0.2)]
    [InlineData(1, 0.7, 0.2)]
    [InlineData(1, 0.2, 0.7)]
    [InlineData(2, 0.7, 0.2)]
    public void EveryArm(int kind, double p, double t) => TwoScalars("Loss", p, t, Enum.ToObject(Program.Assembly.GetType("Kind")!, kind));

    [Theory]
    [InlineData(0.9, 0.4)]
    [InlineData(0.4, 0.9)]
    [InlineData(-1.5, 0.3)]
    [InlineData(-0.5, 0.3)]
    [InlineData(0.5, -0.3)]
    public void NestedConditions(double x, double y) => TwoScalars("Nested", x, y, null);

    [Fact]
    public void InALoop() => ObjectiveChecks.BothModes(Program, "InLoop", 7);

    [Fact]
    public void EachBranchComputesItsExpOnceAndTestsEachConditionOnce()
    {
        string generated = GeneratorHarness.GeneratedSource(Source, "Loss(double,double,Kind).Derivatives.g.cs");
        string pullback = Between(generated, "LossPullback(", "return value_");
        string reverse = pullback[pullback.IndexOf("// Reverse sweep", StringComparison.Ordinal)..];
        // One exp in the forward sweep (the value), one in the reverse (shared by dp and dt).
        Assert.Equal(1, Count(reverse, "double.Exp("));
        Assert.Equal(1, Count(reverse, "Kind.Circle"));
    }

    private void TwoScalars(string name, double a, double b, object? extra)
    {
        var method = Program.GetMethod(name)!;
        object[] Args(double x, double y) => extra is null ? new object[] { x, y } : new[] { x, y, extra };
        double F(double[] v) => (double)method.Invoke(null, Args(v[0], v[1]))!;
        var g = (ITuple)Program.GetMethod(name + "Gradient")!.Invoke(null, Args(a, b))!;
        Assert.Equal(F(new[] { a, b }), (double)g[0]!);
        double[] gradient = { (double)g[1]!, (double)g[2]! };
        FiniteDifference.AssertGradient(F, new[] { a, b }, gradient);
        object[] pushArgs = extra is null ? new object[] { a, b, 0.3, -0.8 } : new[] { a, b, extra, 0.3, -0.8 };
        var push = (ITuple)Program.GetMethod(name + "Pushforward")!.Invoke(null, pushArgs)!;
        Assert.Equal(F(new[] { a, b }), (double)push[0]!);
        double dot = 0.3 * gradient[0] - 0.8 * gradient[1];
        Assert.True(Math.Abs(dot - (double)push[1]!) <= 1e-12 * (1 + Math.Abs(dot)), $"{name}: pushforward {push[1]}, ⟨gradient, t⟩ {dot}");
    }

    private static string Between(string text, string from, string to)
    {
        int start = text.IndexOf(from, StringComparison.Ordinal);
        return text[start..text.IndexOf(to, start, StringComparison.Ordinal)];
    }

    private static int Count(string text, string what) => (text.Length - text.Replace(what, "", StringComparison.Ordinal).Length) / what.Length;
}
