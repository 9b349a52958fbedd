// entry: Control.Pid.TrackingCost
// args: 1.2, 0.4, 0.05
// receiver: new Control.Pid(0.02, 150)
// expect: works
using SourceAD;

namespace Control;

/// <summary>Discrete PID loop on a first-order plant; the cost of tracking a unit step.</summary>
public partial class Pid
{
    private readonly double _dt;
    private readonly int _steps;

    public Pid(double dt, int steps)
    {
        _dt = dt;
        _steps = steps;
    }

    [Differentiable]
    private double PlantStep(double y, double u) => y + _dt * (-y + u);

    [Differentiable]
    public double TrackingCost(double kp, double ki, double kd)
    {
        double y = 0, integral = 0, previousError = 1, cost = 0;
        for (int k = 0; k < _steps; k++)
        {
            double error = 1 - y;
            integral += error * _dt;
            double derivative = (error - previousError) / _dt;
            double u = kp * error + ki * integral + kd * derivative;
            y = PlantStep(y, u);
            previousError = error;
            cost += error * error * _dt;
        }
        return cost;
    }
}
