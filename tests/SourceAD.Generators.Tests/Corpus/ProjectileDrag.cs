// entry: Ballistics.Projectile.Range
// args: 30.0, 0.7, 0.02
// expect: works
using System;
using SourceAD;

namespace Ballistics;

public static partial class Projectile
{
    private const double Gravity = 9.81;
    private const double Dt = 0.01;

    /// <summary>Horizontal distance travelled by a projectile with quadratic air drag, explicit Euler steps.</summary>
    [Differentiable]
    public static double Range(double speed, double angle, double dragCoefficient)
    {
        double x = 0, y = 0;
        double vx = speed * Math.Cos(angle);
        double vy = speed * Math.Sin(angle);
        double prevX = 0, prevY = 0;
        int steps = 0;
        while (y >= 0 && steps < 100000)
        {
            prevX = x;
            prevY = y;
            double v = Math.Sqrt(vx * vx + vy * vy);
            double ax = -dragCoefficient * v * vx;
            double ay = -Gravity - dragCoefficient * v * vy;
            x += vx * Dt;
            y += vy * Dt;
            vx += ax * Dt;
            vy += ay * Dt;
            steps++;
        }
        // Interpolate where the trajectory crossed y = 0.
        double t = prevY / (prevY - y);
        return prevX + t * (x - prevX);
    }
}
