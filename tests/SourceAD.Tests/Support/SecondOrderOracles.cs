using Xunit;

namespace SourceAD.Tests.Support;

/// <summary>
/// The checks every generated Hessian-vector product gets, over its differentiable inputs flattened into one vector:
/// the value and gradient it returns equal FGradient's bit for bit (one dual sweep must compute the primal's and the
/// pullback's bits), H·v equals central differences of the generated gradient along v, the dense Hessian times v equals
/// H·v and each of its columns equals differences of the gradient along that unit vector, the dense Hessian is
/// symmetric, and the second-order dot-product test ⟨u, H w⟩ = ⟨H u, w⟩ holds.
/// </summary>
public static class SecondOrderOracles
{
    /// <summary>Checks a scalar program's second-order members at <paramref name="x"/> along random directions.</summary>
    /// <param name="x">The flattened differentiable inputs.</param>
    /// <param name="gradient">The generated FGradient (value and flattened gradient).</param>
    /// <param name="hvp">The generated FHessianVectorProduct along a flattened direction (value, gradient, H·v).</param>
    /// <param name="hessian">The generated dense FHessian.</param>
    /// <param name="step">The central-difference step (relative to max(1, |xᵢ|) for the columns).</param>
    public static void Scalar(double[] x, Func<double[], (double Value, double[] Gradient)> gradient,
        Func<double[], double[], (double Value, double[] Gradient, double[] Hv)> hvp, Func<double[], double[,]> hessian,
        double fdRelative = 1e-5, double fdAbsolute = 1e-6, int seed = 11, double step = 1e-5)
    {
        var rng = new Random(seed);
        int n = x.Length;
        var (value, g) = gradient((double[])x.Clone());
        double[] GradientAt(double[] direction, double h) =>
            gradient(x.Zip(direction, (a, b) => a + h * b).ToArray()).Gradient;

        double[] u = Numeric.Random(rng, n), w = Numeric.Random(rng, n);
        var (hValue, hGradient, hu) = hvp((double[])x.Clone(), u);
        Assert.Equal(value, hValue);
        Assert.Equal(g, hGradient);
        double[] hw = hvp((double[])x.Clone(), w).Hv;

        double[] fd = GradientAt(u, step).Zip(GradientAt(u, -step), (a, b) => (a - b) / (2 * step)).ToArray();
        Numeric.Close(fd, hu, fdRelative, fdAbsolute, "H·u against differences of the gradient");
        Numeric.Close(Numeric.Dot(u, hw), Numeric.Dot(hu, w), 1e-10, 1e-10, "⟨u, H w⟩ against ⟨H u, w⟩");

        double[,] dense = hessian((double[])x.Clone());
        Assert.Equal(n, dense.GetLength(0));
        Assert.Equal(n, dense.GetLength(1));
        var denseU = new double[n];
        for (int i = 0; i < n; i++)
            for (int j = 0; j < n; j++) denseU[i] += dense[i, j] * u[j];
        Numeric.Close(denseU, hu, 1e-10, 1e-10, "dense Hessian times u against H·u");
        for (int j = 0; j < n; j++)
        {
            var e = new double[n];
            e[j] = Math.Max(1, Math.Abs(x[j]));
            double[] column = GradientAt(e, step).Zip(GradientAt(e, -step), (a, b) => (a - b) / (2 * step * e[j])).ToArray();
            for (int i = 0; i < n; i++)
            {
                Numeric.Close(column[i], dense[i, j], fdRelative, fdAbsolute, $"H[{i},{j}] against differences of the gradient");
                Numeric.Close(dense[j, i], dense[i, j], 1e-10, 1e-12, $"H[{i},{j}] against H[{j},{i}]");
            }
        }
    }
}
