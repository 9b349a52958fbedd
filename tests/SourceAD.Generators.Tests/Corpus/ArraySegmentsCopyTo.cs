// entry: Nn.Concat.TwoHeads
// args: new double[] { 0.5, -0.3, 0.8 }, new double[] { 1.2, -0.7 }
// expect: works
// Concatenating two arrays with Array.Copy into a new one, then a softplus layer over the result.
using System;
using SourceAD;

namespace Nn;

public static partial class Concat
{
    /// <summary>Σ softplus(w_k · z_k) over the concatenation z = [a, b] with fixed weights.</summary>
    [Differentiable]
    public static double TwoHeads(double[] a, double[] b)
    {
        var z = new double[a.Length + b.Length];
        Array.Copy(a, z, a.Length);
        Array.Copy(b, 0, z, a.Length, b.Length);
        double total = 0;
        for (int k = 0; k < z.Length; k++)
        {
            double w = 0.5 + 0.25 * k;
            total += Math.Log(1 + Math.Exp(w * z[k]));
        }
        return total;
    }
}
