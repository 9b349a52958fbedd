using SourceAD.Generators.Tests.Support;
using Xunit;

namespace SourceAD.Generators.Tests;

/// <summary>
/// Second-order members of a void method that writes its scalar result into a one-entry output (GradBench gap G17,
/// kmeans's <c>void objective(…, T* err)</c>, <c>*err = cost</c>): <c>FHessianVectorProduct</c> and <c>FHessian</c>
/// are generated as for a method returning the value, through the dual pullback seeded at that one entry. Checked
/// against a closed-form Hessian, against the same generated members of a twin that returns the value, against central
/// differences of the generated gradient, with the value oracle (the output entry and Value equal the user's method's,
/// bit for bit); an output of another length is an ArgumentException, and methods with two outputs entries or an in-out
/// output get no second-order members.
/// </summary>
public class OneOutputHessianTests
{
    private const string Source = """
        using System;
        using SourceAD;

        public static partial class Costs
        {
            [Differentiable]
            public static void Smooth(double x, double y, double[] a, Span<double> @out)
            {
                double s = x * x * y + Math.Sin(x) * y * y * y;
                for (int i = 0; i < a.Length; i++) s += a[i] * a[i] * Math.Exp(x * a[i]);
                @out[0] = s;
            }

            [Differentiable]
            public static double SmoothValue(double x, double y, double[] a)
            {
                double s = x * x * y + Math.Sin(x) * y * y * y;
                for (int i = 0; i < a.Length; i++) s += a[i] * a[i] * Math.Exp(x * a[i]);
                return s;
            }

            // GradBench kmeans's objective, as in C++.
            [Differentiable]
            public static void Kmeans(int n, int k, int d, [NoDerivative] ReadOnlySpan<double> points, ReadOnlySpan<double> centroids, Span<double> err)
            {
                double cost = 0;
                for (int i = 0; i < n; i++)
                {
                    double closest = double.PositiveInfinity;
                    for (int j = 0; j < k; j++)
                    {
                        double dist = 0;
                        for (int c = 0; c < d; c++) dist += (points[i * d + c] - centroids[j * d + c]) * (points[i * d + c] - centroids[j * d + c]);
                        closest = Math.Min(closest, dist);
                    }
                    cost += closest;
                }
                err[0] = cost;
            }

            [Differentiable]
            public static void Two(double x, Span<double> r)
            {
                r[0] = x * x;
                r[1] = x * x * x;
            }

            [Differentiable]
            public static void Accumulates(double x, Span<double> r)
            {
                r[0] += x * x;
            }
        }
        """;

    private static readonly Lazy<Type> Costs = new(() => GeneratorHarness.Load(Source).GetType("Costs")!);

    private delegate void Smooth(double x, double y, double[] a, Span<double> o);

    private delegate (double, double, double, double[], double, double, double[]) SmoothHvp(double x, double y, double[] a, Span<double> o, double vx, double vy, ReadOnlySpan<double> va);

    private delegate (double, double, double, double[], double, double, double[]) SmoothValueHvp(double x, double y, double[] a, double vx, double vy, ReadOnlySpan<double> va);

    private delegate double[,] SmoothHessian(double x, double y, double[] a, Span<double> o);

    private delegate void Kmeans(int n, int k, int d, ReadOnlySpan<double> points, ReadOnlySpan<double> centroids, Span<double> err);

    private delegate (double, double[], double[]) KmeansHvp(int n, int k, int d, ReadOnlySpan<double> points, ReadOnlySpan<double> centroids, Span<double> err, ReadOnlySpan<double> v);

    private static T Member<T>(string name) where T : Delegate =>
        Costs.Value.GetMethod(name) is { } m ? m.CreateDelegate<T>() : throw new Xunit.Sdk.XunitException($"'{name}' was not generated");

    private static readonly double[] A = { 0.4, -0.7, 1.1 };
    private const double X = 0.6, Y = -1.3;

    /// <summary>f = x²y + sin(x)y³ + Σ aᵢ² e^{x aᵢ}, its Hessian over (x, y, a) by hand.</summary>
    private static double[,] ClosedFormHessian(double x, double y, double[] a)
    {
        int n = 2 + a.Length;
        var h = new double[n, n];
        h[0, 0] = 2 * y - Math.Sin(x) * y * y * y;
        h[0, 1] = h[1, 0] = 2 * x + 3 * Math.Cos(x) * y * y;
        h[1, 1] = 6 * Math.Sin(x) * y;
        for (int i = 0; i < a.Length; i++)
        {
            double e = Math.Exp(x * a[i]);
            h[0, 0] += a[i] * a[i] * a[i] * a[i] * e;
            h[0, 2 + i] = h[2 + i, 0] = (3 * a[i] * a[i] + x * a[i] * a[i] * a[i]) * e;
            h[2 + i, 2 + i] = (2 + 4 * x * a[i] + x * x * a[i] * a[i]) * e;
        }
        return h;
    }

    [Fact]
    public void HessianMatchesTheClosedFormAndWritesTheOutput()
    {
        double[] o = { double.NaN };
        double[,] h = Member<SmoothHessian>("SmoothHessian")(X, Y, A, o);
        double[,] expected = ClosedFormHessian(X, Y, A);
        Assert.Equal(expected.GetLength(0), h.GetLength(0));
        for (int i = 0; i < h.GetLength(0); i++)
        for (int j = 0; j < h.GetLength(1); j++)
        {
            Assert.True(Math.Abs(h[i, j] - expected[i, j]) <= 1e-12 * (1 + Math.Abs(expected[i, j])), $"H[{i},{j}]: generated {h[i, j]}, closed form {expected[i, j]}");
        }
        double[] plain = new double[1];
        Member<Smooth>("Smooth")(X, Y, A, plain);
        Assert.Equal(plain[0], o[0]);
    }

