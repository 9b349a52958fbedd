using System.Runtime.CompilerServices;
using SourceAD.Generators.Tests.Support;
using Xunit;

namespace SourceAD.Generators.Tests;

/// <summary>
/// A [Differentiable] method that reassigns a scalar parameter (<c>x = x * x;</c>), called where the caller's adjoint
/// of the argument already holds something. The pullback's contract is to add to the adjoints it is given; its reverse
/// sweep used the parameter's adjoint as the adjoint of the latest value, so what the caller had accumulated was
/// multiplied through the chain: <c>Sq(x) + 3·x</c> had gradient 2.4 at 0.3, not 3.6, with no diagnostic. Checked here
/// by closed forms, by a preset adjoint against preset + the adjoint from zero, and in split-mode recursion, generic
/// <c>T</c> and float; every random program is checked the same way (<c>RandomProgramTests</c>).
/// </summary>
public class ReassignedParameterTests() : SourceProgramTests(Source, "Reassigned")
{
    private const string Source = """
        using System;
        using System.Numerics;
        using SourceAD;

        public static partial class Reassigned
        {
            [Differentiable]
            public static double Sq(double x) { x = x * x; return x; }

            // The argument's adjoint holds 3 (from 3·x) before Sq's reverse runs when Sq comes second.
            [Differentiable]
            public static double SqFirst(double x) => Sq(x) + 3 * x;

            [Differentiable]
            public static double SqSecond(double x) { double a = 3 * x; return a + Sq(x); }

            [Differentiable]
            public static double SinRepeated(double x, int n)
            {
                for (int i = 0; i < n; i++) x = Math.Sin(x);
                return x;
            }

            // Self-recursive: the split sweeps hand the reassigned parameter's adjoint down the recursion.
            [Differentiable]
            public static double Halve(double x, int n)
            {
                if (n == 0) return x;
                x = x * 0.5 + Math.Sin(x);
                return Halve(x, n - 1) + x;
            }

            [Differentiable]
            public static double Twice(double x) => Halve(x, 3) + x * Halve(x, 2);

            [Differentiable]
            public static T Cube<T>(T x) where T : IFloatingPointIeee754<T> { x = x * x * x; return x; }

            [Differentiable]
            public static T CubePlus<T>(T x) where T : IFloatingPointIeee754<T> => x + Cube(x);

            [Differentiable]
            public static float SqPlusF(float x) { float y = x; x = x * x; return x + y; }
        }
        """;

    private delegate double Pullback1(double x, double seed, ref double dx);

    private delegate double PullbackN(double x, int n, double seed, ref double dx);

    [Theory]
    [InlineData("SqFirst", 0.3, 2 * 0.3 + 3)]
    [InlineData("SqSecond", 0.3, 2 * 0.3 + 3)]
    [InlineData("SqFirst", -1.7, 2 * -1.7 + 3)]
    public void ClosedForms(string name, double x, double expected)
    {
        var g = (ITuple)Program.GetMethod(name + "Gradient")!.Invoke(null, new object[] { x })!;
        Assert.Equal(expected, (double)g[1]!, 14);
    }

    [Fact]
    public void APresetAdjointIsAddedToNotMultipliedThrough()
    {
        var sq = Program.GetMethod("SqPullback")!.CreateDelegate<Pullback1>();
        double dx = 5;
        sq(0.3, 1.0, ref dx);
        Assert.Equal(5 + 0.6, dx, 14);

        var sin = Program.GetMethod("SinRepeatedPullback")!.CreateDelegate<PullbackN>();
        double fromZero = 0, preset = -2;
        sin(0.4, 4, 1.0, ref fromZero);
        sin(0.4, 4, 1.0, ref preset);
        Assert.Equal(-2 + fromZero, preset, 14);
        double closed = 1, v = 0.4;
        for (int i = 0; i < 4; i++) { closed *= Math.Cos(v); v = Math.Sin(v); }
        Assert.Equal(closed, fromZero, 14);
    }

    [Fact]
    public void SplitRecursionWithAReassignedParameter()
    {
        var f = Program.GetMethod("Twice")!.CreateDelegate<Func<double, double>>();
        var g = (ITuple)Program.GetMethod("TwiceGradient")!.Invoke(null, new object[] { 0.7 })!;
        Assert.Equal(f(0.7), (double)g[0]!);
        FiniteDifference.AssertGradient(p => f(p[0]), new[] { 0.7 }, new[] { (double)g[1]! });
        var pushforward = (ITuple)Program.GetMethod("TwicePushforward")!.Invoke(null, new object[] { 0.7, 1.0 })!;
        Assert.Equal((double)g[1]!, (double)pushforward[1]!, 12);
    }

    [Fact]
    public void GenericAndFloat()
    {
        var generic = (ITuple)Program.GetMethod("CubePlusGradient")!.MakeGenericMethod(typeof(double)).Invoke(null, new object[] { 0.9 })!;
        Assert.Equal(1 + 3 * 0.9 * 0.9, (double)generic[1]!, 14);
        var single = (ITuple)Program.GetMethod("SqPlusFGradient")!.Invoke(null, new object[] { 1.5f })!;
        Assert.Equal(2 * 1.5f + 1, (float)single[1]!);
    }
}
