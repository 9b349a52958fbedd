using SourceAD.Tests.Support;
using Xunit;

namespace SourceAD.Tests.Programs;

/// <summary>
/// Every program checked three ways: central finite differences, forward vs reverse (dot-product test), and a closed
/// form where one exists.
/// </summary>
public class ProgramTests
{
    private static readonly Random Rng = new(1234);

    [Theory]
    [InlineData(-1.2, 1.0)]
    [InlineData(0.3, -0.7)]
    [InlineData(1.0, 1.0)]
    public void Rosenbrock(double x, double y)
    {
        var (value, dx, dy) = P.RosenbrockGradient(x, y);
        Assert.Equal(P.Rosenbrock(x, y), value);
        // Closed form.
        Numeric.Close(-2 * (1 - x) - 400 * x * (y - x * x), dx, 1e-12);
        Numeric.Close(200 * (y - x * x), dy, 1e-12);
        // Finite differences.
        Numeric.Close(Numeric.Gradient(v => P.Rosenbrock(v[0], v[1]), new[] { x, y }), new[] { dx, dy }, 1e-6, 1e-6);
        // Forward mode, one direction per input.
        Assert.Equal(dx, P.RosenbrockPushforward(x, y, 1, 0).Tangent, 12);
        Assert.Equal(dy, P.RosenbrockPushforward(x, y, 0, 1).Tangent, 12);
    }

    [Fact]
    public void PolynomialByHorner()
    {
        double[] c = { 1.5, -2, 0.5, 3, -1 };
        double x = 0.7;
        var (value, dx, dc) = P.PolynomialGradient(x, c);
        double expectedValue = 0, expectedDx = 0;
        for (int k = 0; k < c.Length; k++)
        {
            expectedValue += c[k] * Math.Pow(x, k);
            if (k > 0) expectedDx += k * c[k] * Math.Pow(x, k - 1);
            Numeric.Close(Math.Pow(x, k), dc[k], 1e-12, 1e-14, $"dc[{k}]");
        }
        Numeric.Close(expectedValue, value, 1e-12);
        Numeric.Close(expectedDx, dx, 1e-12);
        DotProductTest((v, dv) => P.PolynomialPushforward(v[0], c, dv[0], new double[c.Length]).Tangent,
            (v, seed, g) => { double d = 0; P.PolynomialPullback(v[0], c, seed, ref d, new double[c.Length]); g[0] = d; }, new[] { x });
    }

    [Fact]
    public void LogSumExpMatchesSoftmax()
    {
        double[] x = Numeric.Random(Rng, 50, 3);
        var (value, dx) = P.LogSumExpGradient(x);
        double max = x.Max();
        double sum = x.Sum(v => Math.Exp(v - max));
        Numeric.Close(max + Math.Log(sum), value, 1e-13);
        for (int i = 0; i < x.Length; i++) Numeric.Close(Math.Exp(x[i] - max) / sum, dx[i], 1e-12, 1e-15, $"softmax[{i}]");
        Numeric.Close(Numeric.Gradient(P.LogSumExp, x), dx, 1e-6, 1e-8);
        DotProductTest((v, dv) => P.LogSumExpPushforward(v, dv).Tangent, (v, seed, g) => P.LogSumExpPullback(v, seed, g), x);
    }

    [Theory]
    [InlineData(0.9, 1)]
    [InlineData(0.9, 25)]
    [InlineData(-2.0, 7)]
    public void SinRepeatedOverwritesItsInput(double x, int n)
    {
        // Closed form: the chain rule along the orbit x_{k+1} = sin(x_k).
        double v = x, d = 1;
        for (int i = 0; i < n; i++) { d *= Math.Cos(v); v = Math.Sin(v); }
        var (value, dx) = P.SinRepeatedGradient(x, n);
        Assert.Equal(v, value);
        Numeric.Close(d, dx, 1e-13);
        Numeric.Close(d, P.SinRepeatedPushforward(x, n, 1).Tangent, 1e-13);
        Numeric.Close((P.SinRepeated(x + 1e-6, n) - P.SinRepeated(x - 1e-6, n)) / 2e-6, dx, 1e-6);
    }

