using System.Text.Json.Nodes;
using SourceAD.GradBench.Protocol;
using SourceAD.GradBench.Shared;

namespace SourceAD.GradBench.Evals;

/// <summary>
/// GradBench's saddle eval (cpp/gradbench/evals/saddle.hpp, and the drivers of the C++ tools, e.g. tools/ad-hpp/saddle.cpp):
/// min over x of max over y of the objective, by <see cref="Gd"/>'s gradient descent, the inner argmax running inside
/// every objective and gradient evaluation of the outer argmin.
/// </summary>
public static partial class Saddle
{
    // template <typename T> T objective(T x1, T y1, T x2, T y2)
    [Differentiable]
    public static double objective(double x1, double y1, double x2, double y2)
    {
        return (x1 * x1 + y1 * y1) - (x2 * x2 + y2 * y2);
    }
}

/// <summary>The argmax over y = (in[0], in[1]) of objective(x1, x2, y): gradient by forward (two pushforwards) or reverse mode.</summary>
internal sealed class argmax_y_driver(double[] start, bool reverse) : IGdFunction
{
    private readonly double[] _optimizer_start = [start[0], start[1]];
    private double _x1, _x2; // set when calling compute_the_argmax

    public int input_size() => 2;

    public void capture(double x1, double x2)
    {
        _x1 = x1;
        _x2 = x2;
    }

    public void objective(ReadOnlySpan<double> @in, Span<double> @out) => @out[0] = Saddle.objective(_x1, _x2, @in[0], @in[1]);

    public void gradient(ReadOnlySpan<double> @in, Span<double> @out)
    {
        if (reverse)
        {
            var g = Saddle.objectiveGradient(_x1, _x2, @in[0], @in[1]);
            @out[0] = g.DX2;
            @out[1] = g.DY2;
        }
        else
        {
            @out[0] = Saddle.objectivePushforward(_x1, _x2, @in[0], @in[1], 0, 0, 1, 0).Tangent;
            @out[1] = Saddle.objectivePushforward(_x1, _x2, @in[0], @in[1], 0, 0, 0, 1).Tangent;
        }
    }

    public double[] compute_the_argmax() => Gd.multivariate_argmax(this, _optimizer_start);
}

/// <summary>The argmin over x of max over y, with the inner driver; its gradient differentiates the objective in x at the inner argmax.</summary>
internal sealed class argmin_x_driver(double[] start, argmax_y_driver driver, bool reverse) : IGdFunction
{
    private readonly double[] _start = [start[0], start[1]];

    public int input_size() => 2;

    public void objective(ReadOnlySpan<double> @in, Span<double> @out)
    {
        driver.capture(@in[0], @in[1]);
        double[] y_cur = driver.compute_the_argmax();
        @out[0] = Saddle.objective(@in[0], @in[1], y_cur[0], y_cur[1]);
    }

    public void gradient(ReadOnlySpan<double> @in, Span<double> @out)
    {
        driver.capture(@in[0], @in[1]);
        double[] y_cur = driver.compute_the_argmax();
        if (reverse)
        {
            var g = Saddle.objectiveGradient(@in[0], @in[1], y_cur[0], y_cur[1]);
            @out[0] = g.DX1;
            @out[1] = g.DY1;
        }
        else
        {
            @out[0] = Saddle.objectivePushforward(@in[0], @in[1], y_cur[0], y_cur[1], 1, 0, 0, 0).Tangent;
            @out[1] = Saddle.objectivePushforward(@in[0], @in[1], y_cur[0], y_cur[1], 0, 1, 0, 0).Tangent;
        }
    }

    public double[] compute_the_argmin() => Gd.multivariate_argmin(this, _start);
}

/// <summary>
/// The saddle module: "ff", "fr", "rf", "rr" (outer mode, inner mode). As in the C++ tools, the outer gradient is taken
/// at the inner argmax (the inner argmax runs, with its own derivatives, inside each outer evaluation), and step 2's
/// argmax uses the inner mode (tools/ad-hpp/saddle.cpp: SaddleFR's second argmax is the adjoint driver).
/// </summary>
public sealed class SaddleEval : IEval
{
    /// <inheritdoc/>
    public string Name => "saddle";

    /// <inheritdoc/>
    public EvalRun? Prepare(string function, JsonNode input)
    {
        double[] start = JsonInput.Doubles(JsonInput.Field(input, "start"));
        if (start.Length != 2) throw new FormatException("start must have 2 entries");
        if (function is not ("ff" or "fr" or "rf" or "rr")) return null;
        bool outerReverse = function[0] == 'r', innerReverse = function[1] == 'r';
        var output = new double[4];
        return new EvalRun(
            () =>
            {
                var argmin_driver = new argmin_x_driver(start, new argmax_y_driver(start, innerReverse), outerReverse);
                var argmax_driver = new argmax_y_driver(start, innerReverse);
                // compute argmin_x max_y f(x, y)
                double[] x = argmin_driver.compute_the_argmin();
                output[0] = x[0];
                output[1] = x[1];
                // compute argmax_y f(x*, y) (the C++ tools leave x uncaptured here; the objective is separable, so the argmax
                // is the same either way, and capturing x* is what the eval's README specifies)
                argmax_driver.capture(x[0], x[1]);
                double[] y = argmax_driver.compute_the_argmax();
                output[2] = y[0];
                output[3] = y[1];
            },
            () => JsonInput.Array(output));
    }
}
