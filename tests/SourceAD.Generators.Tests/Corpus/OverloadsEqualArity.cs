// entry: Graphics.Scaling.Scale
// args: 1.5, 2.0
// closed-form: ExpectedGradient
// expect: works
using SourceAD;

namespace Graphics;

public static partial class Scaling
{
    [Differentiable]
    public static double Scale(double value, double factor) => value * factor * factor;

    [Differentiable]
    public static float Scale(float value, float factor) => value * factor * factor;

    public static double[] ExpectedGradient(double v, double f) => new[] { f * f, 2 * v * f };
}
