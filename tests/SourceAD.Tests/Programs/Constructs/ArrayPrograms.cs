namespace SourceAD.Tests.Programs.Constructs;

/// <summary>Array initializers, collection expressions, stackalloc, foreach over them, a static readonly table, LINQ aggregates.</summary>
public static partial class ArrayPrograms
{
    private static readonly double[] ErfCoefficients = { 0.254829592, -0.284496736, 1.421413741, -1.453152027, 1.061405429 };

    /// <summary>Abramowitz–Stegun 7.1.26, reading its coefficients from a static readonly table.</summary>
    [Differentiable]
    private static double Erf(double x)
    {
        double sign = x < 0 ? -1 : 1;
        x = Math.Abs(x);
        double t = 1 / (1 + 0.3275911 * x);
        double poly = 0;
        for (int i = ErfCoefficients.Length - 1; i >= 0; i--) poly = poly * t + ErfCoefficients[i];
        return sign * (1 - poly * t * Math.Exp(-x * x));
    }

    [Differentiable]
    private static double NormalCdf(double z) => 0.5 * (1 + Erf(z / Math.Sqrt(2)));

    /// <summary>Black–Scholes call price with the private erf helper.</summary>
    [Differentiable]
    public static double CallPrice(double spot, double vol)
    {
        double strike = 100, rate = 0.02, time = 0.75;
        double d1 = (Math.Log(spot / strike) + (rate + vol * vol / 2) * time) / (vol * Math.Sqrt(time));
        double d2 = d1 - vol * Math.Sqrt(time);
        return spot * NormalCdf(d1) - strike * Math.Exp(-rate * time) * NormalCdf(d2);
    }

    [Differentiable]
    public static double Values(double x, double y)
    {
        double[] w = { 1.5, -2, x };
        var v = new[] { x * y, y };
        double[] c = [x, 2 * y, 3];
        Span<double> scratch = stackalloc double[3];
        for (int i = 0; i < 3; i++) scratch[i] = w[i] * c[i];
        double s = 0;
        foreach (double e in scratch) s += e;
        foreach (double e in v) s += e * e;
        foreach (double e in new[] { x, y }) s += Math.Sin(e);
        foreach (double e in ErfCoefficients) s += e * x;
        return s;
    }

    [Differentiable]
    public static double Aggregates(double[] x) => x.Sum() * x.Average() + x.Max() - 2 * x.Min();

    [Differentiable]
    public static double Effects(double[] a)
    {
        var minor = new double[a.Length];
        int k = 0;
        for (int i = 0; i < a.Length; i++)
        {
            if (i % 2 == 0) minor[k++] = a[i];
        }
        double x, y;
        x = y = a[0];
        int it = 0;
        double s = 0;
        while (it++ < 3) s += minor[it] * x + y;
        return s + minor[0] * ++k;
    }
}
