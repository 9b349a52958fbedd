// entry: Fields.Roots.Residual
// args: 0.4, -0.8, 1.3
// expect: works
using System.Numerics;
using SourceAD;

namespace Fields;

public static partial class Roots
{
    /// <summary>|z³ + a·z| at z = x + iy: the residual a root finder minimises.</summary>
    [Differentiable]
    public static double Residual(double x, double y, double a)
    {
        var z = new Complex(x, y);
        Complex w = z * z * z + a * z;
        return Complex.Abs(w);
    }
}
