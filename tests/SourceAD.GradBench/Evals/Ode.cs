using System.Text.Json.Nodes;
using SourceAD.GradBench.Protocol;

namespace SourceAD.GradBench.Evals;

/// <summary>GradBench's ode eval (cpp/gradbench/evals/ode.hpp): fourth-order Runge–Kutta, line by line.</summary>
public static partial class Ode
{
    // template <typename T> void ode_fun(size_t n, const T* x, const T* y, T* z)
    [Differentiable]
    public static void ode_fun(int n, ReadOnlySpan<double> x, ReadOnlySpan<double> y, Span<double> z)
    {
        z[0] = x[0];
        for (int i = 1; i < n; i++)
        {
            z[i] = x[i] * y[i - 1];
        }
    }

    // template <typename T> void primal(size_t n, const T* xi, size_t s, T* yf)
    [Differentiable]
    public static void Primal(int n, ReadOnlySpan<double> xi, int s, Span<double> yf)
    {
        double tf = 2.0;
        double h = tf / s;
        double[] k1 = new double[n], k2 = new double[n], k3 = new double[n], k4 = new double[n], y_tmp = new double[n];
        yf.Slice(0, n).Fill(0.0);

        for (int i_step = 0; i_step < s; i_step++)
        {
            ode_fun(n, xi, yf, k1);

            for (int i = 0; i < n; i++)
            {
                y_tmp[i] = yf[i] + h * k1[i] / 2.0;
            }
            ode_fun(n, xi, y_tmp, k2);

            for (int i = 0; i < n; i++)
            {
                y_tmp[i] = yf[i] + h * k2[i] / 2.0;
            }
            ode_fun(n, xi, y_tmp, k3);

            for (int i = 0; i < n; i++)
            {
                y_tmp[i] = yf[i] + h * k3[i];
            }
            ode_fun(n, xi, y_tmp, k4);

            for (int i = 0; i < n; i++)
            {
                yf[i] += h * (k1[i] + 2.0 * k2[i] + 2.0 * k3[i] + k4[i]) / 6.0;
            }
        }
    }
}

/// <summary>
/// The ode module: "primal" (the final state) and "gradient", the gradient of the last component of the final state
/// (what GradBench's manual tool computes): one pullback seeded with e_{n−1}.
/// </summary>
public sealed class OdeEval : IEval
{
    /// <inheritdoc/>
    public string Name => "ode";

    /// <inheritdoc/>
    public EvalRun? Prepare(string function, JsonNode input)
    {
        double[] x = JsonInput.Doubles(JsonInput.Field(input, "x"));
        int s = JsonInput.Int(JsonInput.Field(input, "s"));
        int n = x.Length;
        if (n == 0 || s < 1) throw new FormatException("x must not be empty and s must be at least 1");
        var output = new double[n];
        switch (function)
        {
            case "primal":
                return new EvalRun(() => Ode.Primal(n, x, s, output), () => JsonInput.Array(output));
            case "gradient":
                var seed = new double[n];
                seed[n - 1] = 1;
                var dx = new double[n];
                // GAP(issue 12): the read-before-write test sees yf passed to ode_fun before it sees Fill, so yf is an
                // in-out output and the pullback takes the (here unused) adjoint of its entry contents too.
                var dyfIn = new double[n];
                return new EvalRun(
                    () =>
                    {
                        Array.Clear(dx);
                        Ode.PrimalPullback(n, x, s, output, seed, dx, dyfIn);
                    },
                    () => JsonInput.Array(dx));
            default:
                return null;
        }
    }
}
