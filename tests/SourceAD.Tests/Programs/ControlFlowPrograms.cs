namespace SourceAD.Tests.Programs;

/// <summary>Statement and expression forms not covered elsewhere: do/while, logical operators, casts between float types, Log(x, b).</summary>
public static partial class ControlFlowPrograms
{
    [Differentiable]
    public static double DoWhile(double x, double y)
    {
        double s = x;
        int n = 0;
        do
        {
            s = s * 0.5 + Math.Log(y * y + 1, 3) * (float)s;
            n++;
        } while (n < 4 && !(s > 50 || s < -50));
        return s;
    }

    [Differentiable]
    public static double MixedPrecision(double x, float y)
    {
        float f = (float)x * y;
        double back = f;
        double h = (double)(Half)(x * 0.5);
        return Math.Sin(back) * x + MathF.Exp(y) + h * h + ((Half)x > (Half)0.5 ? x * y : y);
    }

    /// <summary>A user constant named like a math constant (issue 12, defect 2): read as 1.5, never folded to 1.</summary>
    public static double One => 1.5;

    [Differentiable]
    public static double UserConstant(double x) => One * x * x;

    /// <summary>A branch inside a branch inside a loop (issue 12, defect 0).</summary>
    [Differentiable]
    public static double NestedBranches(double[] x)
    {
        double s = 0;
        for (int i = 0; i < x.Length; i++)
            if (i != 1) { if (x[i] > 0) s += x[i] * x[i]; else s -= x[i]; }
        return s;
    }
}
