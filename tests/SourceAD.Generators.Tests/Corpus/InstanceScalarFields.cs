// entry: Physics.Thermistor.Resistance
// args: 310.0, 3950.0
// receiver: new Physics.Thermistor { NominalOhms = 10000, NominalKelvin = 298.15 }
// expect: works
using System;
using SourceAD;

namespace Physics;

/// <summary>NTC thermistor with the beta-parameter model.</summary>
public partial class Thermistor
{
    public double NominalOhms { get; set; }
    public double NominalKelvin { get; set; }
    private double _selfHeating = 0.002;

    [Differentiable]
    public double Resistance(double kelvin, double beta)
    {
        double t = kelvin + _selfHeating * NominalOhms / 1000;
        return NominalOhms * Math.Exp(beta * (1 / t - 1 / NominalKelvin));
    }
}
