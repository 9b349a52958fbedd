// entry: Pde.Poisson.CenterValue
// args: 1.5, -0.5, 0.25, 30
// expect: works
using System;
using SourceAD;

namespace Pde;

public static partial class Poisson
{
    /// <summary>Gauss–Seidel sweeps of Laplace's equation on a 6×6 grid with three Dirichlet boundary values; the center value.</summary>
    [Differentiable]
    public static double CenterValue(double top, double left, double source, int sweeps)
    {
        const int N = 6;
        var u = new double[N, N];
        for (int j = 0; j < N; j++) u[0, j] = top;
        for (int i = 0; i < N; i++) u[i, 0] = left;
        for (int s = 0; s < sweeps; s++)
        {
            for (int i = 1; i < N - 1; i++)
            {
                for (int j = 1; j < N - 1; j++)
                    u[i, j] = 0.25 * (u[i - 1, j] + u[i + 1, j] + u[i, j - 1] + u[i, j + 1] + source);
            }
        }
        return u[N / 2, N / 2];
    }
}
