// entry: Epidemiology.Sir.PeakInfected
// args: 0.35, 0.1, 0.001
// expect: works
// An SIR epidemic as a record struct state, stepped with `with` by forward Euler day by day until day 60.
using System;
using SourceAD;

namespace Epidemiology;

public readonly record struct State(double S, double I, double R);

public static partial class Sir
{
    [Differentiable]
    public static double PeakInfected(double beta, double gamma, double seedFraction)
    {
        var state = new State(1 - seedFraction, seedFraction, 0);
        double peak = state.I;
        double day = 0, dt = 0.5;
        while (day < 60)
        {
            double infections = beta * state.S * state.I * dt;
            double recoveries = gamma * state.I * dt;
            state = state with { S = state.S - infections, I = state.I + infections - recoveries, R = state.R + recoveries };
            peak = Math.Max(peak, state.I);
            day += dt;
        }
        return peak;
    }
}
