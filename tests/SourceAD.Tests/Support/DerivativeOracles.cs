using Xunit;

namespace SourceAD.Tests.Support;

/// <summary>
/// The four checks every program gets, over its differentiable inputs flattened into one vector: the value oracle
/// (generated Value equals the user's method bit for bit), central finite differences, and the dot-product test
/// ⟨w, J·u⟩ = ⟨Jᵀ·w, u⟩ between the generated forward and reverse modes.
/// </summary>
public static class DerivativeOracles
{
    /// <summary>A scalar program f(x).</summary>
    /// <param name="x">The flattened differentiable inputs.</param>
    /// <param name="user">The user's method.</param>
    /// <param name="gradient">The generated Gradient (value and flattened gradient).</param>
    /// <param name="pushforward">The generated Pushforward along a flattened tangent.</param>
    /// <param name="pullback">The generated Pullback: value, for a seed, accumulating into a zeroed gradient.</param>
    public static double[] Scalar(double[] x, Func<double[], double> user, Func<double[], (double Value, double[] Gradient)> gradient,
        Func<double[], double[], (double Value, double Tangent)> pushforward, Func<double[], double, double[], double> pullback,
        double fdRelative = 1e-6, double fdAbsolute = 1e-7, int seed = 7)
    {
        var rng = new Random(seed);
        double expected = user((double[])x.Clone());
        var (value, g) = gradient((double[])x.Clone());
        Assert.Equal(expected, value);
        Numeric.Close(Numeric.Gradient(user, x), g, fdRelative, fdAbsolute, "finite differences");
        for (int trial = 0; trial < 3; trial++)
        {
            double[] u = Numeric.Random(rng, x.Length);
            double w = 2 * rng.NextDouble() - 1;
            var (fValue, tangent) = pushforward((double[])x.Clone(), u);
            Assert.Equal(expected, fValue);
            var adjoint = new double[x.Length];
            double rValue = pullback((double[])x.Clone(), w, adjoint);
            Assert.Equal(expected, rValue);
            Numeric.Close(w * tangent, Numeric.Dot(adjoint, u), 1e-10, 1e-13, "dot-product test");
        }
        return g;
    }

    /// <summary>A vector program y = f(x) with <paramref name="m"/> outputs.</summary>
    /// <param name="x">The flattened differentiable inputs.</param>
    /// <param name="m">The number of outputs.</param>
    /// <param name="user">The user's method, writing y.</param>
    /// <param name="pushforward">The generated Pushforward: writes y and its tangent along u.</param>
    /// <param name="pullback">The generated Pullback: writes y, accumulates Jᵀ·w into a zeroed adjoint.</param>
    public static void Vector(double[] x, int m, Action<double[], double[]> user, Action<double[], double[], double[], double[]> pushforward,
        Action<double[], double[], double[], double[]> pullback, double fdRelative = 1e-6, double fdAbsolute = 1e-7, int seed = 7)
    {
        var rng = new Random(seed);
        var expected = new double[m];
        user((double[])x.Clone(), expected);
        // Finite differences, one Jacobian column per input, against pullbacks along each output's unit seed.
        var jt = new double[m][];
        for (int r = 0; r < m; r++)
        {
            var w = new double[m];
            w[r] = 1;
            var y = new double[m];
            jt[r] = new double[x.Length];
            pullback((double[])x.Clone(), w, y, jt[r]);
            Assert.Equal(expected, y);
        }
        for (int c = 0; c < x.Length; c++)
        {
            double step = 1e-6 * Math.Max(1, Math.Abs(x[c]));
            double[] plus = (double[])x.Clone(), minus = (double[])x.Clone();
            plus[c] += step;
            minus[c] -= step;
            double[] yp = new double[m], ym = new double[m];
            user(plus, yp);
            user(minus, ym);
            for (int r = 0; r < m; r++) Numeric.Close((yp[r] - ym[r]) / (2 * step), jt[r][c], fdRelative, fdAbsolute, $"J[{r},{c}]");
        }
        for (int trial = 0; trial < 3; trial++)
        {
            double[] u = Numeric.Random(rng, x.Length), w = Numeric.Random(rng, m);
            double[] y = new double[m], dy = new double[m];
            pushforward((double[])x.Clone(), u, y, dy);
            Assert.Equal(expected, y);
            var adjoint = new double[x.Length];
            pullback((double[])x.Clone(), w, new double[m], adjoint);
            Numeric.Close(Numeric.Dot(w, dy), Numeric.Dot(adjoint, u), 1e-10, 1e-13, "dot-product test");
        }
    }

    /// <summary>Splits a flat vector into consecutive pieces of the given lengths.</summary>
    public static double[][] Split(double[] flat, params int[] lengths)
    {
        var parts = new double[lengths.Length][];
        int at = 0;
        for (int i = 0; i < lengths.Length; i++)
        {
            parts[i] = flat.AsSpan(at, lengths[i]).ToArray();
            at += lengths[i];
        }
        return parts;
    }

    /// <summary>Concatenates pieces into one flat vector.</summary>
    public static double[] Join(params double[][] parts) => parts.SelectMany(p => p).ToArray();
}
