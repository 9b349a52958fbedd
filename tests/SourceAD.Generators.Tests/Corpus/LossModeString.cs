// entry: ML.Losses.Evaluate
// args: new double[] { 0.2, 1.4, -0.3, 2.2, 0.9 }, new double[] { 0.0, 1.0, 0.5, 1.0, 1.1 }, "Huber", 0.5
// expect: works
// mode.ToLowerInvariant() is a passive call on a string (MethodLowering.StringCalls.cs, StringCallTests; was refused
// as a call on another object).
// The loss picked by a string option, case-insensitively, the way a config file or command line passes it.
using System;
using SourceAD;

namespace ML;

public static partial class Losses
{
    /// <summary>Mean loss between predictions and targets; mode is "mse", "mae", "huber" or "logcosh".</summary>
    [Differentiable]
    public static double Evaluate(double[] predicted, double[] target, string mode = "mse", double delta = 1.0)
    {
        if (predicted.Length != target.Length)
            throw new ArgumentException("length mismatch", nameof(target));

        double total = 0;
        for (int i = 0; i < predicted.Length; i++)
        {
            double r = predicted[i] - target[i];
            switch (mode.ToLowerInvariant())
            {
                case "mse":
                    total += r * r;
                    break;
                case "mae":
                    total += Math.Abs(r);
                    break;
                case "huber":
                    total += Math.Abs(r) <= delta ? 0.5 * r * r : delta * (Math.Abs(r) - 0.5 * delta);
                    break;
                case "logcosh":
                    total += Math.Log(Math.Cosh(r));
                    break;
                default:
                    throw new ArgumentException($"unknown loss '{mode}'", nameof(mode));
            }
        }
        return total / predicted.Length;
    }
}
