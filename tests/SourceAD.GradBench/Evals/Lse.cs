using System.Text.Json.Nodes;
using SourceAD.GradBench.Protocol;

namespace SourceAD.GradBench.Evals;

/// <summary>GradBench's lse eval (cpp/gradbench/evals/lse.hpp), the generic <c>primal</c> template line by line.</summary>
public static partial class Lse
{
    // template <typename T> void primal(size_t n, const T* x, T* out)
    [Differentiable]
    public static void Primal(int n, ReadOnlySpan<double> x, Span<double> @out)
    {
        double A = x[0];
        for (int i = 1; i < n; i++)
        {
            A = Math.Max(A, x[i]);
        }

        double s = 0;
        for (int i = 0; i < n; i++)
        {
            s += Math.Exp(x[i] - A);
        }

        @out[0] = Math.Log(s) + A;
    }
}

/// <summary>The lse module: "primal" and "gradient" (one pullback with seed 1).</summary>
public sealed class LseEval : IEval
{
    /// <inheritdoc/>
    public string Name => "lse";

    /// <inheritdoc/>
    public EvalRun? Prepare(string function, JsonNode input)
    {
        double[] x = JsonInput.Doubles(JsonInput.Field(input, "x"));
        int n = x.Length;
        if (n == 0) throw new FormatException("x must not be empty");
        var output = new double[1];
        switch (function)
        {
            case "primal":
                return new EvalRun(() => Lse.Primal(n, x, output), () => output[0]);
            case "gradient":
                var seed = new double[] { 1 };
                var dx = new double[n];
                return new EvalRun(
                    () =>
                    {
                        Array.Clear(dx);
                        Lse.PrimalPullback(n, x, output, seed, dx);
                    },
                    () => JsonInput.Array(dx));
            default:
                return null;
        }
    }
}
