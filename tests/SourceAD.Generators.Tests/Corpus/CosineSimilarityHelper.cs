// entry: Embeddings.Similarity.Cosine
// args: new double[] { 0.3, -1.2, 2.0, 0.5 }, new double[] { 1.1, 0.4, -0.7, 0.9 }
// expect: works
using System;
using SourceAD;

namespace Embeddings;

public static partial class Similarity
{
    private static double[] Normalize(double[] v)
    {
        double norm = 0;
        foreach (double x in v) norm += x * x;
        norm = Math.Sqrt(norm);
        var unit = new double[v.Length];
        for (int i = 0; i < v.Length; i++) unit[i] = v[i] / norm;
        return unit;
    }

    /// <summary>Cosine similarity of two embeddings, through a helper that returns the unit vector.</summary>
    [Differentiable]
    public static double Cosine(double[] a, double[] b)
    {
        double[] ua = Normalize(a);
        double[] ub = Normalize(b);
        double s = 0;
        for (int i = 0; i < ua.Length; i++) s += ua[i] * ub[i];
        return s;
    }
}
