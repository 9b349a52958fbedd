// entry: Tracking.ConstantVelocityKalman.NegLogLikelihood
// args: new double[] { 0.1, 0.35, 0.62, 0.98, 1.21, 1.57 }, 0.05, 0.2
// expect: refused
// Matrix helpers returning fresh double[,] arrays and array locals reassigned each step are refused with the rewrite to allocate once and write elements.
// A constant-velocity Kalman filter with the 2x2 matrices as double[,] and small matrix helpers; position measured.
using System;
using SourceAD;

namespace Tracking;

public static partial class ConstantVelocityKalman
{
    private static double[,] Multiply(double[,] a, double[,] b)
    {
        var c = new double[2, 2];
        for (int i = 0; i < 2; i++)
            for (int j = 0; j < 2; j++)
                c[i, j] = a[i, 0] * b[0, j] + a[i, 1] * b[1, j];
        return c;
    }

    private static double[,] Transpose(double[,] a) => new double[,] { { a[0, 0], a[1, 0] }, { a[0, 1], a[1, 1] } };

    [Differentiable]
    public static double NegLogLikelihood(double[] z, double q, double r)
    {
        const double dt = 0.25;
        var F = new double[,] { { 1, dt }, { 0, 1 } };
        var Q = new double[,] { { q * dt * dt * dt / 3, q * dt * dt / 2 }, { q * dt * dt / 2, q * dt } };
        double[] x = { z[0], 0.0 };
        var P = new double[,] { { 1, 0 }, { 0, 1 } };
        double nll = 0;

        for (int k = 1; k < z.Length; k++)
        {
            // predict
            x = new[] { x[0] + dt * x[1], x[1] };
            var FP = Multiply(F, P);
            var Pp = Multiply(FP, Transpose(F));
            for (int i = 0; i < 2; i++)
                for (int j = 0; j < 2; j++)
                    Pp[i, j] += Q[i, j];

            // update with H = [1 0]
            double innovation = z[k] - x[0];
            double S = Pp[0, 0] + r;
            double k0 = Pp[0, 0] / S, k1 = Pp[1, 0] / S;
            x[0] += k0 * innovation;
            x[1] += k1 * innovation;
            P = new double[,]
            {
                { (1 - k0) * Pp[0, 0], (1 - k0) * Pp[0, 1] },
                { Pp[1, 0] - k1 * Pp[0, 0], Pp[1, 1] - k1 * Pp[0, 1] },
            };
            nll += 0.5 * (Math.Log(2 * Math.PI * S) + innovation * innovation / S);
        }
        return nll;
    }
}
