using System;
using SourceAD;

namespace Natural.Physics;

public readonly record struct Vec2(double X, double Y)
{
    public static Vec2 operator +(Vec2 a, Vec2 b) => new(a.X + b.X, a.Y + b.Y);
    public double Length => Math.Sqrt(X * X + Y * Y);
}

public static partial class Springs
{
    public const double Gravity = 9.81;
    public static double Stiffness => 120.0;

    /// <summary>Potential energy of a chain of springs hanging under gravity.</summary>
    [Differentiable]
    public static double ChainEnergy(double[] x, double[] y, [NoDerivative] double[] mass, double rest)
    {
        double energy = 0;
        for (int i = 0; i + 1 < x.Length; i++)
        {
            double dx = x[i + 1] - x[i], dy = y[i + 1] - y[i];
            double stretch = Math.Sqrt(dx * dx + dy * dy) - rest;
            energy += 0.5 * Stiffness * stretch * stretch;
        }
        for (int i = 0; i < y.Length; i++) energy += mass[i] * Gravity * y[i];
        return energy;
    }

    [Differentiable]
    public static double Projectile(double speed, double angle, double drag)
    {
        double vx = speed * Math.Cos(angle), vy = speed * Math.Sin(angle);
        double px = 0, py = 0, dt = 0.01;
        int steps = 0;
        while (py >= 0 && steps < 10000)
        {
            double v = Math.Sqrt(vx * vx + vy * vy);
            vx -= drag * v * vx * dt;
            vy -= (Gravity + drag * v * vy) * dt;
            px += vx * dt;
            py += vy * dt;
            steps++;
        }
        return px;
    }

    [Differentiable]
    public static double Distance(Vec2 a, Vec2 b) => (a + b).Length;
}
