using System;
using Xunit;

namespace SourceAD.Generators.Tests.Support;

/// <summary>
/// Central differences for the hand-written tests of single constructs, and the one tolerance they are held to.
/// The natural corpus and the random programs use <c>NaturalCorpus/CorpusChecks</c> instead: it adds a Richardson step
/// and rejects sample points near kinks, which programs nobody chose the inputs for need; these tests pick smooth points.
/// </summary>
internal static class FiniteDifference
{
    /// <summary>The step: small enough for a 1e-6 agreement on smooth double programs, large enough for rounding.</summary>
    public const double Step = 1e-6;

    /// <summary>Derivatives agree when |fd − ad| ≤ Tolerance · (1 + |fd|).</summary>
    public const double Tolerance = 1e-6;

    /// <summary>(f(x + h) − f(x − h)) / 2h.</summary>
    public static double Derivative(Func<double, double> f, double x) => (f(x + Step) - f(x - Step)) / (2 * Step);

    /// <summary>The central difference of <paramref name="f"/> along coordinate <paramref name="i"/> of <paramref name="x"/>; x is not changed.</summary>
    public static double Partial(Func<double[], double> f, double[] x, int i)
    {
        double[] plus = (double[])x.Clone(), minus = (double[])x.Clone();
        plus[i] += Step;
        minus[i] -= Step;
        return (f(plus) - f(minus)) / (2 * Step);
    }

    /// <summary>Asserts that <paramref name="generated"/> is the finite-difference derivative <paramref name="fd"/>.</summary>
    public static void AssertAgrees(double fd, double generated, string what) =>
        Assert.True(Math.Abs(fd - generated) <= Tolerance * (1 + Math.Abs(fd)), $"{what}: finite differences {fd}, generated {generated}");

    /// <summary>Asserts every entry of <paramref name="gradient"/> against the partials of <paramref name="f"/> at <paramref name="x"/>.</summary>
    public static void AssertGradient(Func<double[], double> f, double[] x, ReadOnlySpan<double> gradient, string name = "x")
    {
        Assert.Equal(x.Length, gradient.Length);
        for (int i = 0; i < x.Length; i++) AssertAgrees(Partial(f, x, i), gradient[i], $"∂/∂{name}{i}");
    }
}
