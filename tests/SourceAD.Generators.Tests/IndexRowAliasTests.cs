using SourceAD.Generators.Tests.Support;
using Xunit;

namespace SourceAD.Generators.Tests;

/// <summary>
/// GradBench's ht (complicated) as written (gap G14, tests/SourceAD.GradBench/README.md): a local naming one row of a
/// passive jagged parameter, <c>int[] verts = triangles[correspondences[i]];</c>, whose entries index the differentiable
/// arrays. Checked in both modes: the gradient against central finite differences of the user's method, the
/// pushforward against the gradient (dot-product test), and the Value against the method's own, bit for bit.
/// </summary>
public class IndexRowAliasTests
{
    private const string Source = """
        using System;
        using SourceAD;

        public static partial class Mesh
        {
            [Differentiable]
            public static double Fit(double[] positions, double[] us, int[][] triangles, int[] correspondences, double[] points)
            {
                double s = 0;
                for (int i = 0; i < correspondences.Length; i++)
                {
                    int[] verts = triangles[correspondences[i]];
                    for (int j = 0; j < 3; j++)
                    {
                        double coord = us[2 * i] * positions[j + 3 * verts[0]] +
                                       us[2 * i + 1] * positions[j + 3 * verts[1]] +
                                       (1.0 - us[2 * i] - us[2 * i + 1]) * positions[j + 3 * verts[2]];
                        double e = points[3 * i + j] - coord;
                        s += e * e;
                    }
                }
                return s;
            }
        }
        """;

    private delegate (double Value, double Tangent) Pushforward(double[] positions, double[] us, int[][] triangles, int[] correspondences,
        double[] points, ReadOnlySpan<double> dpositions, ReadOnlySpan<double> dus, ReadOnlySpan<double> dpoints);

    [Fact]
    public void GradientMatchesFiniteDifferencesAndThePushforward()
    {
        Type t = GeneratorHarness.Load(Source).GetType("Mesh")!;
        var f = t.GetMethod("Fit")!.CreateDelegate<Func<double[], double[], int[][], int[], double[], double>>();
        var gradient = t.GetMethod("FitGradient")!.CreateDelegate<Func<double[], double[], int[][], int[], double[], (double, double[], double[], double[])>>();
        var pushforward = t.GetMethod("FitPushforward")!.CreateDelegate<Pushforward>();
        var random = new Random(14);
        double[] Random(int n) => Enumerable.Range(0, n).Select(_ => random.NextDouble() * 2 - 1).ToArray();
        int[][] triangles = [[0, 1, 2], [2, 3, 0], [1, 3, 2]];
        int[] correspondences = [2, 0, 1, 2];
        double[] positions = Random(12), us = Random(8), points = Random(12);

        var (value, dpositions, dus, dpoints) = gradient(positions, us, triangles, correspondences, points);
        double[] tp = Random(12), tu = Random(8), tq = Random(12);
        var (pushValue, derivative) = pushforward(positions, us, triangles, correspondences, points, tp, tu, tq);
        double expected = f(positions, us, triangles, correspondences, points);
        Assert.Equal(expected, value);
        Assert.Equal(expected, pushValue);

        const double h = 1e-6;
        foreach (var (x, dx) in new[] { (positions, dpositions), (us, dus), (points, dpoints) })
        {
            for (int i = 0; i < x.Length; i++)
            {
                double keep = x[i];
                x[i] = keep + h;
                double fp = f(positions, us, triangles, correspondences, points);
                x[i] = keep - h;
                double fm = f(positions, us, triangles, correspondences, points);
                x[i] = keep;
                double fd = (fp - fm) / (2 * h);
                Assert.True(Math.Abs(fd - dx[i]) <= 1e-6 * (1 + Math.Abs(fd)), $"[{i}]: finite differences {fd}, gradient {dx[i]}");
            }
        }
        double dot = dpositions.Zip(tp, (a, b) => a * b).Sum() + dus.Zip(tu, (a, b) => a * b).Sum() + dpoints.Zip(tq, (a, b) => a * b).Sum();
        Assert.True(Math.Abs(dot - derivative) <= 1e-10 * (1 + Math.Abs(dot)), $"pushforward {derivative}, ⟨gradient, t⟩ {dot}");
    }
}
