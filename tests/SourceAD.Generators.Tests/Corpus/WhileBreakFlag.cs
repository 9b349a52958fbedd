// entry: Optim.Search.GoldenSection
// args: 0.3, 2.0
// expect: works
// Golden-section search for the minimiser of (x − a)² + b·x² with a bool flag and a while loop that breaks.
using System;
using SourceAD;

namespace Optim;

public static partial class Search
{
    /// <summary>The minimum value found by golden-section search on [−5, 5].</summary>
    [Differentiable]
    public static double GoldenSection(double a, double b)
    {
        double F(double x) => (x - a) * (x - a) + b * x * x;
        const double ratio = 0.6180339887498949;
        double lo = -5, hi = 5;
        double c = hi - ratio * (hi - lo), d = lo + ratio * (hi - lo);
        bool done = false;
        int iterations = 0;
        while (!done)
        {
            if (F(c) < F(d)) hi = d; else lo = c;
            c = hi - ratio * (hi - lo);
            d = lo + ratio * (hi - lo);
            iterations++;
            if (hi - lo < 1e-9 || iterations >= 200) done = true;
        }
        return F((lo + hi) / 2);
    }
}