    [Fact]
    public void ScalarLoopMlp()
    {
        int d = 4, hidden = 6;
        double[] w1 = Numeric.Random(Rng, hidden * d), b1 = Numeric.Random(Rng, hidden), w2 = Numeric.Random(Rng, hidden), input = Numeric.Random(Rng, d);
        double b2 = 0.3, target = 0.25;
        var g = P.MlpGradient(w1, b1, w2, b2, input, target, hidden);
        Assert.Equal(P.Mlp(w1, b1, w2, b2, input, target, hidden), g.Value);

        // Closed form backprop of a 2-layer tanh network.
        var h = new double[hidden];
        double y = b2;
        for (int j = 0; j < hidden; j++)
        {
            double z = b1[j];
            for (int i = 0; i < d; i++) z += w1[j * d + i] * input[i];
            h[j] = Math.Tanh(z);
            y += w2[j] * h[j];
        }
        double r = y - target;
        Numeric.Close(r, g.DB2, 1e-12);
        for (int j = 0; j < hidden; j++)
        {
            Numeric.Close(r * h[j], g.DW2[j], 1e-12);
            double dz = r * w2[j] * (1 - h[j] * h[j]);
            Numeric.Close(dz, g.DB1[j], 1e-12);
            for (int i = 0; i < d; i++) Numeric.Close(dz * input[i], g.DW1[j * d + i], 1e-12);
        }
        Numeric.Close(Numeric.Gradient(v => P.Mlp(v, b1, w2, b2, input, target, hidden), w1), g.DW1, 1e-6, 1e-9);
    }

    [Fact]
    public void NestedCallsUseCalleeDerivatives()
    {
        double x = 0.4, y = -1.3;
        var (value, dx, dy) = P.NestedGradient(x, y);
        double s = Math.Sin(x) * y;
        Numeric.Close(s * s + y * y * x, value, 1e-14);
        Numeric.Close(2 * s * Math.Cos(x) * y + y * y, dx, 1e-13);
        Numeric.Close(2 * s * Math.Sin(x) + 2 * y * x, dy, 1e-13);
        Numeric.Close(dx, P.NestedPushforward(x, y, 1, 0).Tangent, 1e-13);
        Numeric.Close(dy, P.NestedPushforward(x, y, 0, 1).Tangent, 1e-13);
    }

    [Fact]
    public void CustomDerivativeIsCalled()
    {
        double x = 0.8, y = 1.7;
        var (value, dx, dy) = P.UsesCustomGradient(x, y);
        double sigmoid = 1 / (1 + Math.Exp(-x * y));
        Numeric.Close(Math.Log(1 + Math.Exp(x * y)) + x, value, 1e-14);
        Numeric.Close(sigmoid * y + 1, dx, 1e-13);
        Numeric.Close(sigmoid * x, dy, 1e-13);
        // Forward mode falls back to the custom pullback (no custom pushforward is declared).
        Numeric.Close(dx, P.UsesCustomPushforward(x, y, 1, 0).Tangent, 1e-13);
    }

    [Theory]
    [InlineData(1.5, 2.0)]   // first return
    [InlineData(0.9, 2.0)]   // exp(0.9) > 2: second return
    [InlineData(0.2, -1.5)]  // falls through
    public void EarlyReturn(double x, double y)
    {
        var (value, dx, dy) = P.EarlyReturnGradient(x, y);
        Assert.Equal(P.EarlyReturn(x, y), value);
        Numeric.Close(Numeric.Gradient(v => P.EarlyReturn(v[0], v[1]), new[] { x, y }), new[] { dx, dy }, 1e-6, 1e-7);
        Numeric.Close(dx, P.EarlyReturnPushforward(x, y, 1, 0).Tangent, 1e-13);
        Numeric.Close(dy, P.EarlyReturnPushforward(x, y, 0, 1).Tangent, 1e-13);
    }

    [Theory]
    [InlineData(10.0)]
    [InlineData(0.5)]
    public void BreakAndContinue(double limit)
    {
        double[] x = { 0.5, -1, 0.8, 1.2, -0.3, 2.0, 0.1 };
        var (value, dx, dlimit) = P.BreakContinueGradient(x, limit);
        Assert.Equal(P.BreakContinue(x, limit), value);
        var all = x.Append(limit).ToArray();
        Numeric.Close(Numeric.Gradient(v => P.BreakContinue(v[..^1], v[^1]), all), dx.Append(dlimit).ToArray(), 1e-6, 1e-7);
        DotProductTest((v, dv) => P.BreakContinuePushforward(v[..^1], v[^1], dv[..^1], dv[^1]).Tangent,
            (v, seed, g) => { double dl = 0; P.BreakContinuePullback(v[..^1], v[^1], seed, g.AsSpan(0, g.Length - 1), ref dl); g[^1] = dl; }, all);
    }

