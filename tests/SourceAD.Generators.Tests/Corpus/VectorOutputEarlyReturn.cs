// entry: Geometry.Normals.Normalize
// args: new double[] { 0.3, -1.2, 0.5 }, new double[3]
// expect: works
using System;
using SourceAD;

namespace Geometry;

public static partial class Normals
{
    /// <summary>Writes v/|v|, or leaves zeros for a (nearly) zero vector.</summary>
    [Differentiable]
    public static void Normalize(ReadOnlySpan<double> v, Span<double> unit)
    {
        double norm = 0;
        for (int i = 0; i < v.Length; i++) norm += v[i] * v[i];
        norm = Math.Sqrt(norm);
        if (norm < 1e-12)
        {
            for (int i = 0; i < v.Length; i++) unit[i] = 0;
            return;
        }
        for (int i = 0; i < v.Length; i++) unit[i] = v[i] / norm;
    }
}
