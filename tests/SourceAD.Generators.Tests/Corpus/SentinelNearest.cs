// entry: Search.Nearest.Score
// args: new double[] { 0.1, 0.9, 0.45, 1.7 }, 0.5
// expect: works
// int.MaxValue and double.MaxValue sentinels for a nearest point and a first index above the query.
using System;
using SourceAD;

namespace Search;

public static partial class Nearest
{
    [Differentiable]
    public static double Score(double[] pts, double q)
    {
        int best = -1;
        double bestD = double.MaxValue;
        int firstAbove = int.MaxValue;
        for (int i = 0; i < pts.Length; i++)
        {
            double d = Math.Abs(pts[i] - q);
            if (d < bestD)
            {
                bestD = d;
                best = i;
            }
            if (pts[i] > q && i < firstAbove) firstAbove = i;
        }
        double above = firstAbove == int.MaxValue ? 0.0 : pts[firstAbove];
        return (pts[best] - q) * (pts[best] - q) + above * q;
    }
}
