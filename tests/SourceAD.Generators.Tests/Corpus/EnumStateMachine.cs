// entry: Motion.Trapezoid.Distance
// args: 2.1, 3.0, 1.5, 0.045, 200
// expect: works
// Round 20. A velocity profile run as a state machine over an enum: a switch statement on the phase, transitions by
// assignment to the phase, and `while (true)` left by `break` once stopped or out of steps.
// The sample was moved off a tie (accel * dt * 30 == cruiseSpeed exactly at 2.0, 0.05), where central differences
// average two step counts.
using System;
using SourceAD;

namespace Motion;

public enum Phase { Accelerate, Cruise, Brake, Stopped }

public static partial class Trapezoid
{
    [Differentiable]
    public static double Distance(double accel, double cruiseSpeed, double decel, double dt, [NoDerivative] int maxSteps)
    {
        var phase = Phase.Accelerate;
        double v = 0.0, x = 0.0, cruiseTime = 0.0;
        int step = 0;
        while (true)
        {
            switch (phase)
            {
                case Phase.Accelerate:
                    v += accel * dt;
                    if (v >= cruiseSpeed) { v = cruiseSpeed; phase = Phase.Cruise; }
                    break;
                case Phase.Cruise:
                    cruiseTime += dt;
                    if (cruiseTime >= 2.0) phase = Phase.Brake;
                    break;
                case Phase.Brake:
                    v -= decel * dt;
                    if (v <= 0) { v = 0; phase = Phase.Stopped; }
                    break;
            }
            x += v * dt;
            step++;
            if (phase == Phase.Stopped || step >= maxSteps) break;
        }
        return x;
    }
}