    [Fact]
    public void GenericProgramAtHalfFloatAndDouble()
    {
        var (vd, dxd, dyd) = P.GenericProgramGradient(0.6, 0.4);
        Numeric.Close(Numeric.Gradient(v => P.GenericProgram(v[0], v[1]), new[] { 0.6, 0.4 }), new[] { dxd, dyd }, 1e-6, 1e-8);
        var (vf, dxf, dyf) = P.GenericProgramGradient(0.6f, 0.4f);
        Numeric.Close(dxd, dxf, 1e-5, 0, "float dx");
        Numeric.Close(dyd, dyf, 1e-5, 0, "float dy");
        var (vh, dxh, dyh) = P.GenericProgramGradient((Half)0.6, (Half)0.4);
        // Half has an 11-bit significand: agreement to a few ulps of 2^-11.
        Numeric.Close(dxd, (double)dxh, 1e-2, 0, "Half dx");
        Numeric.Close(dyd, (double)dyh, 1e-2, 0, "Half dy");
        Numeric.Close(vd, (double)vh, 1e-3);
        Numeric.Close(vd, vf, 1e-6);
    }

    [Fact]
    public void VectorOutputJacobian()
    {
        double[] x = Numeric.Random(Rng, 5);
        double scale = 1.7;
        var y = new double[5];
        double[,] j = P.VectorMapJacobian(x, scale, y);
        Assert.Equal(5, j.GetLength(0));
        Assert.Equal(6, j.GetLength(1)); // 5 entries of x, then scale
        for (int r = 0; r < 5; r++)
        {
            for (int c = 0; c < 5; c++)
            {
                double expected = (r == c ? Math.Cos(x[r]) * scale + (r > 0 ? x[r - 1] : 0) : 0) + (c == r - 1 ? x[r] : 0);
                Numeric.Close(expected, j[r, c], 1e-13, 1e-15, $"J[{r},{c}]");
            }
            Numeric.Close(Math.Sin(x[r]), j[r, 5], 1e-13);
        }
        // JVP vs VJP on the vector output.
        double[] u = Numeric.Random(Rng, 5), v = Numeric.Random(Rng, 5);
        var dy = new double[5];
        P.VectorMapPushforward(x, 0.3, y, u, 0.2, dy);
        var dx = new double[5];
        double dscale = 0;
        P.VectorMapPullback(x, 0.3, y, v, dx, ref dscale);
        Numeric.Close(Numeric.Dot(v, dy), Numeric.Dot(dx, u) + dscale * 0.2, 1e-12);
    }

    [Fact]
    public void PullbackAddsIntoAdjoints()
    {
        double dx = 10, dy = -3;
        P.RosenbrockPullback(0.5, 0.5, 2.0, ref dx, ref dy);
        var (_, gx, gy) = P.RosenbrockGradient(0.5, 0.5);
        Numeric.Close(10 + 2 * gx, dx, 1e-14);
        Numeric.Close(-3 + 2 * gy, dy, 1e-14);
    }

    [Fact]
    public void AdjointSpanTooShortThrowsNamingBoth()
    {
        var ex = Assert.Throws<ArgumentException>(() => P.LogSumExpPullback(new double[4], 1, new double[3]));
        Assert.Contains("dx", ex.Message);
        Assert.Contains("4", ex.Message);
        Assert.Contains("3", ex.Message);
    }

    /// <summary>⟨v, J·u⟩ from the pushforward equals ⟨Jᵀ·v, u⟩ from the pullback, for random u and v.</summary>
    internal static void DotProductTest(Func<double[], double[], double> jvp, Action<double[], double, double[]> vjp, double[] x)
    {
        for (int trial = 0; trial < 3; trial++)
        {
            double[] u = Numeric.Random(Rng, x.Length);
            double v = 2 * Rng.NextDouble() - 1;
            double left = v * jvp(x, u);
            var g = new double[x.Length];
            vjp(x, v, g);
            Numeric.Close(left, Numeric.Dot(g, u), 1e-10, 1e-14, "dot-product test");
        }
    }
}
