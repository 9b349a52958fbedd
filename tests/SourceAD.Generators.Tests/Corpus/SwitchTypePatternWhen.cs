// entry: Control.Actuator.Command
// args: new double[] { -2.5, -0.2, 0.4, 1.7, 3.2 }, 1.5
// expect: works
// Round 20, second batch. A switch statement with declaration patterns and guards (case var e when e > limit:) and
// relational case labels (case < 0:), as a saturating controller is often written.
using System;
using SourceAD;

namespace Control;

public static partial class Actuator
{
    [Differentiable]
    public static double Command(double[] errors, double limit)
    {
        double total = 0.0;
        foreach (double error in errors)
        {
            double u;
            switch (error)
            {
                case var e when e > limit:
                    u = limit + 0.1 * (e - limit);
                    break;
                case < 0:
                    u = 0.5 * error;
                    break;
                default:
                    u = error;
                    break;
            }
            total += u * u;
        }
        return total;
    }
}
