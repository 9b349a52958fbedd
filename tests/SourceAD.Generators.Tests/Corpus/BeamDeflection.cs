// entry: Structures.Beam.TipDeflection
// args: 2.5, 1200.0, 0.05, 0.1
// closed-form: ExpectedGradient
// expect: works
using SourceAD;

namespace Structures;

public static partial class Beam
{
    /// <summary>Young's modulus of structural steel, Pa.</summary>
    public const double E = 200e9;

    /// <summary>Tip deflection of a cantilever with a point load: P L³ / (3 E I), I = b h³ / 12.</summary>
    [Differentiable]
    public static double TipDeflection(double length, double load, double width, double height)
    {
        double inertia = width * height * height * height / 12;
        return load * length * length * length / (3 * E * inertia) * 1000;
    }

    public static double[] ExpectedGradient(double l, double p, double b, double h)
    {
        double i = b * h * h * h / 12;
        double d = p * l * l * l / (3 * E * i) * 1000;
        return new[] { 3 * d / l, d / p, -d / b, -3 * d / h };
    }
}
