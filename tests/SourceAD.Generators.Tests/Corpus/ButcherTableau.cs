// entry: Ode.Rk.Heun3Step
// args: 1.2, 0.35, 0.1
// expect: works
using System;
using SourceAD;

namespace Ode;

public static partial class Rk
{
    private static readonly double[,] A = { { 0, 0, 0 }, { 1.0 / 3, 0, 0 }, { 0, 2.0 / 3, 0 } };
    private static readonly double[] B = { 0.25, 0, 0.75 };
    private static readonly double[] C = { 0, 1.0 / 3, 2.0 / 3 };

    private static double F(double t, double y, double k) => -k * y + Math.Sin(t);

    /// <summary>Three steps of Heun's third-order method from a Butcher tableau held in static fields.</summary>
    [Differentiable]
    public static double Heun3Step(double y0, double k, double h)
    {
        double y = y0, t = 0;
        Span<double> stages = stackalloc double[3];
        for (int step = 0; step < 3; step++)
        {
            for (int s = 0; s < 3; s++)
            {
                double ys = y;
                for (int j = 0; j < s; j++) ys += h * A[s, j] * stages[j];
                stages[s] = F(t + C[s] * h, ys, k);
            }
            for (int s = 0; s < 3; s++) y += h * B[s] * stages[s];
            t += h;
        }
        return y;
    }
}
