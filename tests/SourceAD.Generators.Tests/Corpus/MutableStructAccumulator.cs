// entry: Stats.Running.Variance
// args: new double[] { 1.0, 2.5, 0.7, 4.0, 3.2 }
// expect: works
// A mutable struct with an Add method and computed properties, as a running-statistics accumulator.
using System;
using SourceAD;

namespace Stats;

public struct Accumulator
{
    public int Count;
    public double Sum;
    public double SumSquares;

    public void Add(double v)
    {
        Count++;
        Sum += v;
        SumSquares += v * v;
    }

    public readonly double Mean => Sum / Count;

    public readonly double Variance => SumSquares / Count - Mean * Mean;
}

public static partial class Running
{
    [Differentiable]
    public static double Variance(double[] x)
    {
        var acc = new Accumulator();
        foreach (double v in x) acc.Add(v);
        return acc.Variance;
    }
}
