namespace SourceAD.Tests.Programs.Constructs;

/// <summary>Tuple literals, deconstruction, swaps, Math.SinCos and tuple-typed locals.</summary>
public static partial class TuplePrograms
{
    /// <summary>A Fibonacci-like recurrence written as a tuple swap.</summary>
    [Differentiable]
    public static double Recurrence(double a, double b, int n)
    {
        for (int i = 0; i < n; i++) (a, b) = (b, a + b * 0.5);
        return a * b;
    }

    /// <summary>var (s, c) = Math.SinCos(t), a named tuple local and element access by name and by ItemN.</summary>
    [Differentiable]
    public static double Polar(double r, double t)
    {
        var (s, c) = Math.SinCos(t);
        (double x, double y) p = (r * c, r * s);
        var q = (p.x * 2, p.Item2);
        q.Item1 += s;
        return p.x * q.Item1 + p.y * q.Item2;
    }

    /// <summary>Deconstruction with a discard into existing locals, and a tuple local reassigned from itself.</summary>
    [Differentiable]
    public static double Rotate(double x, double y)
    {
        var v = (x, y);
        for (int k = 0; k < 3; k++) v = (0.6 * v.Item1 - 0.8 * v.Item2, 0.8 * v.Item1 + 0.6 * v.Item2);
        double u, w;
        (u, w, _) = (v.Item1 * v.Item1, v.Item2, 3.0);
        return u + w * x;
    }
}
