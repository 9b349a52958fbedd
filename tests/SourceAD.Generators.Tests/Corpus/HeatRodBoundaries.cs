// entry: Thermal.Rod.HeatContent
// args: new double[] { 20, 22, 25, 27, 26, 24, 21, 20 }, 80.0, 0.4
// expect: works
// Explicit 1-D heat equation: a fixed temperature at the left end, an insulated right end, 50 steps.
using System;
using SourceAD;

namespace Thermal;

public static partial class Rod
{
    [Differentiable]
    public static double HeatContent(double[] initial, double leftTemp, double alpha)
    {
        int n = initial.Length;
        double[] u = new double[n];
        double[] next = new double[n];
        Array.Copy(initial, u, n);
        for (int step = 0; step < 50; step++)
        {
            u[0] = leftTemp;
            for (int i = 1; i < n - 1; i++)
                next[i] = u[i] + alpha * (u[i - 1] - 2 * u[i] + u[i + 1]);
            next[0] = leftTemp;
            next[n - 1] = next[n - 2]; // insulated: zero gradient
            Array.Copy(next, u, n);
        }
        double total = 0;
        for (int i = 0; i < n; i++) total += u[i];
        return total / n;
    }
}
