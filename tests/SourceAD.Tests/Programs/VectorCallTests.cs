using SourceAD.Tests.Support;
using Xunit;
using static SourceAD.Tests.Support.DerivativeOracles;
using V = SourceAD.Tests.Programs.VectorCallPrograms;

namespace SourceAD.Tests.Programs;

/// <summary>Calls of vector-output helpers as statements, in both modes: value oracle, finite differences, dot-product test, closed forms.</summary>
public class VectorCallTests
{
    [Theory]
    [InlineData(0.3, -0.4, 0.5)]
    [InlineData(1.2, 0.7, -2.1)]
    [InlineData(0.0, 0.0, 0.0)]
    public void RodriguesResidual(double r0, double r1, double r2)
    {
        double[] target = { 0.2, -0.1, 0.4 };
        double[] x = { r0, r1, r2, 0.9, -1.3, 0.6 };
        double[] g = Scalar(x,
            v => V.RotationResidual(v[..3], v[3..], target),
            v => { var (value, dr, dp) = V.RotationResidualGradient(v[..3], v[3..], target); return (value, Join(dr, dp)); },
            (v, u) => V.RotationResidualPushforward(v[..3], v[3..], target, u[..3], u[3..]),
            (v, w, adj) => V.RotationResidualPullback(v[..3], v[3..], target, w, adj.AsSpan(0, 3), adj.AsSpan(3, 3)));

        // Closed form in the point: ∂/∂pt ‖R·pt − target‖² = 2Rᵀ(R·pt − target), R by the matrix form of Rodrigues' formula.
        double[,] rm = Rotation(r0, r1, r2);
        double[] pt = x[3..];
        var residual = new double[3];
        for (int i = 0; i < 3; i++) residual[i] = rm[i, 0] * pt[0] + rm[i, 1] * pt[1] + rm[i, 2] * pt[2] - target[i];
        for (int j = 0; j < 3; j++)
        {
            double expected = 2 * (rm[0, j] * residual[0] + rm[1, j] * residual[1] + rm[2, j] * residual[2]);
            Numeric.Close(expected, g[3 + j], 1e-12, 1e-14, $"dpt[{j}]");
        }
    }

    private static double[,] Rotation(double r0, double r1, double r2)
    {
        double theta = Math.Sqrt(r0 * r0 + r1 * r1 + r2 * r2);
        var rm = new double[3, 3];
        for (int i = 0; i < 3; i++) rm[i, i] = 1;
        if (theta == 0) return rm;
        double[] k = { r0 / theta, r1 / theta, r2 / theta };
        double[,] kx = { { 0, -k[2], k[1] }, { k[2], 0, -k[0] }, { -k[1], k[0], 0 } };
        for (int i = 0; i < 3; i++)
        {
            for (int j = 0; j < 3; j++)
            {
                double k2 = 0;
                for (int l = 0; l < 3; l++) k2 += kx[i, l] * kx[l, j];
                rm[i, j] += Math.Sin(theta) * kx[i, j] + (1 - Math.Cos(theta)) * k2;
            }
        }
        return rm;
    }

