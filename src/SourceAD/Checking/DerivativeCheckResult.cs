using System.Globalization;

namespace SourceAD.Checking;

/// <summary>
/// One comparison made by <see cref="DerivativeCheck"/>. The error is |expected − actual| / max(1, |expected| + |actual|)
/// (GradBench's measure) for finite differences and the value oracle, and relative to Σ|gᵢ vᵢ| for the dot-product test.
/// </summary>
/// <param name="Kind">Which check.</param>
/// <param name="Input">The input entry (<c>b[3]</c>), <c>direction 2</c>, or <c>value</c>.</param>
/// <param name="Expected">The reference: the user's value, or a finite difference, or ⟨gradient, v⟩.</param>
/// <param name="Actual">What the generated code gave.</param>
/// <param name="Error">The error measure above (0 when the value oracle holds bit for bit, +∞ when it does not).</param>
/// <param name="Tolerance">The bound the error was held to.</param>
public sealed record DerivativeCheckResult(
    DerivativeCheckKind Kind, string Input, double Expected, double Actual, double Error, double Tolerance)
{
    /// <summary>True when the error is within the tolerance (NaN errors fail).</summary>
    public bool Passed => Error <= Tolerance;

    /// <inheritdoc />
    public override string ToString() => string.Format(CultureInfo.InvariantCulture,
        "{0,-14} {1,-16} expected {2,-24:R} got {3,-24:R} error {4:E2} (tolerance {5:E2}){6}",
        Kind, Input, Expected, Actual, Error, Tolerance, Passed ? "" : "  FAILED");
}
