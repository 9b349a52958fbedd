// entry: Imaging.Blur.SmoothedEnergy
// args: new double[,] { { 0.1, 0.5, 0.2 }, { 0.9, 0.4, 0.3 }, { 0.0, 0.7, 0.6 } }, 0.25
// expect: works
// A 4-neighbour blur on a double[,] image, each output cell updated through a ref local.
using System;
using SourceAD;

namespace Imaging;

public static partial class Blur
{
    [Differentiable]
    public static double SmoothedEnergy(double[,] image, double strength)
    {
        int rows = image.GetLength(0), cols = image.GetLength(1);
        var output = new double[rows, cols];
        for (int r = 0; r < rows; r++)
            for (int c = 0; c < cols; c++)
            {
                ref double cell = ref output[r, c];
                cell = image[r, c];
                if (r > 0) cell += strength * (image[r - 1, c] - image[r, c]);
                if (r < rows - 1) cell += strength * (image[r + 1, c] - image[r, c]);
                if (c > 0) cell += strength * (image[r, c - 1] - image[r, c]);
                if (c < cols - 1) cell += strength * (image[r, c + 1] - image[r, c]);
            }
        double e = 0;
        foreach (double v in output) e += v * v;
        return e;
    }
}
