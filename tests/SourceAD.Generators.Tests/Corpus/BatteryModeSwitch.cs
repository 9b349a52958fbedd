// entry: Energy.Battery.FinalCharge
// args: new double[] { 2.0, -1.5, 3.0, 0.2, -4.0, 1.0 }, 0.95, 10.0
// expect: works
// Coulomb counting for a battery: the mode (charge, idle, discharge) chosen per step by a switch on an enum.
using System;
using SourceAD;

namespace Energy;

public enum Mode { Charging, Idle, Discharging }

public static partial class Battery
{
    private static Mode ModeOf(double current) => current > 0 ? Mode.Charging : current < 0 ? Mode.Discharging : Mode.Idle;

    [Differentiable]
    public static double FinalCharge(double[] currents, double efficiency, double capacity)
    {
        double soc = 0.5;
        foreach (double i in currents)
        {
            double delta = ModeOf(i) switch
            {
                Mode.Charging => efficiency * i,
                Mode.Discharging => i / efficiency,
                _ => -0.001 * capacity,
            };
            soc = Math.Clamp(soc + delta / capacity, 0.0, 1.0);
        }
        return soc;
    }
}
