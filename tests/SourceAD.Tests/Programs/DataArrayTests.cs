using SourceAD.Tests.Support;
using Xunit;
using static SourceAD.Tests.Support.DerivativeOracles;

namespace SourceAD.Tests.Programs;

/// <summary>Array fields read as data: value oracle, finite differences, dot-product test, closed forms.</summary>
public class DataArrayTests
{
    [Fact]
    public void LogisticRegressionReadsJaggedFeatureFields()
    {
        var rng = new Random(8);
        double[][] features = Enumerable.Range(0, 6).Select(_ => Numeric.Random(rng, 3)).ToArray();
        int[] labels = { 1, 0, 0, 1, 1, 0 };
        var model = new LogisticRegression(features, labels);
        double[] v = Numeric.Random(rng, 4);
        double[] g = Scalar(v,
            u => model.Loss(u[..3], u[3]),
            u => { var (value, dw, db) = model.LossGradient(u[..3], u[3]); return (value, Join(dw, new[] { db })); },
            (u, t) => model.LossPushforward(u[..3], u[3], t[..3], t[3]),
            (u, w, adj) => { double db = 0; double value = model.LossPullback(u[..3], u[3], w, adj.AsSpan(0, 3), ref db); adj[3] += db; return value; });
        // Closed form: ∂L/∂w = mean_n (σ(z_n) − y_n)·x_n, ∂L/∂b = mean_n (σ(z_n) − y_n).
        var expected = new double[4];
        for (int n = 0; n < features.Length; n++)
        {
            double z = v[3];
            for (int j = 0; j < 3; j++) z += v[j] * features[n][j];
            double r = 1 / (1 + Math.Exp(-z)) - labels[n];
            for (int j = 0; j < 3; j++) expected[j] += r * features[n][j] / features.Length;
            expected[3] += r / features.Length;
        }
        Numeric.Close(expected, g, 1e-12, 1e-15, "closed form");
    }

    [Fact]
    public void RectangularStaticTable()
    {
        double[] v = { 0.4, -1.1, 0.9, 0.2, -0.3 };
        double[] g = Scalar(v,
            u => DataTables.Bilinear(u[..2], u[2..]),
            u => { var (value, dx, dy) = DataTables.BilinearGradient(u[..2], u[2..]); return (value, Join(dx, dy)); },
            (u, t) => DataTables.BilinearPushforward(u[..2], u[2..], t[..2], t[2..]),
            (u, w, adj) => DataTables.BilinearPullback(u[..2], u[2..], w, adj.AsSpan(0, 2), adj.AsSpan(2, 3)));
        // Closed form: s = 2·xᵀWy, so ∂s/∂x = 2·W·y.
        double[,] weights = { { 1.0, -0.5, 0.25 }, { 0.3, 2.0, -1.2 } };
        for (int i = 0; i < 2; i++)
        {
            double e = 0;
            for (int j = 0; j < 3; j++) e += 2 * weights[i, j] * v[2 + j];
            Numeric.Close(e, g[i], 1e-14, 1e-15, $"dx[{i}]");
        }
    }
}
