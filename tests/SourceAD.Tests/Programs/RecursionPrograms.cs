namespace SourceAD.Tests.Programs;

/// <summary>Direct and mutual recursion of [Differentiable] methods, including GradBench det's in-place index lists.</summary>
public static partial class RecursionPrograms
{
    /// <summary>
    /// GradBench det (CppAD's det_by_minor), ported as written: the rows and columns of the current minor are linked
    /// lists in <paramref name="r"/> and <paramref name="c"/>, which the recursion edits in place and restores.
    /// </summary>
    [Differentiable]
    public static double DetOfMinor(double[] a, int m, int n, int[] r, int[] c)
    {
        int r0 = r[m];
        int cj = c[m];
        int cj1 = m;
        if (n == 1) return a[r0 * m + cj];
        double detM = 0;
        int s = 1;
        // Remove row r0 from all the sub-minors.
        r[m] = r[r0];
        for (int j = 0; j < n; j++)
        {
            int k = r0 * m + cj;
            double m0j = a[k];
            // Remove column cj to form the next sub-minor.
            c[cj1] = c[cj];
            double detS = DetOfMinor(a, m, n - 1, r, c);
            // Restore column cj.
            c[cj1] = cj;
            if (s > 0) detM = detM + m0j * detS;
            else detM = detM - m0j * detS;
            cj1 = cj;
            cj = c[cj];
            s = -s;
        }
        r[m] = r0;
        return detM;
    }

    /// <summary>det(A) of a row-major n×n matrix by cofactor expansion.</summary>
    [Differentiable]
    public static double Det(double[] a, int n)
    {
        var r = new int[n + 1];
        var c = new int[n + 1];
        for (int i = 0; i < n; i++)
        {
            r[i] = i + 1;
            c[i] = i + 1;
        }
        r[n] = 0;
        c[n] = 0;
        return DetOfMinor(a, n, n, r, c);
    }

    /// <summary>Mutual recursion: <see cref="Odd"/> and <see cref="Even"/> call each other n times.</summary>
    [Differentiable]
    public static double Even(double x, double y, int n)
    {
        if (n == 0) return y;
        double inner = Odd(x * 0.9, y, n - 1);
        return Math.Cos(x) * inner + y;
    }

    [Differentiable]
    public static double Odd(double x, double y, int n)
    {
        if (n == 0) return x * y;
        return Math.Sin(x) + x * Even(x, y * y, n - 1);
    }

    /// <summary>Divide and conquer over an array: recursion on index ranges.</summary>
    [Differentiable]
    public static double Tree(double[] x, int lo, int hi)
    {
        if (hi - lo == 1) return x[lo] * x[lo];
        int mid = (lo + hi) / 2;
        double left = Tree(x, lo, mid);
        double right = Tree(x, mid, hi);
        return Math.Sin(left) * right + left;
    }
}
