// entry: ML.Similarity.Cosine
// args: new double[] { 1.0, 2.0, -0.5 }, new double[] { 0.3, -1.0, 2.0 }
// closed-form: ExpectedGradient
// expect: works
using System;
using SourceAD;

namespace ML;

public static partial class Similarity
{
    [Differentiable]
    public static double Cosine(double[] a, double[] b)
    {
        double dot = 0, na = 0, nb = 0;
        for (int i = 0; i < a.Length; i++)
        {
            dot += a[i] * b[i];
            na += a[i] * a[i];
            nb += b[i] * b[i];
        }
        return dot / (Math.Sqrt(na) * Math.Sqrt(nb));
    }

    public static double[] ExpectedGradient(double[] a, double[] b)
    {
        double dot = 0, na = 0, nb = 0;
        for (int i = 0; i < a.Length; i++) { dot += a[i] * b[i]; na += a[i] * a[i]; nb += b[i] * b[i]; }
        double la = Math.Sqrt(na), lb = Math.Sqrt(nb);
        var g = new double[2 * a.Length];
        for (int i = 0; i < a.Length; i++)
        {
            g[i] = b[i] / (la * lb) - dot * a[i] / (la * la * la * lb);
            g[a.Length + i] = a[i] / (la * lb) - dot * b[i] / (lb * lb * lb * la);
        }
        return g;
    }
}
