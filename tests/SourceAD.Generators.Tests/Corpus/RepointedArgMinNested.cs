// entry: Grids.Search.Sharpen
// args: new double[] { 0.9, 0.3, 0.7, 0.2, 0.8, 0.6 }, 3
// expect: works
// Round 19, second batch: a ref local re-pointed at each row's minimum in nested loops and written through per row.
using System;
using SourceAD;

namespace Grids;

public static partial class Search
{
    [Differentiable]
    public static double Sharpen(double[] a, int cols)
    {
        double[] g = (double[])a.Clone();
        int rows = g.Length / cols;
        for (int r = 0; r < rows; r++)
        {
            ref double low = ref g[r * cols];
            for (int c = 1; c < cols; c++)
            {
                if (g[r * cols + c] < low) low = ref g[r * cols + c];
            }
            low = low * low - 0.5 * low;
        }
        double s = 0;
        for (int i = 0; i < g.Length; i++) s += Math.Sin(g[i]) * (i + 1);
        return s;
    }
}
