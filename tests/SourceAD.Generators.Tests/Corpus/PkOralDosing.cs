// entry: Pharma.OneCompartment.Auc
// args: 1.2, 0.15, 20.0, 100.0, 0.05, 600, 120
// expect: works
// Round 20. One-compartment oral-absorption pharmacokinetics by explicit Euler steps, a repeated dose added to the gut
// every `doseEvery` steps (tested by %), state in a mutable struct; returns the trapezoid AUC of the concentration.
using System;
using SourceAD;

namespace Pharma;

public struct Compartments
{
    public double Gut;
    public double Central;
}

public static partial class OneCompartment
{
    [Differentiable]
    public static double Auc(double ka, double ke, double volume, double dose, double dt, [NoDerivative] int steps, [NoDerivative] int doseEvery)
    {
        var state = new Compartments { Gut = 0.0, Central = 0.0 };
        double auc = 0.0;
        double prevConc = 0.0;
        for (int n = 0; n < steps; n++)
        {
            if (n % doseEvery == 0) state.Gut += dose;
            double absorbed = ka * state.Gut;
            double eliminated = ke * state.Central;
            state.Gut -= dt * absorbed;
            state.Central += dt * (absorbed - eliminated);
            double conc = state.Central / volume;
            auc += 0.5 * dt * (conc + prevConc);
            prevConc = conc;
        }
        return auc;
    }
}
