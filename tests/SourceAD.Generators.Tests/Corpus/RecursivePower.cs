// entry: Numerics.Powers.Power
// args: 1.3, 11
// closed-form: ExpectedGradient
// expect: works
using SourceAD;

namespace Numerics;

public static partial class Powers
{
    /// <summary>x^n by recursive squaring.</summary>
    [Differentiable]
    public static double Power(double x, int n)
    {
        if (n == 0) return 1;
        if (n < 0) return 1 / Power(x, -n);
        double half = Power(x, n / 2);
        return n % 2 == 0 ? half * half : half * half * x;
    }

    public static double[] ExpectedGradient(double x, int n) => new[] { n * System.Math.Pow(x, n - 1) };
}
