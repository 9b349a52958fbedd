using System.Text.Json.Nodes;
using SourceAD.GradBench.Protocol;

namespace SourceAD.GradBench.Evals;

/// <summary>GradBench's hello eval (cpp/gradbench/evals/hello.hpp): square, and its derivative as "double".</summary>
public static partial class Hello
{
    // template <typename D> D square(D x) { return x * x; }
    [Differentiable]
    public static double Square(double x)
    {
        return x * x;
    }
}

/// <summary>The hello module.</summary>
public sealed class HelloEval : IEval
{
    /// <inheritdoc/>
    public string Name => "hello";

    /// <inheritdoc/>
    public EvalRun? Prepare(string function, JsonNode input)
    {
        double x = JsonInput.Double(input);
        double output = 0;
        return function switch
        {
            "square" => new EvalRun(() => output = Hello.Square(x), () => output),
            "double" => new EvalRun(() => output = Hello.SquareGradient(x).DX, () => output),
            _ => null,
        };
    }
}
