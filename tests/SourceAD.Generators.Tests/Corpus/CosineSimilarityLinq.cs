// entry: Retrieval.Similarity.Cosine
// args: new double[] { 0.4, -1.1, 0.9, 0.3 }, new double[] { 0.8, 0.2, -0.5, 1.3 }
// expect: works
using System;
using System.Linq;
using SourceAD;

namespace Retrieval;

public static partial class Similarity
{
    /// <summary>Cosine similarity of two embeddings, written with LINQ.</summary>
    [Differentiable]
    public static double Cosine(double[] a, double[] b)
    {
        double dot = a.Zip(b, (x, y) => x * y).Sum();
        double na = Math.Sqrt(a.Sum(x => x * x));
        double nb = Math.Sqrt(b.Sum(y => y * y));
        return dot / (na * nb + 1e-12);
    }
}
