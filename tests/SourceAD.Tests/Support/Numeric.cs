namespace SourceAD.Tests.Support;

/// <summary>Independent checks for derivatives: central finite differences and tolerances.</summary>
public static class Numeric
{
    /// <summary>Central-difference gradient of <paramref name="f"/> at <paramref name="x"/>, step scaled to each coordinate.</summary>
    public static double[] Gradient(Func<double[], double> f, double[] x, double h = 1e-6)
    {
        var g = new double[x.Length];
        for (int i = 0; i < x.Length; i++)
        {
            double step = h * Math.Max(1, Math.Abs(x[i]));
            var plus = (double[])x.Clone();
            var minus = (double[])x.Clone();
            plus[i] += step;
            minus[i] -= step;
            g[i] = (f(plus) - f(minus)) / (2 * step);
        }
        return g;
    }

    public static void Close(double expected, double actual, double relative = 1e-6, double absolute = 1e-8, string? what = null)
    {
        double tol = absolute + relative * Math.Max(Math.Abs(expected), Math.Abs(actual));
        if (!(Math.Abs(expected - actual) <= tol))
        {
            throw new Xunit.Sdk.XunitException($"{what ?? "value"}: expected {expected:R}, got {actual:R} (|Δ| = {Math.Abs(expected - actual):E3} > {tol:E3})");
        }
    }

    public static void Close(double[] expected, double[] actual, double relative = 1e-6, double absolute = 1e-8, string? what = null)
    {
        Xunit.Assert.Equal(expected.Length, actual.Length);
        for (int i = 0; i < expected.Length; i++) Close(expected[i], actual[i], relative, absolute, $"{what ?? "component"}[{i}]");
    }

    public static double[] Random(Random rng, int n, double scale = 1) => Enumerable.Range(0, n).Select(_ => scale * (2 * rng.NextDouble() - 1)).ToArray();

    public static double Dot(ReadOnlySpan<double> a, ReadOnlySpan<double> b)
    {
        double s = 0;
        for (int i = 0; i < a.Length; i++) s += a[i] * b[i];
        return s;
    }
}
