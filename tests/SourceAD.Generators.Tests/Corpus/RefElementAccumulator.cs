// entry: Buffers.Pivot.Bump
// args: new double[] { 0.3, -1.2, 2.0, 0.7 }, 0.3
// expect: works
using System.Linq;
using SourceAD;

namespace Buffers;

public static partial class Pivot
{
    [Differentiable]
    public static double Bump(double[] x, double s)
    {
        var y = (double[])x.Clone();
        ref double top = ref y[0];
        for (int i = 1; i < y.Length; i++) top += s * y[i];
        return y.Sum(v => v * v);
    }
}
