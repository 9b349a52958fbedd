namespace SourceAD.GradBench.Tests;

/// <summary>Central finite differences of a vector function along a direction.</summary>
internal static class FiniteDifferences
{
    /// <summary>(f(x + h·v) − f(x − h·v)) / 2h, f writing its outputs into the span it is given.</summary>
    public static double[] Directional(Action<double[], double[]> f, double[] x, double[] v, int outputs, double h = 1e-6)
    {
        var xp = new double[x.Length];
        var xm = new double[x.Length];
        for (int i = 0; i < x.Length; i++)
        {
            xp[i] = x[i] + h * v[i];
            xm[i] = x[i] - h * v[i];
        }
        var yp = new double[outputs];
        var ym = new double[outputs];
        f(xp, yp);
        f(xm, ym);
        var d = new double[outputs];
        for (int i = 0; i < outputs; i++) d[i] = (yp[i] - ym[i]) / (2 * h);
        return d;
    }

    /// <summary>GradBench's comparison: |x − y| / max(1, |x| + |y|).</summary>
    public static double Difference(double x, double y) => Math.Abs(x - y) / Math.Max(1, Math.Abs(x) + Math.Abs(y));
}
