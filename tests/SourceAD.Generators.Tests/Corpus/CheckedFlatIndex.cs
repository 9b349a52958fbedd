// entry: Imaging.Blur.Smoothness
// args: new double[] { 1.0, 2.0, 0.5, 1.5, 3.0, 2.5, 0.0, 1.0, 2.0, 1.5, 0.5, 1.0 }, 3, 4
// expect: works
// Round 20. A row-major image in a flat array: neighbours read at checked(r * cols + c) with the borders skipped by
// `continue`, summing squared Laplacians.
using System;
using SourceAD;

namespace Imaging;

public static partial class Blur
{
    [Differentiable]
    public static double Smoothness(double[] pixels, [NoDerivative] int rows, [NoDerivative] int cols)
    {
        double total = 0.0;
        for (int r = 0; r < rows; r++)
        {
            for (int c = 0; c < cols; c++)
            {
                if (r == 0 || c == 0 || r == rows - 1 || c == cols - 1) continue;
                int at = checked(r * cols + c);
                double lap = pixels[at - 1] + pixels[at + 1] + pixels[at - cols] + pixels[at + cols] - 4 * pixels[at];
                total += lap * lap;
            }
        }
        return total;
    }
}
