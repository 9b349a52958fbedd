using System.Text.Json.Nodes;
using SourceAD.GradBench.Protocol;

namespace SourceAD.GradBench.Evals;

/// <summary>GradBench's kmeans eval (cpp/gradbench/evals/kmeans.hpp), the generic templates line by line.</summary>
public static partial class Kmeans
{
    // template <typename A, typename B> B euclid_dist_2(int d, A const* a, B const* b)
    private static double euclid_dist_2(int d, ReadOnlySpan<double> a, ReadOnlySpan<double> b)
    {
        double dist = 0;
        for (int i = 0; i < d; i++)
        {
            dist += (a[i] - b[i]) * (a[i] - b[i]);
        }
        return dist;
    }

    // template <typename T> void objective(int n, int k, int d, double const* points, T const* centroids, T* err)
    [Differentiable]
    public static void objective(int n, int k, int d, [NoDerivative] ReadOnlySpan<double> points, ReadOnlySpan<double> centroids, Span<double> err)
    {
        double cost = 0;
        for (int i = 0; i < n; i++)
        {
            ReadOnlySpan<double> a = points.Slice(i * d);
            double closest = double.PositiveInfinity;
            for (int j = 0; j < k; j++)
            {
                ReadOnlySpan<double> b = centroids.Slice(j * d);
                closest = Math.Min(closest, euclid_dist_2(d, a, b));
            }
            cost += closest;
        }
        err[0] = cost;
    }
}

/// <summary>
/// The kmeans module: "cost" (the objective) and "dir", the gradient divided entrywise by the Hessian's diagonal (the
/// Newton step GradBench's README specifies). Both come from one generated <c>objectiveHessianVectorProduct</c> along
/// the all-ones direction: the Hessian of the cost in the centroids is diagonal (each centroid coordinate enters only
/// its own squared distances), so H·1 is its diagonal, the column compression of a diagonal sparsity pattern.
/// </summary>
public sealed class KmeansEval : IEval
{
    /// <inheritdoc/>
    public string Name => "kmeans";

    /// <inheritdoc/>
    public EvalRun? Prepare(string function, JsonNode input)
    {
        double[][] points = JsonInput.Rows(JsonInput.Field(input, "points"));
        double[][] centroids = JsonInput.Rows(JsonInput.Field(input, "centroids"));
        int n = points.Length, k = centroids.Length;
        if (n == 0 || k == 0) throw new FormatException("points and centroids must not be empty");
        int d = points[0].Length;
        if (points.Any(p => p.Length != d) || centroids.Any(c => c.Length != d)) throw new FormatException("every point and centroid must have the same dimension");
        double[] p = points.SelectMany(r => r).ToArray(), c = centroids.SelectMany(r => r).ToArray();
        switch (function)
        {
            case "cost":
                var err = new double[1];
                return new EvalRun(() => Kmeans.objective(n, k, d, p, c, err), () => err[0]);
            case "dir":
                var ones = new double[k * d];
                Array.Fill(ones, 1.0);
                var dir = new double[k * d];
                var cost = new double[1];
                return new EvalRun(
                    () =>
                    {
                        var hvp = Kmeans.objectiveHessianVectorProduct(n, k, d, p, c, cost, ones);
                        for (int i = 0; i < dir.Length; i++) dir[i] = hvp.DCentroids[i] / hvp.HCentroids[i];
                    },
                    () => JsonInput.Rows(dir, k, d));
            default:
                return null;
        }
    }
}
