// entry: Series.Smoothing.MovingAverageEnergy
// args: new double[] { 1.0, 2.0, 0.5, 3.0, 2.5, 1.5 }, 3
// expect: works
// A moving average kept with a Queue<double>: Enqueue each value, Dequeue once the window is full.
using System;
using System.Collections.Generic;
using SourceAD;

namespace Series;

public static partial class Smoothing
{
    [Differentiable]
    public static double MovingAverageEnergy(double[] x, int k)
    {
        var window = new Queue<double>();
        double sum = 0, energy = 0;
        foreach (double v in x)
        {
            window.Enqueue(v);
            sum += v;
            if (window.Count > k) sum -= window.Dequeue();
            double avg = sum / window.Count;
            energy += avg * avg;
        }
        return energy;
    }
}
