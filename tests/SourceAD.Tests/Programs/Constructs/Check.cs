using SourceAD.Tests.Support;
using Xunit;

namespace SourceAD.Tests.Programs.Constructs;

/// <summary>The generated pullback of a method of two scalars.</summary>
public delegate double Pullback2(double x, double y, double seed, ref double dx, ref double dy);

/// <summary>The generated pushforward of a method of an array.</summary>
public delegate (double Value, double Tangent) PushforwardArray(double[] x, ReadOnlySpan<double> dx);

/// <summary>The generated pullback of a method of an array.</summary>
public delegate double PullbackArray(double[] x, double seed, Span<double> dx);

/// <summary>
/// The four checks every construct program gets: the value oracle (the generated Gradient, Pullback and Pushforward
/// return the user method's value bit for bit), central finite differences, the dot-product test between forward and
/// reverse mode, and a closed form where the test has one.
/// </summary>
public static class Check
{
    private static readonly Random Rng = new(20261206);

    public static void Same(double expected, double actual, string what)
    {
        if (BitConverter.DoubleToInt64Bits(expected) != BitConverter.DoubleToInt64Bits(actual))
        {
            throw new Xunit.Sdk.XunitException($"value oracle ({what}): the method gives {expected:R}, the generated code {actual:R}");
        }
    }

    /// <summary>A method f(x, y).</summary>
    public static void Two(Func<double, double, double> f, Func<double, double, (double Value, double Dx, double Dy)> gradient,
        Func<double, double, double, double, (double Value, double Tangent)> pushforward, Pullback2 pullback,
        double x, double y, double[]? closedForm = null, double fdTolerance = 1e-6)
    {
        double value = f(x, y);
        var (gv, dx, dy) = gradient(x, y);
        Same(value, gv, "Gradient");
        double pdx = 0, pdy = 0;
        Same(value, pullback(x, y, 1, ref pdx, ref pdy), "Pullback");
        Assert.Equal(dx, pdx);
        Assert.Equal(dy, pdy);
        Same(value, pushforward(x, y, 0.3, -0.7).Value, "Pushforward");
        Numeric.Close(Numeric.Gradient(v => f(v[0], v[1]), new[] { x, y }), new[] { dx, dy }, fdTolerance, fdTolerance, "finite differences");
        for (int trial = 0; trial < 3; trial++)
        {
            double tx = 2 * Rng.NextDouble() - 1, ty = 2 * Rng.NextDouble() - 1, w = 2 * Rng.NextDouble() - 1;
            double jt = pushforward(x, y, tx, ty).Tangent;
            double ax = 0, ay = 0;
            pullback(x, y, w, ref ax, ref ay);
            Numeric.Close(w * jt, ax * tx + ay * ty, 1e-10, 1e-13, "dot-product test");
        }
        if (closedForm is not null) Numeric.Close(closedForm, new[] { dx, dy }, 1e-12, 1e-13, "closed form");
    }

    /// <summary>A method f(x) of an array.</summary>
    public static void Array(Func<double[], double> f, Func<double[], (double Value, double[] Dx)> gradient,
        PushforwardArray pushforward, PullbackArray pullback,
        double[] x, double[]? closedForm = null, double fdTolerance = 1e-6)
    {
        double value = f(x);
        var (gv, dx) = gradient(x);
        Same(value, gv, "Gradient");
        var pdx = new double[x.Length];
        Same(value, pullback(x, 1, pdx), "Pullback");
        Assert.Equal(dx, pdx);
        Same(value, pushforward(x, new double[x.Length]).Value, "Pushforward");
        Numeric.Close(Numeric.Gradient(f, x), dx, fdTolerance, fdTolerance, "finite differences");
        for (int trial = 0; trial < 3; trial++)
        {
            double[] t = Numeric.Random(Rng, x.Length);
            double w = 2 * Rng.NextDouble() - 1;
            double jt = pushforward(x, t).Tangent;
            var a = new double[x.Length];
            pullback(x, w, a);
            Numeric.Close(w * jt, Numeric.Dot(a, t), 1e-10, 1e-13, "dot-product test");
        }
        if (closedForm is not null) Numeric.Close(closedForm, dx, 1e-12, 1e-13, "closed form");
    }
}
