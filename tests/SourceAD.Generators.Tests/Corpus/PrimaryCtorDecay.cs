// entry: Pharma.DecayModel.Loss
// args: 5.0, 0.3, new double[] { 0.0, 1.0, 2.0, 4.0, 8.0 }, new double[] { 5.2, 4.4, 3.6, 2.7, 1.4 }
// receiver: new Pharma.DecayModel(3.5, 0.1)
// expect: works
// A C# 12 primary-constructor class: the half-life and baseline are constructor parameters captured by the members,
// with expression-bodied helpers and a static lambda for the squared error.
using System;
using SourceAD;

namespace Pharma;

public partial class DecayModel(double halfLife, double baseline)
{
    private double Rate => Math.Log(2.0) / halfLife;

    public double Concentration(double dose, double absorption, double t) =>
        baseline + dose * (1 - Math.Exp(-absorption * (t + 1))) * Math.Exp(-Rate * t);

    /// <summary>Sum of squared errors of the one-compartment curve against measured concentrations.</summary>
    [Differentiable]
    public double Loss(double dose, double absorption, double[] times, double[] measured)
    {
        Func<double, double> square = static e => e * e;
        double loss = 0;
        for (int i = 0; i < times.Length; i++)
            loss += square(Concentration(dose, absorption, times[i]) - measured[i]);
        return loss;
    }
}
