namespace SourceAD.Tests.Programs;

/// <summary>
/// Programs for the to-be-recorded analysis (generators/SourceAD.Generators/Analyses/ToBeRecorded.cs): each leaves a value
/// unrecorded that would be needed if the analysis were wrong, or needs a value that a naive rule ("an increment never
/// records") would drop. Each is checked by finite differences, the dot-product test and the value oracle.
/// </summary>
public static partial class TbrPrograms
{
    /// <summary>
    /// GradBench's Qtimesx written inline: each round rewrites the whole array (so the increments after it record nothing),
    /// accumulates into it in place, then reads it nonlinearly. The rewrite must still record the previous round's contents.
    /// </summary>
    [Differentiable]
    public static double RewriteThenAccumulate(double[] x)
    {
        int n = x.Length;
        var a = new double[n];
        double s = 0;
        for (int r = 0; r < 3; r++)
        {
            for (int i = 0; i < n; i++) a[i] = x[i] * (r + 1);
            for (int i = 0; i < n; i++)
            {
                for (int j = i + 1; j < n; j++) a[j] += x[i] * x[j];
            }
            for (int j = 0; j < n; j++) s += a[j] * a[j];
        }
        return s;
    }

    /// <summary>
    /// An increment whose old value an earlier statement's derivative reads (<c>t += a[j]·a[j]</c> before
    /// <c>a[j] += x[j]</c>): linear in the old value, and still recorded.
    /// </summary>
    [Differentiable]
    public static double IncrementAfterNonlinearRead(double[] x)
    {
        var a = new double[x.Length];
        double t = 0;
        for (int j = 0; j < x.Length; j++)
        {
            a[j] = x[j] * x[j];
            t += a[j] * a[j];
            a[j] += x[j];
            t += Math.Sin(a[j]);
        }
        return t;
    }

    /// <summary>A loop that rewrites all but the last entry is no rewrite of the array: the increments record.</summary>
    [Differentiable]
    public static double PartialRewrite(double[] x)
    {
        int n = x.Length;
        var a = new double[n];
        double s = 0;
        for (int r = 0; r < 2; r++)
        {
            for (int i = 0; i < n - 1; i++) a[i] = x[i] * (r + 2);
            for (int j = 0; j < n; j++) a[j] += x[j] * x[0];
            for (int j = 0; j < n; j++) s += a[j] * a[j] * x[j];
        }
        return s;
    }

    /// <summary>
    /// A rewrite loop whose own iterations read entries it already rewrote (<c>a[i − 1]·a[i]</c>): the later increments
    /// destroy values that loop's derivative reads, so they record.
    /// </summary>
    [Differentiable]
    public static double ReadInsideRewrite(double[] x)
    {
        int n = x.Length;
        var a = new double[n];
        double s = 0;
        for (int r = 0; r < 2; r++)
        {
            for (int i = 0; i < n; i++)
            {
                a[i] = x[i] + r;
                if (i > 0) s += a[i - 1] * a[i];
            }
            for (int j = 0; j < n; j++) a[j] += x[j];
        }
        return s;
    }

    /// <summary>
    /// Integer indices moved by passive amounts (<c>idx += step; step++</c>) and a loop starting at <c>2·i</c>: the reverse
    /// sweep undoes the updates by their inverses and recomputes the start, storing no integer. A wrong order of the
    /// inverses reads the wrong w entries.
    /// </summary>
    [Differentiable]
    public static double InvertedIndices(double[] x, double[] w)
    {
        int n = x.Length;
        int idx = 0, step = 1;
        double s = 0;
        for (int i = 0; i < n; i++)
        {
            s += w[idx] * x[i] * x[i];
            idx += step;
            step++;
            int back = n - 1;
            for (int j = 2 * i; j < n; j++)
            {
                s += w[j] * Math.Cos(x[back] * x[j]);
                back -= 1;
            }
        }
        return s;
    }
}
