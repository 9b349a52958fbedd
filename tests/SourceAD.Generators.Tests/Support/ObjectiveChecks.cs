using System.Reflection;
using Xunit;

namespace SourceAD.Generators.Tests.Support;

/// <summary>
/// The checks every generated scalar objective <c>double F(double[] x)</c> is held to, in one place: the Value of
/// <c>FGradient</c> and <c>FPushforward</c> equals F's own value bit for bit (the value oracle), the gradient agrees with
/// central finite differences of F (<see cref="FiniteDifference"/>), and the pushforward along a random tangent equals
/// the gradient's dot product with it (the dot-product test, forward against reverse mode); and <c>FPullback</c> adds
/// to the adjoints the caller already holds (its accumulation contract).
/// </summary>
internal static class ObjectiveChecks
{
    private delegate (double Value, double Tangent) Pushforward(double[] x, ReadOnlySpan<double> dx);

    private delegate double Pullback(double[] x, double seed, Span<double> dx);

    /// <summary>Runs the three checks for <paramref name="name"/> of <paramref name="type"/> at a point of length <paramref name="n"/> (entries in [0.3, 1.3)).</summary>
    public static void BothModes(Type type, string name, int n)
    {
        var f = type.GetMethod(name)!.CreateDelegate<Func<double[], double>>();
        MethodInfo? gradientMethod = type.GetMethod(name + "Gradient");
        Assert.True(gradientMethod is not null, $"{name}Gradient was not generated");
        var gradient = gradientMethod!.CreateDelegate<Func<double[], (double, double[])>>();
        var pushforward = type.GetMethod(name + "Pushforward")!.CreateDelegate<Pushforward>();
        var random = new Random(n);
        double[] x = Enumerable.Range(0, n).Select(_ => 0.3 + random.NextDouble()).ToArray();
        double[] tangent = Enumerable.Range(0, n).Select(_ => random.NextDouble() * 2 - 1).ToArray();

        var (value, dx) = gradient(x);
        var (pushValue, derivative) = pushforward(x, tangent);
        Assert.Equal(f(x), value);
        Assert.Equal(f(x), pushValue);
        FiniteDifference.AssertGradient(f, x, dx);
        double dot = dx.Zip(tangent, (a, b) => a * b).Sum();
        Assert.True(Math.Abs(dot - derivative) <= 1e-10 * (1 + Math.Abs(dot)), $"{name}: pushforward {derivative}, ⟨gradient, t⟩ {dot}");

        var pullback = type.GetMethod(name + "Pullback")!.CreateDelegate<Pullback>();
        double[] accumulated = tangent.ToArray();
        pullback(x, 1.0, accumulated);
        for (int i = 0; i < n; i++)
        {
            double sum = tangent[i] + dx[i];
            Assert.True(Math.Abs(accumulated[i] - sum) <= 1e-12 * (1 + Math.Abs(sum)), $"{name}: Pullback into a preset adjoint ∂/∂x{i}: {accumulated[i]}, preset + gradient: {sum}");
        }
    }
}
