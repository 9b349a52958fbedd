using System.Numerics;

namespace SourceAD.Checking;

/// <summary>
/// The floating type a checked method computes in. The checker works on doubles, but a <c>float</c> method sees only
/// float-representable points, so finite-difference steps are measured after <see cref="Round"/>, and default
/// tolerances follow <see cref="Epsilon"/>.
/// </summary>
/// <param name="Epsilon">The gap between 1 and the next representable value (2⁻⁵² for double, 2⁻²³ for float).</param>
/// <param name="Round">Rounds a double to the nearest value of the method's type, returned as a double.</param>
/// <param name="TypeName">The type's C# name, for reports.</param>
public sealed record CheckPrecision(double Epsilon, Func<double, double> Round, string TypeName)
{
    /// <summary>The precision of <typeparamref name="T"/>.</summary>
    public static CheckPrecision For<T>() where T : IFloatingPointIeee754<T> =>
        new(double.CreateTruncating(T.BitIncrement(T.One) - T.One),
            x => double.CreateTruncating(T.CreateTruncating(x)),
            typeof(T).Name);

    /// <summary>The default tolerance of the finite-difference checks, 100·√ε: 1.5e-6 for double, 3.5e-2 for float.
    /// A central difference with the step <see cref="DerivativeCheck"/> uses is good to about ε^(2/3) on smooth,
    /// well-scaled code; the slack is for curvature and cancellation in the user's function.</summary>
    public double DefaultTolerance => 100 * Math.Sqrt(Epsilon);

    /// <summary>The tolerance of the dot-product test, √ε: it compares two evaluations of the same derivative that
    /// differ only in rounding (the forward and the reverse sweep), measured against Σ|gᵢ vᵢ|.</summary>
    public double DotProductTolerance => Math.Sqrt(Epsilon);
}
