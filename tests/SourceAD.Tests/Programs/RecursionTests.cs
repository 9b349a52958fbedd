using SourceAD.Tests.Support;
using Xunit;
using static SourceAD.Tests.Support.DerivativeOracles;
using R = SourceAD.Tests.Programs.RecursionPrograms;

namespace SourceAD.Tests.Programs;

/// <summary>Recursion in both modes: value oracle, finite differences, dot-product test, closed forms.</summary>
public class RecursionTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(5)]
    [InlineData(6)]
    public void DeterminantByMinorsMatchesCofactors(int n)
    {
        double[] a = Numeric.Random(new Random(10 + n), n * n);
        double[] g = Scalar(a,
            v => R.Det(v, n),
            v => R.DetGradient(v, n),
            (v, u) => R.DetPushforward(v, n, u),
            (v, w, adj) => R.DetPullback(v, n, w, adj));
        // Closed form: ∂det/∂A = det(A)·A⁻ᵀ, by Gauss–Jordan elimination with partial pivoting.
        var (det, inverse) = DetAndInverse(a, n);
        Numeric.Close(det, R.Det(a, n), 1e-12, 1e-14, "det");
        for (int i = 0; i < n; i++)
            for (int j = 0; j < n; j++) Numeric.Close(det * inverse[j * n + i], g[i * n + j], 1e-10, 1e-13, $"cofactor[{i},{j}]");
    }

    [Fact]
    public void DeterminantPullbackLeavesTheIndexListsAsItFoundThem()
    {
        const int n = 4;
        double[] a = Numeric.Random(new Random(4), n * n);
        int[] r = { 1, 2, 3, 4, 0 }, c = { 1, 2, 3, 4, 0 };
        var da = new double[n * n];
        double value = R.DetOfMinorPullback(a, n, n, r, c, 1.0, da);
        Assert.Equal(R.Det(a, n), value);
        Assert.Equal(new[] { 1, 2, 3, 4, 0 }, r);
        Assert.Equal(new[] { 1, 2, 3, 4, 0 }, c);
        Assert.Equal(R.DetGradient(a, n).DA, da);
    }

    private static (double Det, double[] Inverse) DetAndInverse(double[] a, int n)
    {
        var m = (double[])a.Clone();
        var inv = new double[n * n];
        for (int i = 0; i < n; i++) inv[i * n + i] = 1;
        double det = 1;
        for (int col = 0; col < n; col++)
        {
            int pivot = col;
            for (int row = col + 1; row < n; row++) if (Math.Abs(m[row * n + col]) > Math.Abs(m[pivot * n + col])) pivot = row;
            if (pivot != col)
            {
                det = -det;
                for (int k = 0; k < n; k++)
                {
                    (m[col * n + k], m[pivot * n + k]) = (m[pivot * n + k], m[col * n + k]);
                    (inv[col * n + k], inv[pivot * n + k]) = (inv[pivot * n + k], inv[col * n + k]);
                }
            }
            double p = m[col * n + col];
            det *= p;
            for (int k = 0; k < n; k++) { m[col * n + k] /= p; inv[col * n + k] /= p; }
            for (int row = 0; row < n; row++)
            {
                if (row == col) continue;
                double f = m[row * n + col];
                for (int k = 0; k < n; k++) { m[row * n + k] -= f * m[col * n + k]; inv[row * n + k] -= f * inv[col * n + k]; }
            }
        }
        return (det, inv);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(4)]
    [InlineData(7)]
    public void MutualRecursion(int n)
    {
        double[] x = { 0.7, -0.4 };
        Scalar(x,
            v => R.Even(v[0], v[1], n),
            v => { var (value, dx, dy) = R.EvenGradient(v[0], v[1], n); return (value, new[] { dx, dy }); },
            (v, u) => R.EvenPushforward(v[0], v[1], n, u[0], u[1]),
            (v, w, adj) => { double dx = 0, dy = 0; double value = R.EvenPullback(v[0], v[1], n, w, ref dx, ref dy); adj[0] += dx; adj[1] += dy; return value; });
    }

    [Fact]
    public void MutualRecursionClosedForm()
    {
        // Odd(x, y, 1) = sin x + x·Even(x, y², 0) = sin x + x·y².
        var (value, dx, dy) = R.OddGradient(0.3, 1.5, 1);
        Assert.Equal(R.Odd(0.3, 1.5, 1), value);
        Numeric.Close(Math.Cos(0.3) + 1.5 * 1.5, dx, 1e-15);
        Numeric.Close(2 * 0.3 * 1.5, dy, 1e-15);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(5)]
    [InlineData(8)]
    public void DivideAndConquer(int length)
    {
        double[] x = Numeric.Random(new Random(length), length);
        Scalar(x,
            v => R.Tree(v, 0, length),
            v => R.TreeGradient(v, 0, length),
            (v, u) => R.TreePushforward(v, 0, length, u),
            (v, w, adj) => R.TreePullback(v, 0, length, w, adj));
    }
}
