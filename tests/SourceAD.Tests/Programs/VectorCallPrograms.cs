namespace SourceAD.Tests.Programs;

/// <summary>
/// Helpers that write their results into an output span or array, called as statements, as GradBench's BA, HT and GMM
/// are written (<c>cross</c>, <c>rodrigues_rotate_point</c>, <c>Qtimesx</c>, <c>mat_mult</c>).
/// </summary>
public static partial class VectorCallPrograms
{
    [Differentiable]
    public static void Cross(ReadOnlySpan<double> a, ReadOnlySpan<double> b, Span<double> r)
    {
        r[0] = a[1] * b[2] - a[2] * b[1];
        r[1] = a[2] * b[0] - a[0] * b[2];
        r[2] = a[0] * b[1] - a[1] * b[0];
    }

    /// <summary>GradBench BA's rotation: writes a double[] output and calls <see cref="Cross"/> on local arrays in both branches.</summary>
    [Differentiable]
    public static void RodriguesRotatePoint(double[] rot, double[] pt, double[] rotatedPt)
    {
        double sqtheta = rot[0] * rot[0] + rot[1] * rot[1] + rot[2] * rot[2];
        if (sqtheta != 0)
        {
            double theta = Math.Sqrt(sqtheta);
            double costheta = Math.Cos(theta);
            double sintheta = Math.Sin(theta);
            double thetaInverse = 1.0 / theta;
            var w = new double[3];
            for (int i = 0; i < 3; i++) w[i] = rot[i] * thetaInverse;
            var wCrossPt = new double[3];
            Cross(w, pt, wCrossPt);
            double tmp = (w[0] * pt[0] + w[1] * pt[1] + w[2] * pt[2]) * (1.0 - costheta);
            for (int i = 0; i < 3; i++) rotatedPt[i] = pt[i] * costheta + wCrossPt[i] * sintheta + w[i] * tmp;
        }
        else
        {
            var rotCrossPt = new double[3];
            Cross(rot, pt, rotCrossPt);
            for (int i = 0; i < 3; i++) rotatedPt[i] = pt[i] + rotCrossPt[i];
        }
    }

    /// <summary>A scalar caller of a double[]-output helper: the squared distance of the rotated point from a target.</summary>
    [Differentiable]
    public static double RotationResidual(double[] rot, double[] pt, [NoDerivative] double[] target)
    {
        var rotated = new double[3];
        RodriguesRotatePoint(rot, pt, rotated);
        double s = 0;
        for (int i = 0; i < 3; i++) s += (rotated[i] - target[i]) * (rotated[i] - target[i]);
        return s;
    }

    /// <summary>GradBench GMM/HT's Q·x with Q = diag(q) + strictly lower ltri, written into <paramref name="y"/> (read back with +=).</summary>
    [Differentiable]
    public static void Qtimesx(ReadOnlySpan<double> qdiag, ReadOnlySpan<double> ltri, ReadOnlySpan<double> x, Span<double> y)
    {
        int d = x.Length;
        for (int i = 0; i < d; i++) y[i] = qdiag[i] * x[i];
        int lparamsidx = 0;
        for (int i = 0; i < d; i++)
        {
            for (int j = i + 1; j < d; j++)
            {
                y[j] += ltri[lparamsidx] * x[i];
                lparamsidx++;
            }
        }
    }

    /// <summary>‖Q·x‖², Q·x computed by the helper into a local array.</summary>
    [Differentiable]
    public static double QuadraticForm(double[] qdiag, double[] ltri, double[] x)
    {
        var y = new double[x.Length];
        Qtimesx(qdiag, ltri, x, y);
        double s = 0;
        for (int i = 0; i < y.Length; i++) s += y[i] * y[i];
        return s;
    }

    /// <summary>n×n product into a double[] output (GradBench HT's mat_mult).</summary>
    [Differentiable]
    public static void MatMul(double[] a, double[] b, int n, double[] c)
    {
        for (int i = 0; i < n; i++)
        {
            for (int j = 0; j < n; j++)
            {
                c[i * n + j] = 0;
                for (int k = 0; k < n; k++) c[i * n + j] += a[i * n + k] * b[k * n + j];
            }
        }
    }

    /// <summary>trace(Aᵖ): the helper is called in a loop, its output copied back into its input buffer.</summary>
    [Differentiable]
    public static double TracePower(double[] a, int n, int p)
    {
        var acc = new double[n * n];
        for (int i = 0; i < n; i++) acc[i * n + i] = 1;
        var product = new double[n * n];
        for (int s = 0; s < p; s++)
        {
            MatMul(acc, a, n, product);
            for (int q = 0; q < n * n; q++) acc[q] = product[q];
        }
        double trace = 0;
        for (int i = 0; i < n; i++) trace += acc[i * n + i];
        return trace;
    }

    /// <summary>
    /// The helper overwrites a buffer whose previous contents an earlier statement's derivative reads: the forward sweep
    /// must save it before each call.
    /// </summary>
    [Differentiable]
    public static double CrossChain(double[] a, double[] b, int steps)
    {
        var c = new double[3];
        var u = new double[3];
        for (int i = 0; i < 3; i++) u[i] = a[i];
        double s = 0;
        for (int k = 0; k < steps; k++)
        {
            Cross(u, b, c);
            s += c[0] * c[1] + Math.Sin(c[2]);
            for (int i = 0; i < 3; i++) u[i] = 0.5 * c[i] + a[i];
        }
        return s;
    }

    /// <summary>A vector-output method calling a vector-output helper on its own output and a scalar parameter.</summary>
    [Differentiable]
    public static void ScaledCross(ReadOnlySpan<double> a, ReadOnlySpan<double> b, double scale, Span<double> y)
    {
        Cross(a, b, y);
        for (int i = 0; i < 3; i++) y[i] = y[i] * scale + a[i];
    }
}
