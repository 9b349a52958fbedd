namespace SourceAD.GradBench.Shared;

/// <summary>
/// A function for <see cref="Gd"/>: gd.hpp's FUNC concept (input_size, objective, gradient), an interface here
/// instead of a template parameter.
/// </summary>
public interface IGdFunction
{
    /// <summary>The number of inputs.</summary>
    int input_size();

    /// <summary>Writes the objective at <paramref name="in"/> into <paramref name="out"/>[0].</summary>
    void objective(ReadOnlySpan<double> @in, Span<double> @out);

    /// <summary>Writes the gradient at <paramref name="in"/> into <paramref name="out"/>.</summary>
    void gradient(ReadOnlySpan<double> @in, Span<double> @out);
}

/// <summary>GradBench's gradient descent solver for particle and saddle (cpp/gradbench/gd.hpp), line by line.</summary>
public static class Gd
{
    /// <summary>The squared Euclidean norm.</summary>
    public static double magnitude_squared(double[] v)
    {
        double acc = 0.0;
        foreach (double x in v)
        {
            acc += x * x;
        }
        return acc;
    }

    /// <summary>The Euclidean norm.</summary>
    public static double magnitude(double[] v) => Math.Sqrt(magnitude_squared(v));

    /// <summary>The Euclidean distance.</summary>
    public static double vector_dist(double[] u, double[] v)
    {
        double acc = 0.0;
        for (int i = 0; i < u.Length; i++)
        {
            acc += (u[i] - v[i]) * (u[i] - v[i]);
        }
        return Math.Sqrt(acc);
    }

    /// <summary>The multivariate argmin of <paramref name="f"/> by gradient descent from <paramref name="xp"/>.</summary>
    public static double[] multivariate_argmin(IGdFunction f, ReadOnlySpan<double> xp)
    {
        Span<double> fx = stackalloc double[1];
        var x = new double[f.input_size()];
        var gx = new double[f.input_size()];
        var x_prime = new double[f.input_size()];

        for (int j = 0; j < f.input_size(); j++)
        {
            x[j] = xp[j];
        }

        f.objective(xp, fx);
        f.gradient(x, gx);

        int i = 0;
        double eta = 1e-5;

        Span<double> fx_prime = stackalloc double[1];
        while (true)
        {
            if (magnitude(gx) <= 1e-5)
            {
                return x;
            }
            else if (i == 10)
            {
                eta *= 2;
                i = 0;
            }
            else
            {
                for (int j = 0; j < f.input_size(); j++)
                {
                    x_prime[j] = x[j] - eta * gx[j];
                }
                if (vector_dist(x, x_prime) <= 1e-5)
                {
                    return x;
                }
                else
                {
                    f.objective(x_prime, fx_prime);
                    if (fx_prime[0] < fx[0])
                    {
                        Array.Copy(x_prime, x, x.Length);
                        fx[0] = fx_prime[0];
                        f.gradient(x, gx);
                        i++;
                    }
                    else
                    {
                        eta /= 2;
                        i = 0;
                    }
                }
            }
        }
    }

    /// <summary>multivariate_argmax's multiplicative_inverse: −f and −∇f.</summary>
    private sealed class multiplicative_inverse(IGdFunction _f) : IGdFunction
    {
        public int input_size() => _f.input_size();

        public void objective(ReadOnlySpan<double> x, Span<double> @out)
        {
            Span<double> tmp = stackalloc double[1];
            _f.objective(x, tmp);
            @out[0] = -tmp[0];
        }

        public void gradient(ReadOnlySpan<double> x, Span<double> @out)
        {
            _f.gradient(x, @out);
            for (int i = 0; i < _f.input_size(); i++)
            {
                @out[i] *= -1;
            }
        }
    }

    /// <summary>The multivariate argmax of <paramref name="f"/> by gradient descent on −f.</summary>
    public static double[] multivariate_argmax(IGdFunction f, ReadOnlySpan<double> xp) =>
        multivariate_argmin(new multiplicative_inverse(f), xp);
}
