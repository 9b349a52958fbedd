// entry: Audio.Echo.OutputEnergy
// args: new double[] { 0.0, 1.0, 0.5, -0.3, 0.8, -0.6, 0.2, 0.1 }, 0.45
// expect: works
// An echo effect: the delay line is a Queue<double> pre-filled with silence.
using System;
using System.Collections.Generic;
using SourceAD;

namespace Audio;

public static partial class Echo
{
    [Differentiable]
    public static double OutputEnergy(double[] input, double feedback)
    {
        const int delay = 3;
        var line = new Queue<double>();
        for (int i = 0; i < delay; i++) line.Enqueue(0.0);
        double energy = 0;
        foreach (double s in input)
        {
            double delayed = line.Dequeue();
            double y = s + feedback * delayed;
            line.Enqueue(y);
            energy += y * y;
        }
        return energy;
    }
}
