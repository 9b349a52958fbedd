// entry: Fitting.Knots.Error
// args: 0.5, 1.2
// expect: works
using SourceAD;

namespace Fitting;

public static partial class Knots
{
    private static readonly (double X, double Y)[] Table = { (0.0, 1.0), (1.0, 2.0), (2.0, 0.5), (3.0, 0.0) };

    /// <summary>Squared error of the line a·x + b through a static table of knots.</summary>
    [Differentiable]
    public static double Error(double a, double b)
    {
        double err = 0;
        foreach (var (kx, ky) in Table)
        {
            double r = a * kx + b - ky;
            err += r * r;
        }
        return err;
    }
}
