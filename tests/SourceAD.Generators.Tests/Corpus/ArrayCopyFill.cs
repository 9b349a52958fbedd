// entry: Numerics.Smoothing.Relax
// args: new double[] { 0.0, 1.0, 0.5, 2.0, 1.5, 3.0 }, 0.25
// expect: works
using System;
using SourceAD;

namespace Numerics;

public static partial class Smoothing
{
    /// <summary>Three Jacobi smoothing sweeps with fixed end points; returns the interior energy.</summary>
    [Differentiable]
    public static double Relax(double[] values, double weight)
    {
        int n = values.Length;
        double[] current = new double[n];
        double[] next = new double[n];
        Array.Copy(values, current, n);
        for (int sweep = 0; sweep < 3; sweep++)
        {
            Array.Fill(next, 0.0);
            next[0] = current[0];
            next[n - 1] = current[n - 1];
            for (int i = 1; i < n - 1; i++)
            {
                next[i] = (1 - weight) * current[i] + weight * 0.5 * (current[i - 1] + current[i + 1]);
            }
            next.CopyTo(current, 0);
        }
        double e = 0;
        for (int i = 1; i < n; i++) e += (current[i] - current[i - 1]) * (current[i] - current[i - 1]);
        return e;
    }
}
