namespace SourceAD.Tests.Programs;

/// <summary>An instance method: fields are read as constants, and the derivatives are instance methods too.</summary>
public partial class ScaledModel(double scale)
{
    private readonly double _scale = scale;

    [Differentiable]
    public double Energy(double[] x)
    {
        double s = 0;
        foreach (double v in x) s += _scale * v * v + Math.Cos(v);
        return s;
    }

    /// <summary>Nested partial types work too.</summary>
    public static partial class Inner
    {
        [Differentiable]
        public static float Cube(float x) => x * x * x;
    }
}
