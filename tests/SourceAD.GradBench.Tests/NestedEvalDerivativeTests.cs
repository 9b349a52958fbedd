using SourceAD.GradBench.Evals;
using Xunit;

namespace SourceAD.GradBench.Tests;

/// <summary>
/// The second-order and nested derivatives behind kmeans and particle, against independent references: kmeans's
/// Hessian (dense, generated) against its closed form (2 × the cluster size on the diagonal, 0 elsewhere) and its Newton
/// direction against `manual`'s closed form; particle's outer derivative in all four nestings against central
/// differences of the objective (which itself runs the generated inner gradient or pushforwards).
/// </summary>
public class NestedEvalDerivativeTests
{
    private static readonly double[] Points = { 0.1, 0.2, 0.3, 0.1, 0.25, 0.3, 0.9, 0.8, 0.7, 0.9, 0.5, 0.55 };
    private static readonly double[] Centroids = { 0.3, 0.1, 0.7, 0.9 };

    [Fact]
    public void KmeansHessianIsTwiceTheClusterSizesOnTheDiagonal()
    {
        const int n = 6, k = 2, d = 2;
        var err = new double[1];
        double[,] h = Kmeans.objectiveHessian(n, k, d, Points, Centroids, err);
        // Points 0–2 are closest to centroid 0, points 3–5 to centroid 1: three each.
        for (int i = 0; i < k * d; i++)
            for (int j = 0; j < k * d; j++)
                Assert.Equal(i == j ? 2.0 * 3 : 0.0, h[i, j], 12);

        // The HVP along ones (what "dir" uses) is that diagonal, and gradient ./ diagonal is manual's −(mean − centroid).
        var ones = Enumerable.Repeat(1.0, k * d).ToArray();
        var hvp = Kmeans.objectiveHessianVectorProduct(n, k, d, Points, Centroids, err, ones);
        for (int c = 0; c < k; c++)
        {
            for (int l = 0; l < d; l++)
            {
                double mean = Enumerable.Range(3 * c, 3).Average(p => Points[p * d + l]);
                Assert.Equal(h[c * d + l, c * d + l], hvp.HCentroids[c * d + l], 12);
                Assert.Equal(-(mean - Centroids[c * d + l]), hvp.DCentroids[c * d + l] / hvp.HCentroids[c * d + l], 12);
            }
        }
        var cost = new double[1];
        Kmeans.objective(n, k, d, Points, Centroids, cost);
        Assert.Equal(cost[0], hvp.Value);
        Assert.Equal(cost[0], err[0]);
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(0.15)]
    public void ParticleOuterDerivativesInAllFourNestingsMatchFiniteDifferences(double w)
    {
        const double h = 1e-6;
        // The objective is piecewise smooth in w (the step count changes where the particle crosses the axis); at these
        // points it is smooth over ±h.
        double fdR = (Particle.objective_r(w + h) - Particle.objective_r(w - h)) / (2 * h);
        double fdF = (Particle.objective_f(w + h) - Particle.objective_f(w - h)) / (2 * h);
        double rr = Particle.objective_rGradient(w).DW, fr = Particle.objective_rPushforward(w, 1.0).Tangent;
        double rf = Particle.objective_fGradient(w).DW, ff = Particle.objective_fPushforward(w, 1.0).Tangent;
        Assert.True(FiniteDifferences.Difference(fdR, rr) < 1e-6, $"rr {rr} against {fdR}");
        Assert.True(FiniteDifferences.Difference(fdR, fr) < 1e-6, $"fr {fr} against {fdR}");
        Assert.True(FiniteDifferences.Difference(fdF, rf) < 1e-6, $"rf {rf} against {fdF}");
        Assert.True(FiniteDifferences.Difference(fdF, ff) < 1e-6, $"ff {ff} against {fdF}");
        // Value oracle: the generated gradient's value is the objective's, bit for bit.
        Assert.Equal(Particle.objective_r(w), Particle.objective_rGradient(w).Value);
        Assert.Equal(Particle.objective_f(w), Particle.objective_fGradient(w).Value);
    }
}
