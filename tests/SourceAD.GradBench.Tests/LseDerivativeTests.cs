using SourceAD.GradBench.Evals;
using Xunit;

namespace SourceAD.GradBench.Tests;

/// <summary>
/// lse's generated pullback (the running maximum's reverse reads the old maximum only to pick Max's branch): the value
/// oracle bit for bit, central finite differences of the port itself, the dot-product test
/// against the generated pushforward, and the tie rule at a repeated maximum.
/// </summary>
public class LseDerivativeTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(17)]
    public void ValueGradientAndPushforwardAgree(int n)
    {
        var r = new Random(n);
        var x = Enumerable.Range(0, n).Select(_ => 4 * r.NextDouble() - 2).ToArray();
        var primal = new double[1];
        Lse.Primal(n, x, primal);
        var output = new double[1];
        var dx = new double[n];
        Lse.PrimalPullback(n, x, output, new double[] { 1 }, dx);
        Assert.Equal(BitConverter.DoubleToInt64Bits(primal[0]), BitConverter.DoubleToInt64Bits(output[0]));

        var v = Enumerable.Range(0, n).Select(_ => r.NextDouble() - 0.5).ToArray();
        var tangent = new double[1];
        Lse.PrimalPushforward(n, x, output, v, tangent);
        double reverse = 0;
        for (int i = 0; i < n; i++) reverse += dx[i] * v[i];
        Assert.True(Math.Abs(reverse - tangent[0]) <= 1e-12 * Math.Max(1, Math.Abs(reverse)), $"<J v, 1> = {tangent[0]}, <v, Jᵀ 1> = {reverse}");

        for (int i = 0; i < n; i++)
        {
            var e = new double[n];
            e[i] = 1;
            double fd = FiniteDifferences.Directional((t, y) => Lse.Primal(n, t, y), x, e, 1)[0];
            Assert.True(Math.Abs(fd - dx[i]) <= 1e-7 * Math.Max(1, Math.Abs(fd)), $"x[{i}]: finite differences {fd}, generated {dx[i]}");
        }
    }

    /// <summary>
    /// A maximum reached three times: each later copy ties with the running maximum, and the PyTorch preset splits a
    /// binary tie evenly (Max's derivative at equality), so the gradient of the shift A runs 1/2 back through each tie.
    /// </summary>
    [Fact]
    public void TiesAtTheMaximumSplitAsThePolicySays()
    {
        double[] x = [1, 3, -2, 3, 3];
        int n = x.Length;
        var output = new double[1];
        var dx = new double[n];
        Lse.PrimalPullback(n, x, output, new double[] { 1 }, dx);
        // Reference: the softmax, plus the shift's own derivative (1 − Σ softmax = 0 up to rounding) routed by the rules.
        double a = 3, s = x.Sum(v => Math.Exp(v - a));
        var softmax = x.Select(v => Math.Exp(v - a) / s).ToArray();
        double dA = 1 - softmax.Sum();
        var expected = (double[])softmax.Clone();
        double running = x[0];
        var partials = new List<(double Da, double Db)>();
        for (int i = 1; i < n; i++)
        {
            NonsmoothRules.MaxPartials(running, x[i], DerivativePolicy.PyTorch, out double da, out double db);
            partials.Add((da, db));
            running = Math.Max(running, x[i]);
        }
        for (int i = n - 1; i >= 1; i--)
        {
            expected[i] += dA * partials[i - 1].Db;
            dA *= partials[i - 1].Da;
        }
        expected[0] += dA;
        for (int i = 0; i < n; i++) Assert.True(Math.Abs(expected[i] - dx[i]) <= 1e-15, $"x[{i}]: expected {expected[i]}, generated {dx[i]}");
    }
}
