namespace SourceAD.Tests.Programs;

/// <summary>The AD core's test programs: each is plain C#, differentiated at compile time.</summary>
public static partial class P
{
    [Differentiable]
    public static double Rosenbrock(double x, double y) => (1 - x) * (1 - x) + 100 * (y - x * x) * (y - x * x);

    /// <summary>Horner evaluation of Σ c_k x^k: the loop overwrites the accumulator.</summary>
    [Differentiable]
    public static double Polynomial(double x, double[] c)
    {
        double acc = 0;
        for (int k = c.Length - 1; k >= 0; k--)
        {
            acc = acc * x + c[k];
        }
        return acc;
    }

    /// <summary>log Σ exp(x_i), shifted by the max for stability.</summary>
    [Differentiable]
    public static double LogSumExp(double[] x)
    {
        double m = x[0];
        for (int i = 1; i < x.Length; i++)
        {
            m = Math.Max(m, x[i]);
        }
        double s = 0;
        for (int i = 0; i < x.Length; i++)
        {
            s += Math.Exp(x[i] - m);
        }
        return m + Math.Log(s);
    }

    /// <summary>x = sin(x), n times: every iteration overwrites the value the next derivative needs.</summary>
    [Differentiable]
    public static double SinRepeated(double x, int n)
    {
        for (int i = 0; i < n; i++)
        {
            x = Math.Sin(x);
        }
        return x;
    }

    /// <summary>A 2-layer tanh MLP with squared loss, written with scalar loops over flat weight arrays.</summary>
    [Differentiable]
    public static double Mlp(double[] w1, double[] b1, double[] w2, double b2, [NoDerivative] double[] input, double target, int hidden)
    {
        int d = input.Length;
        var h = new double[hidden];
        for (int j = 0; j < hidden; j++)
        {
            double z = b1[j];
            for (int i = 0; i < d; i++)
            {
                z += w1[j * d + i] * input[i];
            }
            h[j] = Math.Tanh(z);
        }
        double y = b2;
        for (int j = 0; j < hidden; j++)
        {
            y += w2[j] * h[j];
        }
        double r = y - target;
        return 0.5 * r * r;
    }

    [Differentiable]
    public static double Square(double x) => x * x;

    [Differentiable]
    public static double Nested(double x, double y) => Square(Math.Sin(x) * y) + Square(y) * x;

    /// <summary>No source to differentiate: a library-like function with a hand-written derivative.</summary>
    public static double SoftPlus(double x) => Math.Log(1 + Math.Exp(x));

    [DerivativeOf(typeof(P), nameof(SoftPlus))]
    public static double SoftPlusPullback(double x, double seed, ref double dx)
    {
        double value = SoftPlus(x);
        dx += seed / (1 + Math.Exp(-x));
        return value;
    }

    [Differentiable]
    public static double UsesCustom(double x, double y) => SoftPlus(x * y) + x;

    [Differentiable]
    public static double EarlyReturn(double x, double y)
    {
        if (x > 1)
        {
            return x * y;
        }
        double z = Math.Exp(x);
        if (z > 2)
        {
            return z + y;
        }
        return z * y * y;
    }

    [Differentiable]
    public static double BreakContinue(double[] x, double limit)
    {
        double s = 0;
        int i = 0;
        while (i < x.Length)
        {
            double v = x[i];
            i++;
            if (v < 0) continue;
            s += v * v * limit;
            if (s > limit) break;
        }
        return s;
    }

    [Differentiable]
    public static T GenericProgram<T>(T x, T y) where T : System.Numerics.IFloatingPointIeee754<T>
    {
        T s = T.Sin(x) * y;
        for (int i = 0; i < 3; i++)
        {
            s = s * x + T.Exp(y * T.CreateTruncating(0.5));
        }
        return T.Sqrt(s * s + T.One);
    }

    [Differentiable]
    public static void VectorMap(ReadOnlySpan<double> x, double scale, Span<double> y)
    {
        for (int i = 0; i < x.Length; i++)
        {
            y[i] = Math.Sin(x[i]) * scale + (i > 0 ? x[i - 1] * x[i] : 0);
        }
    }
}
