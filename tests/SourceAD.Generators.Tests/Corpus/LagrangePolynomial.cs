// entry: Interp.Lagrange.Evaluate
// args: new double[] { 0.0, 1.0, 2.0, 3.0 }, new double[] { 1.0, 3.0, 2.0, 5.0 }, 1.4
// expect: works
using SourceAD;

namespace Interp;

public static partial class Lagrange
{
    [Differentiable]
    public static double Evaluate(double[] nodes, double[] values, double x)
    {
        double result = 0;
        for (int i = 0; i < nodes.Length; i++)
        {
            double basis = 1;
            for (int j = 0; j < nodes.Length; j++)
            {
                if (j == i) continue;
                basis *= (x - nodes[j]) / (nodes[i] - nodes[j]);
            }
            result += values[i] * basis;
        }
        return result;
    }
}
