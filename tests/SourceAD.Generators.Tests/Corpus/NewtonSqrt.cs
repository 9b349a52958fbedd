// entry: Roots.Newton.Sqrt
// args: 7.3
// closed-form: ExpectedGradient
// expect: works
using System;
using SourceAD;

namespace Roots;

public static partial class Newton
{
    /// <summary>Square root by Newton's method from a crude start.</summary>
    [Differentiable]
    public static double Sqrt(double a)
    {
        if (a <= 0) return 0;
        double x = a > 1 ? a : 1;
        int iterations = 0;
        while (iterations < 50)
        {
            double next = 0.5 * (x + a / x);
            if (Math.Abs(next - x) < 1e-15 * next) { x = next; break; }
            x = next;
            iterations++;
        }
        return x;
    }

    public static double[] ExpectedGradient(double a) => new[] { 0.5 / Math.Sqrt(a) };
}
