namespace SourceAD.Tests.Programs.Constructs;

/// <summary>Calls of [Differentiable] methods where C# evaluates them only sometimes, or repeatedly.</summary>
public static partial class CallPrograms
{
    [Differentiable]
    public static double Bump(double v) => v * v + Math.Sin(v);

    [Differentiable]
    public static double Anywhere(double x, double y)
    {
        double s = 0;
        if (Bump(x) > 1 && Bump(y) < 5) s += x * y;
        int it = 0;
        while (Bump(s) < 10 && it < 20)
        {
            s += Bump(y) * 0.1 + 0.5;
            it++;
        }
        double t = x > y ? Bump(x) : Bump(y) * 2;
        bool either = x < 0 || Bump(x - y) > 0.5;
        return s + t + Bump(Bump(x) * y) + (either ? x : y);
    }

    /// <summary>The untaken branch would divide by zero: only the taken branch's call runs and is differentiated.</summary>
    [Differentiable]
    public static double Guarded(double x, double y) => y != 0 ? Ratio(x, y) : x * 3;

    [Differentiable]
    public static double Ratio(double a, double b) => Math.Log(Math.Abs(a / b) + 1);
}
