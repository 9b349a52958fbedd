// entry: Estimation.Kalman.NegativeLogLikelihood
// args: new double[] { 1.1, 0.9, 1.4, 1.8, 1.7, 2.2, 2.5 }, 0.05, 0.2, 1.0
// expect: works
using System;
using SourceAD;

namespace Estimation;

public struct GaussianState
{
    public double Mean;
    public double Variance;

    public GaussianState(double mean, double variance)
    {
        Mean = mean;
        Variance = variance;
    }
}

public static partial class Kalman
{
    private const double LogTwoPi = 1.8378770664093453;

    /// <summary>Random-walk Kalman filter: the innovations' negative log-likelihood, as used to fit the two noise levels.</summary>
    [Differentiable]
    public static double NegativeLogLikelihood(double[] measurements, double processNoise, double measurementNoise, double initialVariance)
    {
        var state = new GaussianState(measurements[0], initialVariance);
        double nll = 0;
        foreach (double z in measurements)
        {
            // Predict.
            state.Variance += processNoise;
            // Update.
            double s = state.Variance + measurementNoise;
            double innovation = z - state.Mean;
            double gain = state.Variance / s;
            state.Mean += gain * innovation;
            state.Variance *= 1 - gain;
            nll += 0.5 * (LogTwoPi + Math.Log(s) + innovation * innovation / s);
        }
        return nll;
    }
}
