// entry: Tracking.ConstantVelocity.Nll
// args: new double[] { 0.0, 1.1, 1.9, 3.2, 3.9, 5.1 }, 0.01, 0.25, 1.0
// expect: works
// A constant-velocity Kalman filter with a 2x2 covariance kept as a struct of named entries; negative log-likelihood of the innovations.
using System;
using SourceAD;

namespace Tracking;

public struct Cov2
{
    public double P00, P01, P11;
}

public static partial class ConstantVelocity
{
    /// <summary>Innovation negative log-likelihood of position measurements for process noise q and measurement noise r.</summary>
    [Differentiable]
    public static double Nll(double[] measurements, double q, double r, double dt)
    {
        double pos = measurements[0], vel = 0.0;
        var P = new Cov2 { P00 = 1.0, P01 = 0.0, P11 = 1.0 };
        double nll = 0.0;
        for (int k = 1; k < measurements.Length; k++)
        {
            // Predict.
            pos += dt * vel;
            double p00 = P.P00 + dt * (2 * P.P01 + dt * P.P11) + q * dt * dt * dt / 3;
            double p01 = P.P01 + dt * P.P11 + q * dt * dt / 2;
            double p11 = P.P11 + q * dt;
            // Update.
            double innovation = measurements[k] - pos;
            double s = p00 + r;
            nll += 0.5 * (Math.Log(2 * Math.PI * s) + innovation * innovation / s);
            double k0 = p00 / s, k1 = p01 / s;
            pos += k0 * innovation;
            vel += k1 * innovation;
            P = new Cov2
            {
                P00 = (1 - k0) * p00,
                P01 = (1 - k0) * p01,
                P11 = p11 - k1 * p01,
            };
        }
        return nll;
    }
}
