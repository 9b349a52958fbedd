// entry: Numerics.Romberg.GaussianArea
// args: 1.7, 0.3
// expect: refused
// Gap: swapping two List<double> locals by a tuple assignment, (previous, current) = (current, previous), is refused;
// copying the row instead (previous.Clear(); previous.AddRange(current);) works.
// Romberg integration keeping only the previous and current rows of the tableau in two List<double>s that are
// cleared, refilled and swapped each level.
using System;
using System.Collections.Generic;
using SourceAD;

namespace Numerics;

public static partial class Romberg
{
    /// <summary>∫₀² exp(−k (x − c)²) dx by Romberg extrapolation of the trapezoid rule.</summary>
    [Differentiable]
    public static double GaussianArea(double k, double c)
    {
        double F(double x) => Math.Exp(-k * (x - c) * (x - c));

        const double a = 0.0, b = 2.0;
        const int levels = 6;
        var previous = new List<double>();
        var current = new List<double>();
        double h = b - a;
        previous.Add(0.5 * h * (F(a) + F(b)));

        for (int level = 1; level < levels; level++)
        {
            h /= 2;
            double midpoints = 0;
            int count = 1 << (level - 1);
            for (int i = 0; i < count; i++)
                midpoints += F(a + (2 * i + 1) * h);

            current.Clear();
            current.Add(0.5 * previous[0] + h * midpoints);
            double factor = 1;
            for (int j = 1; j <= level; j++)
            {
                factor *= 4;
                current.Add(current[j - 1] + (current[j - 1] - previous[j - 1]) / (factor - 1));
            }
            (previous, current) = (current, previous);
        }
        return previous[^1];
    }
}
