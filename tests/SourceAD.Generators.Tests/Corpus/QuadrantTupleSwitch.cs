// entry: Shapes.Quadrants.Score
// args: 0.4, -0.6
// expect: works
using SourceAD;

namespace Shapes;

public static partial class Quadrants
{
    /// <summary>A score by the signs of both coordinates, as a tuple switch.</summary>
    [Differentiable]
    public static double Score(double a, double b) => (a > 0, b > 0) switch
    {
        (true, true) => a * b,
        (true, false) => a - b,
        (false, true) => b - a,
        _ => -a * b,
    };
}
