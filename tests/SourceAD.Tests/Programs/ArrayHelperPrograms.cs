namespace SourceAD.Tests.Programs;

/// <summary>Array.Copy, CopyTo, Fill and Clear on arrays, spans and slices.</summary>
public static partial class ArrayHelperPrograms
{
    [Differentiable]
    public static double CopyFillClear(double[] x, double scale)
    {
        int n = x.Length;
        var work = new double[2 * n];
        Array.Fill(work, scale * scale);
        Array.Copy(x, 0, work, n, n);
        var copy = new double[n];
        x.CopyTo(copy);
        double s = 0;
        for (int i = 0; i < 2 * n; i++) s += Math.Sin(work[i]) * copy[i % n];
        Array.Clear(copy);
        x.AsSpan(1, n - 1).CopyTo(copy.AsSpan(0, n - 1));
        copy.AsSpan(n - 1).Fill(scale);
        for (int i = 0; i < n; i++) s += copy[i] * copy[i] * (i + 1);
        Array.Copy(copy, work, n);
        work.AsSpan(0, 1).Clear();
        for (int i = 0; i < n; i++) s += work[i] * x[i];
        return s;
    }
}
