using System.Runtime.CompilerServices;

namespace SourceAD;

// The elementary functions: each is the function of the value, and its derivative at the value times the tangent.
public readonly partial struct Dual<T>
{
    private static readonly T Two = T.CreateTruncating(2);
    private static readonly T Three = T.CreateTruncating(3);
    private static readonly T Ln2 = T.CreateTruncating(Math.Log(2));
    private static readonly T Ln10 = T.CreateTruncating(Math.Log(10));

    /// <summary>f(v) + f'(v)·d·ε.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Dual<T> Chain(T value, T derivative, T tangent) => new(value, derivative * tangent);

    /// <summary>A partial times a tangent that is 0 when the tangent is, even where the partial is infinite or NaN
    /// (x^y along x only, at x ≤ 0, must not pick up ∞·0 from ∂/∂y = x^y·ln x).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static T Times(T partial, T tangent) => T.IsZero(tangent) ? T.Zero : partial * tangent;

    // ------------------------------------------------------------------ exponentials and logarithms

    /// <inheritdoc />
    public static Dual<T> Exp(Dual<T> x)
    {
        T e = T.Exp(x.Value);
        return new(e, e * x.Tangent);
    }

    /// <inheritdoc />
    public static Dual<T> ExpM1(Dual<T> x) => Chain(T.ExpM1(x.Value), T.Exp(x.Value), x.Tangent);

    /// <inheritdoc />
    public static Dual<T> Exp2(Dual<T> x)
    {
        T e = T.Exp2(x.Value);
        return new(e, e * Ln2 * x.Tangent);
    }

    /// <inheritdoc />
    public static Dual<T> Exp2M1(Dual<T> x) => Chain(T.Exp2M1(x.Value), T.Exp2(x.Value) * Ln2, x.Tangent);

    /// <inheritdoc />
    public static Dual<T> Exp10(Dual<T> x)
    {
        T e = T.Exp10(x.Value);
        return new(e, e * Ln10 * x.Tangent);
    }

    /// <inheritdoc />
    public static Dual<T> Exp10M1(Dual<T> x) => Chain(T.Exp10M1(x.Value), T.Exp10(x.Value) * Ln10, x.Tangent);

    /// <inheritdoc />
    public static Dual<T> Log(Dual<T> x) => new(T.Log(x.Value), x.Tangent / x.Value);

    /// <summary>log_b(x) = ln x / ln b, with both arguments carrying tangents.</summary>
    public static Dual<T> Log(Dual<T> x, Dual<T> newBase) => Log(x) / Log(newBase);

    /// <inheritdoc />
    public static Dual<T> LogP1(Dual<T> x) => new(T.LogP1(x.Value), x.Tangent / (T.One + x.Value));

    /// <inheritdoc />
    public static Dual<T> Log2(Dual<T> x) => new(T.Log2(x.Value), x.Tangent / (x.Value * Ln2));

    /// <inheritdoc />
    public static Dual<T> Log2P1(Dual<T> x) => new(T.Log2P1(x.Value), x.Tangent / ((T.One + x.Value) * Ln2));

    /// <inheritdoc />
    public static Dual<T> Log10(Dual<T> x) => new(T.Log10(x.Value), x.Tangent / (x.Value * Ln10));

    /// <inheritdoc />
    public static Dual<T> Log10P1(Dual<T> x) => new(T.Log10P1(x.Value), x.Tangent / ((T.One + x.Value) * Ln10));

    /// <summary>x^y: ∂/∂x = y·x^(y−1), ∂/∂y = x^y·ln x (0 at x = 0, the limit along x &gt; 0, as the primitive table has it).</summary>
    public static Dual<T> Pow(Dual<T> x, Dual<T> y)
    {
        T value = T.Pow(x.Value, y.Value);
        T dx = Times(y.Value * T.Pow(x.Value, y.Value - T.One), x.Tangent);
        T dy = T.IsZero(x.Value) ? T.Zero : Times(value * T.Log(x.Value), y.Tangent);
        return new(value, dx + dy);
    }

    // ------------------------------------------------------------------ roots

    /// <inheritdoc />
    public static Dual<T> Sqrt(Dual<T> x)
    {
        T r = T.Sqrt(x.Value);
        return new(r, Times(T.One / (Two * r), x.Tangent));
    }

    /// <inheritdoc />
    public static Dual<T> Cbrt(Dual<T> x)
    {
        T r = T.Cbrt(x.Value);
        return new(r, Times(T.One / (Three * r * r), x.Tangent));
    }

    /// <inheritdoc />
    public static Dual<T> RootN(Dual<T> x, int n)
    {
        T r = T.RootN(x.Value, n);
        return new(r, Times(r / (T.CreateTruncating(n) * x.Value), x.Tangent));
    }

    /// <inheritdoc />
    public static Dual<T> Hypot(Dual<T> x, Dual<T> y)
    {
        T h = T.Hypot(x.Value, y.Value);
        return new(h, T.IsZero(h) ? T.Zero : (x.Value * x.Tangent + y.Value * y.Tangent) / h);
    }

    // ------------------------------------------------------------------ trigonometry

    /// <inheritdoc />
    public static Dual<T> Sin(Dual<T> x) => Chain(T.Sin(x.Value), T.Cos(x.Value), x.Tangent);

    /// <inheritdoc />
    public static Dual<T> Cos(Dual<T> x) => Chain(T.Cos(x.Value), -T.Sin(x.Value), x.Tangent);

    /// <inheritdoc />
    public static Dual<T> Tan(Dual<T> x)
    {
        T t = T.Tan(x.Value);
        return new(t, (T.One + t * t) * x.Tangent);
    }

    /// <inheritdoc />
    public static (Dual<T> Sin, Dual<T> Cos) SinCos(Dual<T> x)
    {
        (T sin, T cos) = T.SinCos(x.Value);
        return (new(sin, cos * x.Tangent), new(cos, -sin * x.Tangent));
    }

    /// <inheritdoc />
    public static Dual<T> SinPi(Dual<T> x) => Chain(T.SinPi(x.Value), T.Pi * T.CosPi(x.Value), x.Tangent);

    /// <inheritdoc />
    public static Dual<T> CosPi(Dual<T> x) => Chain(T.CosPi(x.Value), -T.Pi * T.SinPi(x.Value), x.Tangent);

    /// <inheritdoc />
    public static Dual<T> TanPi(Dual<T> x)
    {
        T t = T.TanPi(x.Value);
        return new(t, T.Pi * (T.One + t * t) * x.Tangent);
    }

    /// <inheritdoc />
    public static (Dual<T> SinPi, Dual<T> CosPi) SinCosPi(Dual<T> x)
    {
        (T sin, T cos) = T.SinCosPi(x.Value);
        return (new(sin, T.Pi * cos * x.Tangent), new(cos, -T.Pi * sin * x.Tangent));
    }

    /// <inheritdoc />
    public static Dual<T> Asin(Dual<T> x) => new(T.Asin(x.Value), Times(T.One / T.Sqrt(T.One - x.Value * x.Value), x.Tangent));

    /// <inheritdoc />
    public static Dual<T> Acos(Dual<T> x) => new(T.Acos(x.Value), Times(-T.One / T.Sqrt(T.One - x.Value * x.Value), x.Tangent));

    /// <inheritdoc />
    public static Dual<T> Atan(Dual<T> x) => Chain(T.Atan(x.Value), T.One / (T.One + x.Value * x.Value), x.Tangent);

    /// <inheritdoc />
    public static Dual<T> AsinPi(Dual<T> x) => new(T.AsinPi(x.Value), Times(T.One / (T.Pi * T.Sqrt(T.One - x.Value * x.Value)), x.Tangent));

    /// <inheritdoc />
    public static Dual<T> AcosPi(Dual<T> x) => new(T.AcosPi(x.Value), Times(-T.One / (T.Pi * T.Sqrt(T.One - x.Value * x.Value)), x.Tangent));

    /// <inheritdoc />
    public static Dual<T> AtanPi(Dual<T> x) => Chain(T.AtanPi(x.Value), T.One / (T.Pi * (T.One + x.Value * x.Value)), x.Tangent);

    /// <summary>atan2(y, x): ∂/∂y = x/(x²+y²), ∂/∂x = −y/(x²+y²).</summary>
    public static Dual<T> Atan2(Dual<T> y, Dual<T> x)
    {
        T r2 = x.Value * x.Value + y.Value * y.Value;
        return new(T.Atan2(y.Value, x.Value), T.IsZero(r2) ? T.Zero : (x.Value * y.Tangent - y.Value * x.Tangent) / r2);
    }

    /// <inheritdoc />
    public static Dual<T> Atan2Pi(Dual<T> y, Dual<T> x)
    {
        Dual<T> a = Atan2(y, x);
        return new(T.Atan2Pi(y.Value, x.Value), a.Tangent / T.Pi);
    }

    /// <inheritdoc />
    public static Dual<T> DegreesToRadians(Dual<T> degrees) => degrees * (T.Pi / T.CreateTruncating(180));

    /// <inheritdoc />
    public static Dual<T> RadiansToDegrees(Dual<T> radians) => radians * (T.CreateTruncating(180) / T.Pi);

    // ------------------------------------------------------------------ hyperbolic functions

    /// <inheritdoc />
    public static Dual<T> Sinh(Dual<T> x) => Chain(T.Sinh(x.Value), T.Cosh(x.Value), x.Tangent);

    /// <inheritdoc />
    public static Dual<T> Cosh(Dual<T> x) => Chain(T.Cosh(x.Value), T.Sinh(x.Value), x.Tangent);

    /// <inheritdoc />
    public static Dual<T> Tanh(Dual<T> x)
    {
        T t = T.Tanh(x.Value);
        return new(t, (T.One - t * t) * x.Tangent);
    }

    /// <inheritdoc />
    public static Dual<T> Asinh(Dual<T> x) => Chain(T.Asinh(x.Value), T.One / T.Sqrt(x.Value * x.Value + T.One), x.Tangent);

    /// <inheritdoc />
    public static Dual<T> Acosh(Dual<T> x) => new(T.Acosh(x.Value), Times(T.One / T.Sqrt(x.Value * x.Value - T.One), x.Tangent));

    /// <inheritdoc />
    public static Dual<T> Atanh(Dual<T> x) => new(T.Atanh(x.Value), Times(T.One / (T.One - x.Value * x.Value), x.Tangent));

    // ------------------------------------------------------------------ IEEE 754 operations

    /// <inheritdoc />
    public static Dual<T> FusedMultiplyAdd(Dual<T> left, Dual<T> right, Dual<T> addend) =>
        new(T.FusedMultiplyAdd(left.Value, right.Value, addend.Value),
            left.Tangent * right.Value + left.Value * right.Tangent + addend.Tangent);

    /// <summary>x − y·round(x/y): the tangent is dx − round(x/y)·dy.</summary>
    public static Dual<T> Ieee754Remainder(Dual<T> left, Dual<T> right) =>
        new(T.Ieee754Remainder(left.Value, right.Value), left.Tangent - T.Round(left.Value / right.Value) * right.Tangent);

    /// <inheritdoc />
    public static Dual<T> ScaleB(Dual<T> x, int n) => new(T.ScaleB(x.Value, n), T.ScaleB(x.Tangent, n));

    /// <inheritdoc />
    public static int ILogB(Dual<T> x) => T.ILogB(x.Value);

    /// <summary>The next value up; the tangent is the argument's (the function is the identity to first order).</summary>
    public static Dual<T> BitIncrement(Dual<T> x) => new(T.BitIncrement(x.Value), x.Tangent);

    /// <summary>The next value down; the tangent is the argument's.</summary>
    public static Dual<T> BitDecrement(Dual<T> x) => new(T.BitDecrement(x.Value), x.Tangent);

    /// <summary>The exact reciprocal's derivative, −d/x², around the platform's estimate.</summary>
    public static Dual<T> ReciprocalEstimate(Dual<T> x) => new(T.ReciprocalEstimate(x.Value), -x.Tangent / (x.Value * x.Value));

    /// <summary>The exact reciprocal square root's derivative, −d/(2·x^1.5), around the platform's estimate.</summary>
    public static Dual<T> ReciprocalSqrtEstimate(Dual<T> x) =>
        new(T.ReciprocalSqrtEstimate(x.Value), -x.Tangent / (Two * x.Value * T.Sqrt(x.Value)));

    /// <inheritdoc />
    public static Dual<T> Lerp(Dual<T> value1, Dual<T> value2, Dual<T> amount) => value1 + (value2 - value1) * amount;

    // ------------------------------------------------------------------ piecewise functions: the tangent follows the value's branch

    /// <summary>|x|: the tangent is d for x &gt; 0, −d for x &lt; 0 and 0 at the kink (PyTorch's |x|'(0) = 0).</summary>
    public static Dual<T> Abs(Dual<T> value) => new(T.Abs(value.Value),
        value.Value > T.Zero ? value.Tangent : value.Value < T.Zero ? -value.Tangent : T.Zero);

    /// <summary>x with the sign of y: ±dx, following the sign the result takes.</summary>
    public static Dual<T> CopySign(Dual<T> value, Dual<T> sign)
    {
        T v = T.CopySign(value.Value, sign.Value);
        return new(v, T.IsNegative(v) == T.IsNegative(value.Value) ? value.Tangent : -value.Tangent);
    }

    /// <inheritdoc />
    public static Dual<T> Ceiling(Dual<T> x) => new(T.Ceiling(x.Value), T.Zero);

    /// <inheritdoc />
    public static Dual<T> Floor(Dual<T> x) => new(T.Floor(x.Value), T.Zero);

    /// <inheritdoc />
    public static Dual<T> Truncate(Dual<T> x) => new(T.Truncate(x.Value), T.Zero);

    /// <inheritdoc />
    public static Dual<T> Round(Dual<T> x) => new(T.Round(x.Value), T.Zero);

    /// <inheritdoc />
    public static Dual<T> Round(Dual<T> x, int digits) => new(T.Round(x.Value, digits), T.Zero);

    /// <inheritdoc />
    public static Dual<T> Round(Dual<T> x, MidpointRounding mode) => new(T.Round(x.Value, mode), T.Zero);

    /// <inheritdoc />
    public static Dual<T> Round(Dual<T> x, int digits, MidpointRounding mode) => new(T.Round(x.Value, digits, mode), T.Zero);

    /// <summary>The larger value (NaN wins, as <see cref="Math.Max(double, double)"/>); a tie takes the first argument.</summary>
    public static Dual<T> Max(Dual<T> x, Dual<T> y) => T.IsNaN(x.Value) ? x : T.IsNaN(y.Value) ? y : y.Value > x.Value ? y : x;

    /// <summary>The smaller value (NaN wins); a tie takes the first argument.</summary>
    public static Dual<T> Min(Dual<T> x, Dual<T> y) => T.IsNaN(x.Value) ? x : T.IsNaN(y.Value) ? y : y.Value < x.Value ? y : x;

    /// <inheritdoc />
    public static Dual<T> MaxNumber(Dual<T> x, Dual<T> y) => T.IsNaN(y.Value) ? x : T.IsNaN(x.Value) ? y : y.Value > x.Value ? y : x;

    /// <inheritdoc />
    public static Dual<T> MinNumber(Dual<T> x, Dual<T> y) => T.IsNaN(y.Value) ? x : T.IsNaN(x.Value) ? y : y.Value < x.Value ? y : x;

    /// <inheritdoc />
    public static Dual<T> MaxMagnitude(Dual<T> x, Dual<T> y) => T.IsNaN(x.Value) ? x : T.IsNaN(y.Value) ? y : T.Abs(y.Value) > T.Abs(x.Value) ? y : x;

    /// <inheritdoc />
    public static Dual<T> MaxMagnitudeNumber(Dual<T> x, Dual<T> y) => T.IsNaN(y.Value) ? x : T.IsNaN(x.Value) ? y : T.Abs(y.Value) > T.Abs(x.Value) ? y : x;

    /// <inheritdoc />
    public static Dual<T> MinMagnitude(Dual<T> x, Dual<T> y) => T.IsNaN(x.Value) ? x : T.IsNaN(y.Value) ? y : T.Abs(y.Value) < T.Abs(x.Value) ? y : x;

    /// <inheritdoc />
    public static Dual<T> MinMagnitudeNumber(Dual<T> x, Dual<T> y) => T.IsNaN(y.Value) ? x : T.IsNaN(x.Value) ? y : T.Abs(y.Value) < T.Abs(x.Value) ? y : x;

    /// <summary>Clamped to [min, max]; the tangent is the one of whichever argument the result is.</summary>
    public static Dual<T> Clamp(Dual<T> value, Dual<T> min, Dual<T> max) =>
        value.Value < min.Value ? min : value.Value > max.Value ? max : value;

    /// <inheritdoc />
    public static int Sign(Dual<T> value) => T.Sign(value.Value);
}
