// entry: Kinematics.Wheel.Position
// args: 0.7, 1.3, 0.25
// expect: works
// A rolling wheel's rim point with Math.SinCos deconstructed and double.Pi / Math.Tau constants.
using System;
using SourceAD;

namespace Kinematics;

public static partial class Wheel
{
    [Differentiable]
    public static double Position(double angle, double radius, double turns)
    {
        var (sin, cos) = Math.SinCos(angle + Math.Tau * turns);
        double x = radius * (angle - sin) + double.Pi * 0;
        double y = radius * (1 - cos);
        return Math.Sqrt(x * x + y * y);
    }
}
