using Xunit;

namespace SourceAD.Tests.SecondOrder;

/// <summary>
/// Second order by forward-over-reverse: FHessianVectorProduct and FHessian against closed forms, against finite
/// differences of the generated gradient, the symmetry test ⟨u, H v⟩ = ⟨H u, v⟩, and the first-order part of the dual
/// sweep against FGradient bit for bit (it is the same arithmetic on the value parts).
/// </summary>
public sealed class HessianTests
{
    private static readonly double[] Point = { 0.3, -0.8, 1.1, 0.45, -0.2 };

    [Fact]
    public void RosenbrockMatchesItsClosedForm()
    {
        double x = -1.2, y = 1.0;
        double[,] h = SecondOrderPrograms.RosenbrockHessian(x, y);
        // ∂²/∂x² = 2 − 400(y − x²) + 800x², ∂²/∂x∂y = −400x, ∂²/∂y² = 200.
        Assert.Equal(2 - 400 * (y - x * x) + 800 * x * x, h[0, 0], 1e-9);
        Assert.Equal(-400 * x, h[0, 1], 1e-9);
        Assert.Equal(-400 * x, h[1, 0], 1e-9);
        Assert.Equal(200, h[1, 1], 1e-9);

        var hvp = SecondOrderPrograms.RosenbrockHessianVectorProduct(x, y, 0.5, -2.0);
        var g = SecondOrderPrograms.RosenbrockGradient(x, y);
        Assert.Equal(g, (hvp.Value, hvp.DX, hvp.DY));
        Assert.Equal(h[0, 0] * 0.5 + h[0, 1] * -2.0, hvp.HX, 1e-9);
        Assert.Equal(h[1, 0] * 0.5 + h[1, 1] * -2.0, hvp.HY, 1e-9);
    }

    [Fact]
    public void GenericLogSumExpMatchesDiagPMinusPPTransposed()
    {
        double[] x = Point;
        double[,] h = SecondOrderPrograms.LogSumExpHessian(x);
        double[] e = x.Select(Math.Exp).ToArray();
        double[] p = e.Select(v => v / e.Sum()).ToArray();
        for (int i = 0; i < x.Length; i++)
            for (int j = 0; j < x.Length; j++)
                Assert.Equal((i == j ? p[i] : 0) - p[i] * p[j], h[i, j], 1e-12);

        // float too: the same generic pullback at Dual<float>.
        float[,] hf = SecondOrderPrograms.LogSumExpHessian(x.Select(v => (float)v).ToArray());
        Assert.Equal(h[1, 2], hf[1, 2], 1e-5);
    }

    [Fact]
    public void QuadraticFormWithDataHasTheSymmetrizedMatrix()
    {
        var a = new double[,] { { 2.0, 0.5, -1.0 }, { 1.5, 3.0, 0.25 }, { 0.0, -0.75, 1.0 } };
        var q = new Quadratic(a, new[] { 0.1, -0.2, 0.3 });
        double[,] h = q.ValueHessian(new[] { 0.7, -0.4, 1.9 });
        for (int i = 0; i < 3; i++)
            for (int j = 0; j < 3; j++)
                Assert.Equal((a[i, j] + a[j, i]) / 2, h[i, j], 1e-12);
    }

    [Fact]
    public void LoopsBranchesAndHelpersAgreeWithFiniteDifferencesOfTheGradient()
    {
        double[] q = Point;
        double k = 1.7;
        double[] vq = { 0.4, -1.0, 0.25, 0.8, -0.6 };
        double vk = -0.3;
        var hvp = SecondOrderPrograms.EnergyHessianVectorProduct(q, k, vq, vk);

        var gradient = SecondOrderPrograms.EnergyGradient(q, k);
        Assert.Equal(gradient.Value, hvp.Value);
        Assert.Equal(gradient.DQ, hvp.DQ);
        Assert.Equal(gradient.DStiffness, hvp.DStiffness);

        // Central differences of the generated gradient along v.
        const double step = 1e-6;
        var plus = SecondOrderPrograms.EnergyGradient(q.Zip(vq, (a, b) => a + step * b).ToArray(), k + step * vk);
        var minus = SecondOrderPrograms.EnergyGradient(q.Zip(vq, (a, b) => a - step * b).ToArray(), k - step * vk);
        for (int i = 0; i < q.Length; i++)
            Assert.Equal((plus.DQ[i] - minus.DQ[i]) / (2 * step), hvp.HQ[i], 1e-6);
        Assert.Equal((plus.DStiffness - minus.DStiffness) / (2 * step), hvp.HStiffness, 1e-6);
    }

    [Fact]
    public void TheHessianIsSymmetricAndSecondOrderDotProductsAgree()
    {
        double[] q = Point;
        double[,] h = SecondOrderPrograms.EnergyHessian(q, 1.7);
        int n = q.Length + 1;
        for (int i = 0; i < n; i++)
            for (int j = 0; j < n; j++)
                Assert.Equal(h[i, j], h[j, i], 1e-10);

        double[] u = { 0.3, 0.1, -0.7, 0.2, 0.9 }, v = { -0.5, 0.6, 0.35, -0.15, 0.05 };
        var hv = SecondOrderPrograms.EnergyHessianVectorProduct(q, 1.7, v, 0.4);
        var hu = SecondOrderPrograms.EnergyHessianVectorProduct(q, 1.7, u, -0.8);
        double uHv = u.Zip(hv.HQ, (a, b) => a * b).Sum() + -0.8 * hv.HStiffness;
        double vHu = v.Zip(hu.HQ, (a, b) => a * b).Sum() + 0.4 * hu.HStiffness;
        Assert.Equal(uHv, vHu, 1e-10);
    }

    [Fact]
    public void FloatMethodsGetFloatHessians()
    {
        float[,] h = SecondOrderPrograms.Softplus2Hessian(0.4f, -0.9f);
        // f = log(1 + e^{xy}) + x²y: ∂²/∂x² = y²·s(1−s) + 2y, with s = σ(xy).
        double s = 1 / (1 + Math.Exp(-(0.4 * -0.9)));
        Assert.Equal(0.81 * s * (1 - s) + 2 * -0.9, h[0, 0], 1e-5);
        Assert.Equal(h[0, 1], h[1, 0], 1e-6);
    }

    [Fact]
    public void CallersOfHandWrittenDerivativesGetNoSecondOrderMembers()
    {
        // A [DerivativeOf] pullback has no dual form, so forward-over-reverse cannot pass through it; the generator
        // leaves the Hessian members out rather than emit code that does not compile.
        Assert.Null(typeof(SecondOrderPrograms).GetMethod("UsesGeluHessian"));
        Assert.NotNull(typeof(SecondOrderPrograms).GetMethod("UsesGeluGradient"));
        Assert.NotNull(typeof(SecondOrderPrograms).GetMethod("RosenbrockHessian"));
    }

    [Fact]
    public void MisuseNamesTheShapes()
    {
        var error = Assert.Throws<ArgumentException>(() =>
            SecondOrderPrograms.EnergyHessianVectorProduct(Point, 1.0, new double[2], 0.0));
        Assert.Contains("'vQ' has length 2", error.Message);
    }
}
