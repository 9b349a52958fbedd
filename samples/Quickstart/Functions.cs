using SourceAD;

namespace Quickstart;

/// <summary>Plain C# methods; SourceAD generates their derivatives at compile time.</summary>
public static partial class Functions
{
    [Differentiable]
    public static double Rosenbrock(double x, double y) => (1 - x) * (1 - x) + 100 * (y - x * x) * (y - x * x);

    /// <summary>log Σ exp(xᵢ): its gradient is the softmax.</summary>
    [Differentiable]
    public static double LogSumExp(double[] x)
    {
        double m = x[0];
        for (int i = 1; i < x.Length; i++) m = Math.Max(m, x[i]);
        double s = 0;
        foreach (double v in x) s += Math.Exp(v - m);
        return m + Math.Log(s);
    }

    /// <summary>Generic over the float type: the same source differentiates at Half, float and double.</summary>
    [Differentiable]
    public static T SoftPlus<T>(T x) where T : System.Numerics.IFloatingPointIeee754<T> =>
        x > T.Zero ? x + T.Log(T.One + T.Exp(-x)) : T.Log(T.One + T.Exp(x));
}
