// entry: Stats.Running.Rms
// args: new double[] { 1.0, -2.0, 0.5, 3.0 }
// expect: refused
// A class instance created and mutated in the method (new Accumulator(); acc.Add(x)): refused (classes are data; gap: mutable class locals).
using System;
using SourceAD;

namespace Stats;

public sealed class Accumulator
{
    public double Sum;
    public int Count;

    public void Add(double x) { Sum += x * x; Count++; }

    public double Rms => Math.Sqrt(Sum / Count);
}

public static partial class Running
{
    /// <summary>An accumulator class instance, created and fed in the method.</summary>
    [Differentiable]
    public static double Rms(double[] xs)
    {
        var acc = new Accumulator();
        foreach (double x in xs) acc.Add(x);
        return acc.Rms;
    }
}
