using SourceAD.GradBench.Evals;
using Xunit;

namespace SourceAD.GradBench.Tests;

/// <summary>
/// ode's generated gradient against finite differences of the RK4 primal itself. GradBench's golden (manual) gradient is
/// that of the exact ODE solution, not of RK4, so a correct AD tool differs from it at few steps and small n (the
/// fixtures use workloads where the two agree to GradBench's tolerance).
/// </summary>
public class OdeDerivativeTests
{
    [Theory]
    [InlineData(6, 1)]
    [InlineData(6, 3)]
    [InlineData(12, 5)]
    public void GradientOfTheLastStateMatchesFiniteDifferences(int n, int s)
    {
        var r = new Random(n * 31 + s);
        var x = Enumerable.Range(0, n).Select(_ => r.NextDouble()).ToArray();
        var yf = new double[n];
        var seed = new double[n];
        seed[n - 1] = 1;
        var dx = new double[n];
        // yf counts as in-out (its first mention is an argument, before Fill overwrites it); the adjoint of its entry
        // contents must then be zero, since the method overwrites them before reading.
        var dyfIn = new double[n];
        Ode.PrimalPullback(n, x, s, yf, seed, dx, dyfIn);
        Assert.All(dyfIn, v => Assert.Equal(0.0, v));
        for (int i = 0; i < n; i++)
        {
            var e = new double[n];
            e[i] = 1;
            double fd = FiniteDifferences.Directional((t, y) => Ode.Primal(n, t, s, y), x, e, n)[n - 1];
            Assert.True(Math.Abs(fd - dx[i]) <= 1e-8 * Math.Max(1, Math.Abs(fd)), $"x[{i}]: finite differences {fd}, generated {dx[i]}");
        }
    }
}
