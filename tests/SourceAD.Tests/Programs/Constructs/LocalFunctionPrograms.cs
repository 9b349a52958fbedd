namespace SourceAD.Tests.Programs.Constructs;

/// <summary>Local functions (static, capturing, with early returns, void with ref) and lambdas held in locals.</summary>
public static partial class LocalFunctionPrograms
{
    [Differentiable]
    public static double Mixed(double x, double y)
    {
        double scale = 2;
        double Sq(double v) => v * v;
        static double Cube(double v)
        {
            if (v < 0) return -v * v * v;
            return v * v * v;
        }
        double Scaled(double v) => scale * v + y;
        Func<double, double> softplus = v => Math.Log(1 + Math.Exp(v));
        return Sq(x) + Cube(y - x) + Scaled(Sq(y)) + softplus(x * y);
    }

    /// <summary>A void local function that accumulates through a ref parameter, called in a loop, and one that reads an array.</summary>
    [Differentiable]
    public static double Accumulate(double[] x)
    {
        double total = 0;
        void Add(ref double acc, double v) => acc += v * v;
        double Weighted(double[] values, int i) => values[i] * (i + 1);
        for (int i = 0; i < x.Length; i++)
        {
            Add(ref total, x[i]);
            total += Weighted(x, i);
        }
        return total;
    }

    /// <summary>A local function with a loop and an early return inside it, called twice.</summary>
    [Differentiable]
    public static double FirstAbove(double x, double y)
    {
        double Scan(double start, double step)
        {
            double v = start;
            for (int k = 0; k < 20; k++)
            {
                if (v > 3) return v * step;
                v += step * step;
            }
            return -v;
        }
        return Scan(x, y) + Scan(y, 0.5 * x);
    }

    /// <summary>A local function that advances the loop counter through a ref parameter: the loop is not a counted one.</summary>
    [Differentiable]
    public static double SkipNegatives(double[] x)
    {
        static void Skip(ref int k) => k++;
        double s = 0;
        for (int i = 0; i < x.Length; i++)
        {
            s += x[i] * x[i];
            if (x[i] < 0) Skip(ref i);
        }
        return s;
    }
}
