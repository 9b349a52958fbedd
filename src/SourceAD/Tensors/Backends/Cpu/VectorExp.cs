using System.Runtime.Intrinsics;

namespace SourceAD.Tensors.Backends.Cpu;

/// <summary>
/// e^y of eight doubles with y ≤ 0, within a few ulps of double: y = k·ln 2 + r with k = round(y/ln 2) and
/// |r| ≤ ln 2 / 2 (ln 2 split in two so r is exact), e^r by its Taylor series to degree 12 (truncation below 2e-16),
/// times 2^k built from the exponent bits. Below −708 (where 2^k leaves the normal range) the result is 0 (e^−708 ≈
/// 3e-308, nothing a float32 result can show), so −∞ gives 0. A NaN lane gives an unspecified value, which callers
/// multiply by that same NaN.
/// </summary>
/// <remarks>
/// Why not <see cref="Vector512.Exp(Vector512{double})"/>: on the dev VM (AMD EPYC, AVX-512, .NET 10) it costs about
/// as much as eight scalar exponentials, which made float32 GELU's derivative cost three times its value.
/// </remarks>
internal static class VectorExp
{
    private const double Log2E = 1.4426950408889634, Ln2High = 6.93147180369123816490e-01, Ln2Low = 1.90821492927058770002e-10;

    /// <summary>1.5·2⁵²: adding it rounds a double of magnitude below 2⁵¹ to an integer held in the low mantissa bits.</summary>
    private const double RoundingShift = 6755399441055744.0;

    /// <summary>e^y for y ≤ 0 (see the class remarks for the range and NaN).</summary>
    public static Vector512<double> NonPositive(Vector512<double> y)
    {
        Vector512<double> floor = Vector512.Create(-708.0);
        Vector512<double> clamped = Vector512.ConditionalSelect(Vector512.LessThan(y, floor), floor, y);
        Vector512<double> shift = Vector512.Create(RoundingShift);
        Vector512<double> t = clamped * Vector512.Create(Log2E) + shift;
        Vector512<double> k = t - shift;
        Vector512<double> r = clamped - k * Vector512.Create(Ln2High) - k * Vector512.Create(Ln2Low);
        // Horner from 1/12! down to 1/0!.
        Vector512<double> p = Vector512.Create(1.0 / 479001600);
        p = p * r + Vector512.Create(1.0 / 39916800);
        p = p * r + Vector512.Create(1.0 / 3628800);
        p = p * r + Vector512.Create(1.0 / 362880);
        p = p * r + Vector512.Create(1.0 / 40320);
        p = p * r + Vector512.Create(1.0 / 5040);
        p = p * r + Vector512.Create(1.0 / 720);
        p = p * r + Vector512.Create(1.0 / 120);
        p = p * r + Vector512.Create(1.0 / 24);
        p = p * r + Vector512.Create(1.0 / 6);
        p = p * r + Vector512.Create(0.5);
        p = p * r + Vector512<double>.One;
        p = p * r + Vector512<double>.One;
        Vector512<long> exponent = t.AsInt64() - shift.AsInt64() + Vector512.Create(1023L);
        Vector512<double> scale = Vector512.ShiftLeft(exponent, 52).AsDouble();
        return Vector512.ConditionalSelect(Vector512.LessThan(y, floor), Vector512<double>.Zero, p * scale);
    }
}
