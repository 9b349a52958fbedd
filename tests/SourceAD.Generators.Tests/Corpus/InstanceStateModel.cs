// entry: Models.Ar2.Loss
// args: new double[] { 0.6, -0.2 }, new double[] { 1.0, 0.8, 0.3, -0.1, -0.4, -0.3, 0.05 }
// receiver: new Models.Ar2()
// expect: works
// A class with readonly configuration fields set by its constructor and a [Differentiable] instance method over them.
using System;
using SourceAD;

namespace Models;

public partial class Ar2
{
    private readonly int _warmup;
    private readonly double _decay;

    public Ar2() : this(2, 0.97) { }

    public Ar2(int warmup, double decay)
    {
        _warmup = warmup;
        _decay = decay;
    }

    /// <summary>Exponentially weighted squared one-step error of an AR(2) predictor.</summary>
    [Differentiable]
    public double Loss(double[] phi, double[] series)
    {
        double loss = 0, weight = 1;
        for (int t = _warmup; t < series.Length; t++)
        {
            double predicted = phi[0] * series[t - 1] + phi[1] * series[t - 2];
            double error = series[t] - predicted;
            loss += weight * error * error;
            weight *= _decay;
        }
        return loss;
    }
}
