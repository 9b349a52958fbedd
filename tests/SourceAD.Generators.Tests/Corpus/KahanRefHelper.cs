// entry: Numerics.StableSums.SumOfSquares
// args: new double[] { 1e8, 0.5, -1e8, 0.25, 3.0 }
// expect: works
using System;
using SourceAD;

namespace Numerics;

public static partial class StableSums
{
    /// <summary>One step of Kahan summation, written the usual way: the running sum and its compensation by ref.</summary>
    [Differentiable]
    private static void KahanAdd(ref double sum, ref double compensation, double value)
    {
        double y = value - compensation;
        double t = sum + y;
        compensation = (t - sum) - y;
        sum = t;
    }

    [Differentiable]
    public static double SumOfSquares(double[] xs)
    {
        double sum = 0, compensation = 0;
        foreach (double x in xs)
            KahanAdd(ref sum, ref compensation, x * x * 1e-16);
        return sum;
    }
}
