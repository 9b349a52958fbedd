using System.Text.Json.Nodes;
using SourceAD.GradBench.Protocol;

namespace SourceAD.GradBench.Evals;

/// <summary>GradBench's llsq eval (cpp/gradbench/evals/llsq.hpp), the generic <c>primal</c> template line by line.</summary>
public static partial class Llsq
{
    // double t(double i, double n) { return -1 + i * 2 / (n - 1); }
    public static double t(double i, double n) { return -1 + i * 2 / (n - 1); }

    // template <typename T> T s(T ti) { return (T(0) < ti) - (ti < T(0)); }
    // C# has no bool-to-number conversion: each comparison becomes (cond ? 1 : 0).
    [Differentiable]
    public static double s(double ti)
    {
        return (0.0 < ti ? 1.0 : 0.0) - (ti < 0.0 ? 1.0 : 0.0);
    }

    // template <typename T> void primal(size_t n, size_t m, const T* x, T* out)
    [Differentiable]
    public static void Primal(int n, int m, ReadOnlySpan<double> x, Span<double> @out)
    {
        double sum = 0.0;
        for (int i = 0; i < n; i++)
        {
            double ti = t(i, n);
            double inner_sum = s(ti);
            double mul = 1;
            for (int j = 0; j < m; j++)
            {
                inner_sum -= x[j] * mul;
                mul *= ti;
            }
            sum += inner_sum * inner_sum;
        }
        @out[0] = sum / 2.0;
    }
}

/// <summary>The llsq module: "primal" and "gradient" (one pullback with seed 1).</summary>
public sealed class LlsqEval : IEval
{
    /// <inheritdoc/>
    public string Name => "llsq";

    /// <inheritdoc/>
    public EvalRun? Prepare(string function, JsonNode input)
    {
        double[] x = JsonInput.Doubles(JsonInput.Field(input, "x"));
        int n = JsonInput.Int(JsonInput.Field(input, "n"));
        int m = x.Length;
        var output = new double[1];
        switch (function)
        {
            case "primal":
                return new EvalRun(() => Llsq.Primal(n, m, x, output), () => output[0]);
            case "gradient":
                var seed = new double[] { 1 };
                var dx = new double[m];
                return new EvalRun(
                    () =>
                    {
                        Array.Clear(dx);
                        Llsq.PrimalPullback(n, m, x, output, seed, dx);
                    },
                    () => JsonInput.Array(dx));
            default:
                return null;
        }
    }
}
