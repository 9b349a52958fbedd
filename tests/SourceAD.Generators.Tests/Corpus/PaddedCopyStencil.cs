// entry: Grids.Padding.Laplacian
// args: new double[] { 0.4, -1.0, 2.0, 0.6 }
// expect: works
// Array.Copy with offsets into a zero-padded buffer, then a three-point stencil.
using System;
using SourceAD;

namespace Grids;

public static partial class Padding
{
    [Differentiable]
    public static double Laplacian(double[] u)
    {
        var buf = new double[u.Length + 2];
        Array.Copy(u, 0, buf, 1, u.Length);
        double e = 0;
        for (int i = 1; i <= u.Length; i++)
        {
            double lap = buf[i - 1] - 2 * buf[i] + buf[i + 1];
            e += lap * lap;
        }
        return e;
    }
}
