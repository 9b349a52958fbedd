// entry: Models.Outer+Losses.Logcosh
// args: new double[] { 0.3, -1.2, 2.0 }, new double[] { 0.0, -1.0, 1.5 }
// expect: works
using System;
using SourceAD;

namespace Models;

public static partial class Outer
{
    public static partial class Losses
    {
        /// <summary>Mean log-cosh loss.</summary>
        [Differentiable]
        public static double Logcosh(double[] predicted, [NoDerivative] double[] actual)
        {
            double s = 0;
            for (int i = 0; i < predicted.Length; i++) s += Math.Log(Math.Cosh(predicted[i] - actual[i]));
            return s / predicted.Length;
        }
    }
}