    [Fact]
    public void HessianVectorProductAgreesWithTheTwinReturningTheValue()
    {
        double[] va = { 0.3, -0.2, 0.9 };
        double[] o = new double[1], plain = new double[1];
        var (value, dx, dy, da, hx, hy, ha) = Member<SmoothHvp>("SmoothHessianVectorProduct")(X, Y, A, o, 0.5, -1.5, va);
        var (tValue, tdx, tdy, tda, thx, thy, tha) = Member<SmoothValueHvp>("SmoothValueHessianVectorProduct")(X, Y, A, 0.5, -1.5, va);
        Member<Smooth>("Smooth")(X, Y, A, plain);
        // The value oracle: what the user's method writes, bit for bit, in Value and in the output.
        Assert.Equal(plain[0], value);
        Assert.Equal(plain[0], o[0]);
        Assert.Equal(tValue, value);
        double[] got = [dx, dy, .. da, hx, hy, .. ha], twin = [tdx, tdy, .. tda, thx, thy, .. tha];
        for (int i = 0; i < got.Length; i++) Assert.True(Math.Abs(got[i] - twin[i]) <= 1e-13 * (1 + Math.Abs(twin[i])), $"entry {i}: {got[i]} against the twin's {twin[i]}");
        // And H·v is the Hessian times v.
        double[,] h = ClosedFormHessian(X, Y, A);
        double[] v = [0.5, -1.5, .. va];
        double[] hv = [hx, hy, .. ha];
        for (int i = 0; i < v.Length; i++)
        {
            double expected = 0;
            for (int j = 0; j < v.Length; j++) expected += h[i, j] * v[j];
            Assert.True(Math.Abs(hv[i] - expected) <= 1e-12 * (1 + Math.Abs(expected)), $"(H·v)[{i}]: generated {hv[i]}, closed form {expected}");
        }
    }

    [Fact]
    public void KmeansHessianVectorProductAgainstDifferencesOfItsGradient()
    {
        const int n = 5, k = 2, d = 2;
        double[] points = { 0.1, 0.3, 1.9, 2.2, 0.4, -0.2, 2.5, 1.7, -0.3, 0.2 };
        double[] centroids = { 0.2, 0.1, 2.0, 2.0 };
        double[] v = { 0.7, -0.4, 1.3, 0.25 };
        var hvp = Member<KmeansHvp>("KmeansHessianVectorProduct");
        double[] err = new double[1], plain = new double[1];
        var (value, gradient, hv) = hvp(n, k, d, points, centroids, err, v);
        Member<Kmeans>("Kmeans")(n, k, d, points, centroids, plain);
        Assert.Equal(plain[0], value);
        Assert.Equal(plain[0], err[0]);
        // The gradient 2·Σ (c − p) over a centroid's points; each centroid coordinate's Hessian entry 2·|cluster|.
        int[] count = new int[k];
        double[] expectedGradient = new double[k * d];
        for (int i = 0; i < n; i++)
        {
            int best = 0;
            double bestDist = double.PositiveInfinity;
            for (int j = 0; j < k; j++)
            {
                double dist = 0;
                for (int c = 0; c < d; c++) dist += (points[i * d + c] - centroids[j * d + c]) * (points[i * d + c] - centroids[j * d + c]);
                if (dist < bestDist) { bestDist = dist; best = j; }
            }
            count[best]++;
            for (int c = 0; c < d; c++) expectedGradient[best * d + c] += 2 * (centroids[best * d + c] - points[i * d + c]);
        }
        for (int j = 0; j < k * d; j++)
        {
            Assert.True(Math.Abs(gradient[j] - expectedGradient[j]) <= 1e-12 * (1 + Math.Abs(expectedGradient[j])), $"gradient {j}: {gradient[j]} against {expectedGradient[j]}");
            Assert.True(Math.Abs(hv[j] - 2 * count[j / d] * v[j]) <= 1e-12, $"(H·v)[{j}]: {hv[j]} against {2 * count[j / d] * v[j]}");
        }
        // Central differences of the generated gradient along v (the cost is quadratic near here: exact up to rounding).
        const double h = 1e-4;
        double[] plus = centroids.Select((c, j) => c + h * v[j]).ToArray(), minus = centroids.Select((c, j) => c - h * v[j]).ToArray();
        double[] gPlus = hvp(n, k, d, points, plus, new double[1], v).Item2, gMinus = hvp(n, k, d, points, minus, new double[1], v).Item2;
        for (int j = 0; j < k * d; j++) FiniteDifference.AssertAgrees((gPlus[j] - gMinus[j]) / (2 * h), hv[j], $"(H·v)[{j}]");
    }

    [Fact]
    public void AnOutputOfAnotherLengthIsRefusedAtRunTime()
    {
        var ex = Assert.Throws<ArgumentException>(() => Member<SmoothHessian>("SmoothHessian")(X, Y, A, new double[2]));
        Assert.Equal("out", ex.ParamName);
        Assert.Contains("must have length 1", ex.Message);
    }

    [Theory]
    [InlineData("TwoHessianVectorProduct")]
    [InlineData("TwoHessian")]
    [InlineData("AccumulatesHessianVectorProduct")]
    [InlineData("AccumulatesHessian")]
    public void TwoEntriesOrAnInOutOutputGetNoSecondOrderMembers(string member)
    {
        Assert.NotNull(Costs.Value.GetMethod(member.Replace("HessianVectorProduct", "").Replace("Hessian", "") + "Pullback"));
        Assert.Null(Costs.Value.GetMethod(member));
    }
}
