// entry: Signal.Energy.Windowed
// args: new double[] { 0.5, -1.0, 2.0, 0.25, -0.75, 1.5 }, 0.3
// expect: works
// A local List<double> filled with Add and summed with LINQ (was refused at the allocation; MethodLowering.ListLocals.cs).
using System;
using System.Collections.Generic;
using System.Linq;
using SourceAD;

namespace Signal;

public static partial class Energy
{
    /// <summary>Collects per-sample terms in a List, then sums them with LINQ.</summary>
    [Differentiable]
    public static double Windowed(double[] samples, double alpha)
    {
        var terms = new List<double>();
        for (int i = 0; i < samples.Length; i++)
        {
            double w = 0.5 - 0.5 * Math.Cos(2 * Math.PI * i / (samples.Length - 1));
            terms.Add(w * samples[i] * samples[i] * Math.Exp(-alpha * i));
        }
        return terms.Sum();
    }
}
