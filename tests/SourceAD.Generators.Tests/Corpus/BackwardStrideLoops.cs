// entry: Series.Horner.Alternating
// args: new double[] { 1.0, -0.5, 0.25, 0.8, -0.3, 0.6, 0.1 }, 0.7
// expect: works
using System;
using SourceAD;

namespace Series;

public static partial class Horner
{
    /// <summary>Horner's rule over the even coefficients, walking backwards with a stride of two, then the odd ones.</summary>
    [Differentiable]
    public static double Alternating(double[] c, double x)
    {
        double even = 0;
        int last = c.Length - 1 - (c.Length - 1) % 2;
        for (int i = last; i >= 0; i -= 2) even = even * x * x + c[i];
        double odd = 0;
        int j = 1;
        while (j < c.Length)
        {
            odd += c[j] * Math.Pow(x, j);
            j += 2;
        }
        return even - odd;
    }
}
