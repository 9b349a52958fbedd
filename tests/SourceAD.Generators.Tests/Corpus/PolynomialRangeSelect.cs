// entry: Fitting.Polynomial.ValueAt
// args: new double[] { 1.0, -0.5, 0.25, 0.1 }, 1.7
// expect: works
// A polynomial as Enumerable.Range(...).Select(...).Sum().
using System;
using System.Linq;
using SourceAD;

namespace Fitting;

public static partial class Polynomial
{
    [Differentiable]
    public static double ValueAt(double[] coefficients, double x) =>
        Enumerable.Range(0, coefficients.Length).Select(k => coefficients[k] * Math.Pow(x, k)).Sum();
}
