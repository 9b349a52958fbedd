using System.Reflection;
using System.Runtime.CompilerServices;
using Microsoft.CodeAnalysis;
using SourceAD.Generators.Tests.Support;
using Xunit;

namespace SourceAD.Generators.Tests;

/// <summary>
/// Strings are passive data: a mode chosen by a string parameter (<c>kind switch { "call" =&gt; …, "put" =&gt; … }</c>,
/// <c>if (mode == "log")</c>, <c>case "a":</c>, <c>string.IsNullOrEmpty(name)</c>, <c>mode.Length</c>). The string
/// constants were refused ("The expression '"call"' is not supported"; corpus StringSwitchKind). Each mode is checked
/// by the value oracle (bit for bit), central finite differences and the dot-product test.
/// </summary>
public class PassiveStringTests() : SourceProgramTests(Source, "Modes")
{
    private const string Source = """
        using System;
        using SourceAD;

        public static partial class Modes
        {
            [Differentiable]
            public static double Loss(string mode, double x, double y)
            {
                double r = mode switch
                {
                    "abs" => Math.Abs(x - y),
                    "square" or "l2" => (x - y) * (x - y),
                    _ => throw new ArgumentException($"unknown mode '{mode}'"),
                };
                if (mode == "l2") r = Math.Sqrt(r + 1e-3);
                switch (mode)
                {
                    case "abs":
                        r *= 1 + x * 0.1;
                        break;
                    default:
                        r += string.IsNullOrEmpty(mode) ? 0 : mode.Length * y * 0.01;
                        break;
                }
                return r;
            }
        }
        """;

    private delegate (double Value, double Tangent) Pushforward(string mode, double x, double y, double dx, double dy);

    [Theory]
    [InlineData("abs", 1.3, 0.4)]
    [InlineData("square", 1.3, 0.4)]
    [InlineData("l2", -0.7, 0.9)]
    public void EveryModeInBothModes(string mode, double x, double y)
    {
        Type t = Program;
        var f = t.GetMethod("Loss")!.CreateDelegate<Func<string, double, double, double>>();
        double expected = f(mode, x, y);
        var g = (ITuple)t.GetMethod("LossGradient")!.Invoke(null, new object[] { mode, x, y })!;
        Assert.Equal(BitConverter.DoubleToInt64Bits(expected), BitConverter.DoubleToInt64Bits((double)g[0]!));
        double dx = (double)g[1]!, dy = (double)g[2]!;
        FiniteDifference.AssertGradient(p => f(mode, p[0], p[1]), new[] { x, y }, new[] { dx, dy }, mode);
        var (value, tangent) = t.GetMethod("LossPushforward")!.CreateDelegate<Pushforward>()(mode, x, y, 0.6, -0.8);
        Assert.Equal(BitConverter.DoubleToInt64Bits(expected), BitConverter.DoubleToInt64Bits(value));
        double reverse = 0.6 * dx - 0.8 * dy;
        Assert.True(Math.Abs(tangent - reverse) <= 1e-12 * (1 + Math.Abs(reverse)), $"{mode}: pushforward {tangent}, ⟨gradient, t⟩ {reverse}");
    }

    [Fact]
    public void AnUnknownModeThrowsTheUsersException()
    {
        var gradient = Program.GetMethod("LossGradient")!;
        var e = Assert.Throws<TargetInvocationException>(() => gradient.Invoke(null, new object[] { "huber", 1.0, 2.0 }));
        Assert.IsType<ArgumentException>(e.InnerException);
        Assert.Equal("unknown mode 'huber'", e.InnerException!.Message);
    }
}
