using System.Numerics;

namespace SourceAD.Tests.Checking;

/// <summary>Programs whose generated <c>CheckDerivatives</c> members the tests call: one per parameter shape the check flattens.</summary>
public static partial class CheckedPrograms
{
    [Differentiable]
    public static double Rosenbrock(double[] x)
    {
        double sum = 0;
        for (int i = 0; i + 1 < x.Length; i++)
        {
            double a = 1 - x[i], b = x[i + 1] - x[i] * x[i];
            sum += a * a + 100 * b * b;
        }
        return sum;
    }

    [Differentiable]
    public static float SoftSign(float x, float y) => x / (1 + MathF.Abs(y)) + MathF.Tanh(x * y);

    [Differentiable]
    public static T LogSumExp<T>(ReadOnlySpan<T> x, T temperature) where T : IFloatingPointIeee754<T>
    {
        T max = x[0];
        for (int i = 1; i < x.Length; i++) if (x[i] > max) max = x[i];
        T sum = T.Zero;
        for (int i = 0; i < x.Length; i++) sum += T.Exp((x[i] - max) / temperature);
        return max + temperature * T.Log(sum);
    }

    /// <summary>A library-like function whose hand-written pullback is wrong on purpose (a factor 2), so the check must fail.</summary>
    public static double Softplus(double x) => Math.Log(1 + Math.Exp(x));

    [DerivativeOf(typeof(CheckedPrograms), nameof(Softplus))]
    public static double SoftplusPullback(double x, double seed, ref double dx)
    {
        dx += 2 * seed / (1 + Math.Exp(-x));
        return Softplus(x);
    }

    [Differentiable]
    public static double UsesWrongDerivative(double a, double b) => Softplus(a * b) + a;

    /// <summary>tr(A·B) + Σ log(1 + exp(·)) over a jagged layer: matrices as C# users hold them, rectangular and jagged.</summary>
    [Differentiable]
    public static double TraceProduct(double[,] a, double[,] b)
    {
        int n = a.GetLength(0), m = a.GetLength(1);
        double trace = 0;
        for (int i = 0; i < n; i++)
            for (int k = 0; k < m; k++) trace += a[i, k] * b[k, i];
        return trace;
    }

    [Differentiable]
    public static double SoftplusLayer(double[][] w, double[] bias, double[] x)
    {
        double loss = 0;
        for (int r = 0; r < w.Length; r++)
        {
            double z = bias[r];
            for (int c = 0; c < w[r].Length; c++) z += w[r][c] * x[c];
            loss += Math.Log(1 + Math.Exp(z));
        }
        return loss;
    }

    /// <summary>A jagged layer through the wrong hand-written Softplus pullback: the check must fail on w's entries.</summary>
    [Differentiable]
    public static double WrongLayer(double[][] w, double x)
    {
        double s = 0;
        for (int r = 0; r < w.Length; r++)
            for (int c = 0; c < w[r].Length; c++) s += Softplus(w[r][c] * x);
        return s;
    }
}

/// <summary>An instance method with passive parameters and receiver state: the check passes them through unchanged.</summary>
public sealed partial class CheckedModel(double[] weights)
{
    [Differentiable]
    public double Loss(double[] inputs, int power, double bias)
    {
        double s = bias;
        for (int i = 0; i < inputs.Length; i++) s += weights[i] * Math.Pow(inputs[i], power);
        return s * s;
    }
}
