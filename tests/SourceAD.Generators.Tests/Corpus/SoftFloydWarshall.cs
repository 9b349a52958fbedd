// entry: Graphs.SoftPaths.SoftShortestPath
// args: new double[,] { { 0.0, 1.0, 4.0, 9.0 }, { 1.5, 0.0, 2.0, 5.0 }, { 3.0, 0.7, 0.0, 1.2 }, { 8.0, 4.0, 1.0, 0.0 } }, 0.5
// expect: works
using System;
using SourceAD;

namespace Graphs;

public static partial class SoftPaths
{
    /// <summary>
    /// Floyd–Warshall with a soft minimum (a smoothed all-pairs shortest path), on a copy of the weight matrix;
    /// returns the soft distance from the first to the last node.
    /// </summary>
    [Differentiable]
    public static double SoftShortestPath(double[,] weights, double gamma)
    {
        int n = weights.GetLength(0);
        var dist = new double[n, n];
        for (int i = 0; i < n; i++)
            for (int j = 0; j < n; j++)
                dist[i, j] = weights[i, j];

        for (int k = 0; k < n; k++)
        {
            for (int i = 0; i < n; i++)
            {
                for (int j = 0; j < n; j++)
                {
                    double viaK = dist[i, k] + dist[k, j];
                    double m = Math.Min(dist[i, j], viaK);
                    dist[i, j] = m - gamma * Math.Log(Math.Exp(-(dist[i, j] - m) / gamma) + Math.Exp(-(viaK - m) / gamma));
                }
            }
        }
        return dist[0, n - 1];
    }
}
