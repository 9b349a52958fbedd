using System.Numerics;

namespace SourceAD.Tests.SecondOrder;

/// <summary>Programs with known Hessians, and programs of the shapes users write (loops, branches, helpers, data).</summary>
public static partial class SecondOrderPrograms
{
    [Differentiable]
    public static double Rosenbrock(double x, double y) => (1 - x) * (1 - x) + 100 * (y - x * x) * (y - x * x);

    /// <summary>H = diag(p) − p·pᵀ with p = softmax(x).</summary>
    [Differentiable]
    public static T LogSumExp<T>(T[] x) where T : IFloatingPointIeee754<T>
    {
        T max = x[0];
        for (int i = 1; i < x.Length; i++) max = T.Max(max, x[i]);
        T sum = T.Zero;
        for (int i = 0; i < x.Length; i++) sum += T.Exp(x[i] - max);
        return max + T.Log(sum);
    }

    /// <summary>A loop with a branch, a helper call, a transcendental and an array and scalar input together.</summary>
    [Differentiable]
    public static double Energy(double[] q, double stiffness)
    {
        double e = 0;
        for (int i = 0; i + 1 < q.Length; i++)
        {
            double d = q[i + 1] - q[i];
            if (d > 0) e += stiffness * Spring(d);
            else e += Math.Exp(d) * Math.Sin(q[i]);
        }
        return e + 0.1 * q[0] * q[0] * q[0];
    }

    [Differentiable]
    public static double Spring(double d) => d * d * Math.Log(1 + d * d);

    [Differentiable]
    public static float Softplus2(float x, float y) => MathF.Log(1 + MathF.Exp(x * y)) + x * x * y;

    /// <summary>A library-like function with a hand-written derivative: it has no dual pullback, so its callers get no Hessian.</summary>
    public static double Gelu(double x) => 0.5 * x * (1 + Math.Tanh(0.79788456 * (x + 0.044715 * x * x * x)));

    [DerivativeOf(typeof(SecondOrderPrograms), nameof(Gelu))]
    public static double GeluPullback(double x, double seed, ref double dx)
    {
        double h = 1e-6;
        dx += seed * (Gelu(x + h) - Gelu(x - h)) / (2 * h);
        return Gelu(x);
    }

    [Differentiable]
    public static double UsesGelu(double x) => Gelu(x) * x;
}

/// <summary>½·xᵀAx + bᵀx with A and b as data of the receiver: H = (A + Aᵀ)/2.</summary>
public sealed partial class Quadratic(double[,] a, double[] b)
{
    private readonly double[] _b = b;
    private readonly double[] _flat = Flatten(a);
    private readonly int _n = a.GetLength(0);

    private static double[] Flatten(double[,] a)
    {
        var flat = new double[a.Length];
        int k = 0;
        foreach (double v in a) flat[k++] = v;
        return flat;
    }

    [Differentiable]
    public double Value(double[] x)
    {
        double s = 0;
        for (int i = 0; i < _n; i++)
        {
            double row = 0;
            for (int j = 0; j < _n; j++) row += _flat[i * _n + j] * x[j];
            s += 0.5 * x[i] * row + _b[i] * x[i];
        }
        return s;
    }
}