    [Fact]
    public void QtimesxQuadraticForm()
    {
        const int d = 4, l = d * (d - 1) / 2;
        var rng = new Random(3);
        double[] x = Numeric.Random(rng, d + l + d);
        double[] g = Scalar(x,
            v => V.QuadraticForm(v[..d], v[d..(d + l)], v[(d + l)..]),
            v => { var (value, dq, dl, dx) = V.QuadraticFormGradient(v[..d], v[d..(d + l)], v[(d + l)..]); return (value, Join(dq, dl, dx)); },
            (v, u) => V.QuadraticFormPushforward(v[..d], v[d..(d + l)], v[(d + l)..], u[..d], u[d..(d + l)], u[(d + l)..]),
            (v, w, adj) => V.QuadraticFormPullback(v[..d], v[d..(d + l)], v[(d + l)..], w, adj.AsSpan(0, d), adj.AsSpan(d, l), adj.AsSpan(d + l, d)));

        // Closed form: y = Q·x, ∂‖y‖²/∂q_i = 2 y_i x_i, ∂/∂L_(j,i) = 2 y_j x_i, ∂/∂x = 2Qᵀy.
        double[] q = x[..d], lt = x[d..(d + l)], xs = x[(d + l)..];
        var y = new double[d];
        for (int i = 0; i < d; i++) y[i] = q[i] * xs[i];
        var dx = new double[d];
        for (int i = 0; i < d; i++) dx[i] = 2 * q[i] * y[i];
        int idx = 0;
        for (int i = 0; i < d; i++)
        {
            for (int j = i + 1; j < d; j++) { y[j] += lt[idx] * xs[i]; idx++; }
        }
        for (int i = 0; i < d; i++) dx[i] = 2 * q[i] * y[i];
        idx = 0;
        for (int i = 0; i < d; i++)
        {
            for (int j = i + 1; j < d; j++)
            {
                Numeric.Close(2 * y[j] * xs[i], g[d + idx], 1e-12, 1e-14, $"dltri[{idx}]");
                dx[i] += 2 * lt[idx] * y[j];
                idx++;
            }
        }
        for (int i = 0; i < d; i++)
        {
            Numeric.Close(2 * y[i] * xs[i], g[i], 1e-12, 1e-14, $"dq[{i}]");
            Numeric.Close(dx[i], g[d + l + i], 1e-12, 1e-14, $"dx[{i}]");
        }
    }

    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    public void MatMulInALoop(int p)
    {
        const int n = 3;
        double[] a = Numeric.Random(new Random(5), n * n);
        double[] g = Scalar(a,
            v => V.TracePower(v, n, p),
            v => V.TracePowerGradient(v, n, p),
            (v, u) => V.TracePowerPushforward(v, n, p, u),
            (v, w, adj) => V.TracePowerPullback(v, n, p, w, adj));
        // Closed form: ∂ tr(Aᵖ)/∂A = p·(Aᵖ⁻¹)ᵀ.
        var power = new double[n * n];
        for (int i = 0; i < n; i++) power[i * n + i] = 1;
        for (int s = 0; s < p - 1; s++)
        {
            var next = new double[n * n];
            for (int i = 0; i < n; i++)
                for (int j = 0; j < n; j++)
                    for (int k = 0; k < n; k++) next[i * n + j] += power[i * n + k] * a[k * n + j];
            power = next;
        }
        for (int i = 0; i < n; i++)
            for (int j = 0; j < n; j++) Numeric.Close(p * power[j * n + i], g[i * n + j], 1e-12, 1e-14, $"dA[{i},{j}]");
    }

    [Theory]
    [InlineData(1)]
    [InlineData(4)]
    public void OverwrittenOutputIsSavedForTheReverseSweep(int steps)
    {
        double[] x = { 0.3, -0.8, 0.5, 1.1, 0.4, -0.6 };
        Scalar(x,
            v => V.CrossChain(v[..3], v[3..], steps),
            v => { var (value, da, db) = V.CrossChainGradient(v[..3], v[3..], steps); return (value, Join(da, db)); },
            (v, u) => V.CrossChainPushforward(v[..3], v[3..], steps, u[..3], u[3..]),
            (v, w, adj) => V.CrossChainPullback(v[..3], v[3..], steps, w, adj.AsSpan(0, 3), adj.AsSpan(3, 3)));
    }

    [Fact]
    public void VectorCallerOfVectorHelper()
    {
        double[] x = { 0.3, -0.8, 0.5, 1.1, 0.4, -0.6, 1.7 };
        Vector(x, 3,
            (v, y) => V.ScaledCross(v[..3], v[3..6], v[6], y),
            (v, u, y, dy) => V.ScaledCrossPushforward(v[..3], v[3..6], v[6], y, u[..3], u[3..6], u[6], dy),
            (v, w, y, adj) =>
            {
                double dscale = 0;
                V.ScaledCrossPullback(v[..3], v[3..6], v[6], y, w, adj.AsSpan(0, 3), adj.AsSpan(3, 3), ref dscale);
                adj[6] += dscale;
            });
        // Closed form: y = scale·(a × b) + a, so ∂y/∂scale = a × b; the Jacobian's last column.
        double[,] j = V.ScaledCrossJacobian(x[..3], x[3..6], x[6], new double[3]);
        var cross = new double[3];
        V.Cross(x[..3], x[3..6], cross);
        for (int r = 0; r < 3; r++) Numeric.Close(cross[r], j[r, 6], 1e-14, 1e-15, $"J[{r},scale]");
    }
}
