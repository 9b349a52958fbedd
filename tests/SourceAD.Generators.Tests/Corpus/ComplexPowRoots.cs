// entry: Signals.Unity.Leakage
// args: 0.95, 0.1, 6
// expect: works
// Complex.Pow with a complex exponent and Complex.FromPolarCoordinates in a loop: leakage of a damped rotating phasor.
using System;
using System.Numerics;
using SourceAD;

namespace Signals;

public static partial class Unity
{
    /// <summary>|Σ_k z^k| for z = r·e^{iθ}, plus Re(z^(1+iθ)).</summary>
    [Differentiable]
    public static double Leakage(double r, double theta, int n)
    {
        Complex z = Complex.FromPolarCoordinates(r, theta);
        Complex sum = Complex.Zero;
        for (int k = 0; k < n; k++) sum += Complex.Pow(z, k);
        return sum.Magnitude + Complex.Pow(z, new Complex(1, theta)).Real;
    }
}
