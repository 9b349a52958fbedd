namespace SourceAD.Tests.Programs.Constructs;

/// <summary>
/// Constructs as the natural corpus writes them: a fixed-point loop with <c>it++</c> in a do-while condition, a
/// Lanczos table, an instance array field, a field table passed to a [Differentiable] helper, and the constructs at
/// float and at a generic T.
/// </summary>
public partial class MorePrograms
{
    private readonly double[] _stiffness;

    public MorePrograms(double[] stiffness) => _stiffness = stiffness;

    private static readonly double[] Lanczos = { 0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61503916999185, 12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7 };

    /// <summary>x ← cos x until it settles: the iteration counter is incremented inside the loop condition.</summary>
    [Differentiable]
    public static double FixedPointCosine(double a)
    {
        double x = a;
        int it = 0;
        do
        {
            x = Math.Cos(x) * 0.9 + 0.1 * a;
        } while (it++ < 60 && Math.Abs(x - Math.Cos(x) * 0.9 - 0.1 * a) > 1e-15);
        return x;
    }

    /// <summary>ln Γ(z) for z &gt; 0.5 by Lanczos (g = 7), reading the coefficients from a static readonly table.</summary>
    [Differentiable]
    public static double LogGamma(double z)
    {
        z -= 1;
        double sum = Lanczos[0];
        for (int i = 1; i < Lanczos.Length; i++) sum += Lanczos[i] / (z + i);
        double t = z + 7.5;
        return 0.5 * Math.Log(2 * Math.PI) + (z + 0.5) * Math.Log(t) - t + Math.Log(sum);
    }

    /// <summary>A spring chain whose stiffnesses are an instance array field.</summary>
    [Differentiable]
    public double ChainEnergy(double[] positions)
    {
        double e = 0;
        for (int i = 0; i + 1 < positions.Length; i++)
        {
            double stretch = positions[i + 1] - positions[i] - 1;
            e += 0.5 * _stiffness[i] * stretch * stretch;
        }
        return e;
    }

    [Differentiable]
    public static double Dot(double[] a, double[] b)
    {
        double s = 0;
        for (int i = 0; i < a.Length; i++) s += a[i] * b[i];
        return s;
    }

    /// <summary>A static table passed to a [Differentiable] helper as data, in both argument positions.</summary>
    [Differentiable]
    public static double TableDot(double[] x) => Dot(x, Weights) * Dot(Weights, x);

    private static readonly double[] Weights = { 0.5, -1.5, 2.0 };

    /// <summary>Switch, tuples and a local function at float.</summary>
    [Differentiable]
    public static float SinglePrecision(float x, float y)
    {
        float Sq(float v) => v * v;
        var (s, c) = MathF.SinCos(x);
        float k = y switch { < 0f => -1f, _ => 2f };
        (x, y) = (y * k, x);
        return Sq(x) + s * c * y;
    }

    /// <summary>The same constructs at a generic T.</summary>
    [Differentiable]
    public static T Generic<T>(T x, T y) where T : System.Numerics.IFloatingPointIeee754<T>
    {
        T Sq(T v) => v * v;
        var (s, c) = T.SinCos(x);
        T[] w = { x, y, T.One };
        T acc = T.Zero;
        foreach (T v in w) acc += Sq(v);
        (x, y) = (y, x);
        return acc + s * c * x + (y > T.Zero ? y : -y);
    }
}
