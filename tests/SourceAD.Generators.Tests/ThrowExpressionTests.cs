using System.Reflection;
using System.Runtime.CompilerServices;
using Microsoft.CodeAnalysis;
using SourceAD.Generators.Tests.Support;
using Xunit;

namespace SourceAD.Generators.Tests;

/// <summary>
/// Throw expressions as library code writes them: a switch-expression arm that throws, <c>ok ? v : throw …</c>, and a
/// throw with an interpolated message naming the input. Valid inputs: the value oracle (bit for bit), central finite
/// differences and the dot-product test. Invalid inputs: Gradient, Pullback and Pushforward throw the user's
/// exception, with the user's message, as the method does.
/// </summary>
public class ThrowExpressionTests() : SourceProgramTests(Source, "Guards")
{
    private const string Source = """
        using System;
        using SourceAD;

        public static partial class Guards
        {
            [Differentiable]
            public static double Fee(double utilization, double notional)
            {
                double rate = utilization switch
                {
                    < 0 or > 1 => throw new ArgumentOutOfRangeException(nameof(utilization), $"utilization {utilization} outside [0, 1]"),
                    < 0.5 => 0.01 + 0.02 * utilization,
                    _ => 0.02 + 0.1 * (utilization - 0.5) * notional / 1000,
                };
                return rate * notional;
            }

            [Differentiable]
            public static double Root(double x, double y)
            {
                double r = x > 0 ? Math.Sqrt(x) : throw new ArgumentException($"x = {x} must be positive");
                double s = y <= 10 ? y * y : throw new InvalidOperationException("y too large");
                return r * s;
            }
        }
        """;

    private delegate (double Value, double Tangent) Pushforward(double a, double b, double da, double db);

    [Theory]
    [InlineData("Fee", 0.3, 1500.0)]
    [InlineData("Fee", 0.7, 1500.0)]
    [InlineData("Root", 2.5, 1.5)]
    [InlineData("Root", 0.4, -3.0)]
    public void ValidInputs(string name, double a, double b)
    {
        Type t = Program;
        var f = t.GetMethod(name)!.CreateDelegate<Func<double, double, double>>();
        double expected = f(a, b);
        var gradient = (ITuple)t.GetMethod(name + "Gradient")!.Invoke(null, new object[] { a, b })!;
        Assert.Equal(BitConverter.DoubleToInt64Bits(expected), BitConverter.DoubleToInt64Bits((double)gradient[0]!));
        double da = (double)gradient[1]!, db = (double)gradient[2]!;
        FiniteDifference.AssertGradient(at => f(at[0], at[1]), new[] { a, b }, new[] { da, db }, name);
        var (value, tangent) = t.GetMethod(name + "Pushforward")!.CreateDelegate<Pushforward>()(a, b, 0.7, -0.3);
        Assert.Equal(BitConverter.DoubleToInt64Bits(expected), BitConverter.DoubleToInt64Bits(value));
        double reverse = 0.7 * da - 0.3 * db;
        Assert.True(Math.Abs(tangent - reverse) <= 1e-12 * (1 + Math.Abs(reverse)), $"{name}: pushforward {tangent}, ⟨gradient, t⟩ {reverse}");
    }

    [Theory]
    [InlineData("Fee", 1.5, 100.0, typeof(ArgumentOutOfRangeException), "utilization 1.5 outside [0, 1]")]
    [InlineData("Root", -1.0, 1.0, typeof(ArgumentException), "x = -1 must be positive")]
    [InlineData("Root", 1.0, 11.0, typeof(InvalidOperationException), "y too large")]
    public void InvalidInputsThrowTheUsersException(string name, double a, double b, Type exception, string message)
    {
        Type t = Program;
        var own = Assert.ThrowsAny<Exception>(() => t.GetMethod(name)!.CreateDelegate<Func<double, double, double>>()(a, b));
        Assert.IsType(exception, own);
        Assert.Contains(message, own.Message);
        foreach (var (member, args) in new[]
                 {
                     (name + "Gradient", new object[] { a, b }),
                     (name + "Pushforward", new object[] { a, b, 1.0, 0.0 }),
                 })
        {
            var e = Assert.Throws<TargetInvocationException>(() => t.GetMethod(member)!.Invoke(null, args));
            Assert.IsType(exception, e.InnerException);
            Assert.Equal(own.Message, e.InnerException!.Message);
        }
    }
}
