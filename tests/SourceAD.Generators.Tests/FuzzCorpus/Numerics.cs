using System;
using System.Linq;
using SourceAD;

namespace Natural.Numerics;

public partial class Integrators
{
    private readonly double _damping;

    public Integrators(double damping) => _damping = damping;

    [Differentiable]
    public double Rk4(double y0, double k, int steps, double h)
    {
        double y = y0;
        for (int i = 0; i < steps; i++)
        {
            double k1 = -k * y - _damping * y * y * y;
            double k2 = -k * (y + 0.5 * h * k1) - _damping * Math.Pow(y + 0.5 * h * k1, 3);
            double k3 = -k * (y + 0.5 * h * k2) - _damping * Math.Pow(y + 0.5 * h * k2, 3);
            double k4 = -k * (y + h * k3) - _damping * Math.Pow(y + h * k3, 3);
            y += h / 6 * (k1 + 2 * k2 + 2 * k3 + k4);
        }
        return y;
    }

    [Differentiable]
    public static double Interpolate(double[] xs, double[] ys, double x)
    {
        int lo = 0, hi = xs.Length - 1;
        while (hi - lo > 1)
        {
            int mid = (lo + hi) / 2;
            if (xs[mid] > x) hi = mid; else lo = mid;
        }
        double t = (x - xs[lo]) / (xs[hi] - xs[lo]);
        return ys[lo] * (1 - t) + ys[hi] * t;
    }

    [Differentiable]
    public static double Newton(double a, double guess)
    {
        double x = guess;
        for (int it = 0; it < 50; it++)
        {
            double fx = x * x * x - a;
            if (Math.Abs(fx) < 1e-12) break;
            x -= fx / (3 * x * x);
        }
        return x;
    }

    [Differentiable]
    public static double Determinant(double[] m, int n)
    {
        if (n == 1) return m[0];
        double det = 0;
        var minor = new double[(n - 1) * (n - 1)];
        for (int c = 0; c < n; c++)
        {
            int k = 0;
            for (int i = 1; i < n; i++)
                for (int j = 0; j < n; j++)
                    if (j != c) minor[k++] = m[i * n + j];
            det += (c % 2 == 0 ? 1 : -1) * m[c] * Determinant(minor, n - 1);
        }
        return det;
    }

    [Differentiable]
    public static double Stats(double[] x) => x.Max() - x.Average();
}
