using System.Globalization;
using System.Numerics;
using System.Runtime.CompilerServices;

namespace SourceAD;

// The INumberBase / IFloatingPoint plumbing: constants, classification and conversions act on the value (constants have
// zero tangents); parsing reads a constant; formatting writes the value and the tangent.
public readonly partial struct Dual<T>
{
    /// <inheritdoc />
    public static Dual<T> Zero
    {
        // default is +0 in both parts for every IEEE type; no conversion to inline (generated code zeroes adjoints with it
        // in its hot loops, and each inlinee costs the JIT locals in an already large method).
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        get => default;
    }

    /// <inheritdoc />
    public static Dual<T> One => T.One;

    /// <inheritdoc />
    public static Dual<T> NegativeOne => T.NegativeOne;

    /// <inheritdoc />
    public static int Radix => T.Radix;

    /// <inheritdoc />
    public static Dual<T> AdditiveIdentity => T.Zero;

    /// <inheritdoc />
    public static Dual<T> MultiplicativeIdentity => T.One;

    /// <inheritdoc />
    public static Dual<T> E => T.E;

    /// <inheritdoc />
    public static Dual<T> Pi => T.Pi;

    /// <inheritdoc />
    public static Dual<T> Tau => T.Tau;

    /// <inheritdoc />
    public static Dual<T> Epsilon => T.Epsilon;

    /// <inheritdoc />
    public static Dual<T> NaN => T.NaN;

    /// <inheritdoc />
    public static Dual<T> NegativeInfinity => T.NegativeInfinity;

    /// <inheritdoc />
    public static Dual<T> NegativeZero => T.NegativeZero;

    /// <inheritdoc />
    public static Dual<T> PositiveInfinity => T.PositiveInfinity;

    // ------------------------------------------------------------------ classification (of the value)

    /// <inheritdoc />
    public static bool IsCanonical(Dual<T> value) => T.IsCanonical(value.Value);

    /// <inheritdoc />
    public static bool IsComplexNumber(Dual<T> value) => T.IsComplexNumber(value.Value);

    /// <inheritdoc />
    public static bool IsEvenInteger(Dual<T> value) => T.IsEvenInteger(value.Value);

    /// <inheritdoc />
    public static bool IsFinite(Dual<T> value) => T.IsFinite(value.Value);

    /// <inheritdoc />
    public static bool IsImaginaryNumber(Dual<T> value) => T.IsImaginaryNumber(value.Value);

    /// <inheritdoc />
    public static bool IsInfinity(Dual<T> value) => T.IsInfinity(value.Value);

    /// <inheritdoc />
    public static bool IsInteger(Dual<T> value) => T.IsInteger(value.Value);

    /// <inheritdoc />
    public static bool IsNaN(Dual<T> value) => T.IsNaN(value.Value);

    /// <inheritdoc />
    public static bool IsNegative(Dual<T> value) => T.IsNegative(value.Value);

    /// <inheritdoc />
    public static bool IsNegativeInfinity(Dual<T> value) => T.IsNegativeInfinity(value.Value);

    /// <inheritdoc />
    public static bool IsNormal(Dual<T> value) => T.IsNormal(value.Value);

    /// <inheritdoc />
    public static bool IsOddInteger(Dual<T> value) => T.IsOddInteger(value.Value);

    /// <inheritdoc />
    public static bool IsPositive(Dual<T> value) => T.IsPositive(value.Value);

    /// <inheritdoc />
    public static bool IsPositiveInfinity(Dual<T> value) => T.IsPositiveInfinity(value.Value);

    /// <inheritdoc />
    public static bool IsRealNumber(Dual<T> value) => T.IsRealNumber(value.Value);

    /// <inheritdoc />
    public static bool IsSubnormal(Dual<T> value) => T.IsSubnormal(value.Value);

    /// <inheritdoc />
    public static bool IsZero(Dual<T> value) => T.IsZero(value.Value);

    // ------------------------------------------------------------------ conversions: other numbers are constants; to them, the value

    /// <summary>A constant from any number (declared here, not only inherited, so code that names
    /// <c>Dual&lt;double&gt;</c> itself can call it); a dual converts to itself with its tangent.</summary>
    public static Dual<T> CreateTruncating<TOther>(TOther value) where TOther : INumberBase<TOther> =>
        value is Dual<T> same ? same : new(T.CreateTruncating(value), T.Zero);

    /// <summary>A constant from any number, checked for overflow as <typeparamref name="T"/> checks it.</summary>
    public static Dual<T> CreateChecked<TOther>(TOther value) where TOther : INumberBase<TOther> =>
        value is Dual<T> same ? same : new(T.CreateChecked(value), T.Zero);

    /// <summary>A constant from any number, saturating as <typeparamref name="T"/> does.</summary>
    public static Dual<T> CreateSaturating<TOther>(TOther value) where TOther : INumberBase<TOther> =>
        value is Dual<T> same ? same : new(T.CreateSaturating(value), T.Zero);

    /// <inheritdoc />
    static bool INumberBase<Dual<T>>.TryConvertFromChecked<TOther>(TOther value, out Dual<T> result) =>
        TryFrom(value, static v => T.CreateChecked(v), out result);

    /// <inheritdoc />
    static bool INumberBase<Dual<T>>.TryConvertFromSaturating<TOther>(TOther value, out Dual<T> result) =>
        TryFrom(value, static v => T.CreateSaturating(v), out result);

    /// <inheritdoc />
    static bool INumberBase<Dual<T>>.TryConvertFromTruncating<TOther>(TOther value, out Dual<T> result) =>
        TryFrom(value, static v => T.CreateTruncating(v), out result);

    /// <inheritdoc />
    static bool INumberBase<Dual<T>>.TryConvertToChecked<TOther>(Dual<T> value, out TOther result)
    {
        result = TOther.CreateChecked(value.Value);
        return true;
    }

    /// <inheritdoc />
    static bool INumberBase<Dual<T>>.TryConvertToSaturating<TOther>(Dual<T> value, out TOther result)
    {
        result = TOther.CreateSaturating(value.Value);
        return true;
    }

    /// <inheritdoc />
    static bool INumberBase<Dual<T>>.TryConvertToTruncating<TOther>(Dual<T> value, out TOther result)
    {
        result = TOther.CreateTruncating(value.Value);
        return true;
    }

    private static bool TryFrom<TOther>(TOther value, Func<TOther, T> convert, out Dual<T> result)
        where TOther : INumberBase<TOther>
    {
        if (value is T same)
        {
            result = same;
            return true;
        }
        try
        {
            result = convert(value);
            return true;
        }
        catch (NotSupportedException)
        {
            // T does not know TOther; the caller then asks TOther to convert itself.
            result = default;
            return false;
        }
    }

    // ------------------------------------------------------------------ parsing (a constant) and formatting (value and tangent)

    /// <inheritdoc />
    public static Dual<T> Parse(string s, IFormatProvider? provider) => T.Parse(s, provider);

    /// <inheritdoc />
    public static Dual<T> Parse(string s, NumberStyles style, IFormatProvider? provider) => T.Parse(s, style, provider);

    /// <inheritdoc />
    public static Dual<T> Parse(ReadOnlySpan<char> s, IFormatProvider? provider) => T.Parse(s, provider);

    /// <inheritdoc />
    public static Dual<T> Parse(ReadOnlySpan<char> s, NumberStyles style, IFormatProvider? provider) => T.Parse(s, style, provider);

    /// <inheritdoc />
    public static Dual<T> Parse(ReadOnlySpan<byte> utf8Text, NumberStyles style, IFormatProvider? provider) => T.Parse(utf8Text, style, provider);

    /// <inheritdoc />
    public static Dual<T> Parse(ReadOnlySpan<byte> utf8Text, IFormatProvider? provider) => T.Parse(utf8Text, provider);

    /// <inheritdoc />
    public static bool TryParse(string? s, IFormatProvider? provider, out Dual<T> result) => Constant(T.TryParse(s, provider, out T? v), v, out result);

    /// <inheritdoc />
    public static bool TryParse(string? s, NumberStyles style, IFormatProvider? provider, out Dual<T> result) =>
        Constant(T.TryParse(s, style, provider, out T? v), v, out result);

    /// <inheritdoc />
    public static bool TryParse(ReadOnlySpan<char> s, IFormatProvider? provider, out Dual<T> result) =>
        Constant(T.TryParse(s, provider, out T? v), v, out result);

    /// <inheritdoc />
    public static bool TryParse(ReadOnlySpan<char> s, NumberStyles style, IFormatProvider? provider, out Dual<T> result) =>
        Constant(T.TryParse(s, style, provider, out T? v), v, out result);

    /// <inheritdoc />
    public static bool TryParse(ReadOnlySpan<byte> utf8Text, NumberStyles style, IFormatProvider? provider, out Dual<T> result) =>
        Constant(T.TryParse(utf8Text, style, provider, out T? v), v, out result);

    /// <inheritdoc />
    public static bool TryParse(ReadOnlySpan<byte> utf8Text, IFormatProvider? provider, out Dual<T> result) =>
        Constant(T.TryParse(utf8Text, provider, out T? v), v, out result);

    private static bool Constant(bool parsed, T? value, out Dual<T> result)
    {
        result = parsed ? new Dual<T>(value!, T.Zero) : default;
        return parsed;
    }

    /// <inheritdoc />
    public bool TryFormat(Span<char> destination, out int charsWritten, ReadOnlySpan<char> format, IFormatProvider? provider)
    {
        string text = ToString(format.Length == 0 ? null : format.ToString(), provider);
        charsWritten = text.Length <= destination.Length ? text.Length : 0;
        return text.AsSpan().TryCopyTo(destination);
    }

    /// <inheritdoc />
    public bool TryFormat(Span<byte> utf8Destination, out int bytesWritten, ReadOnlySpan<char> format, IFormatProvider? provider)
    {
        byte[] text = System.Text.Encoding.UTF8.GetBytes(ToString(format.Length == 0 ? null : format.ToString(), provider));
        bytesWritten = text.Length <= utf8Destination.Length ? text.Length : 0;
        return text.AsSpan().TryCopyTo(utf8Destination);
    }

    // ------------------------------------------------------------------ IFloatingPoint's exponent and significand (of the value)

    /// <inheritdoc />
    public int GetExponentByteCount() => Value.GetExponentByteCount();

    /// <inheritdoc />
    public int GetExponentShortestBitLength() => Value.GetExponentShortestBitLength();

    /// <inheritdoc />
    public int GetSignificandBitLength() => Value.GetSignificandBitLength();

    /// <inheritdoc />
    public int GetSignificandByteCount() => Value.GetSignificandByteCount();

    /// <inheritdoc />
    public bool TryWriteExponentBigEndian(Span<byte> destination, out int bytesWritten) => Value.TryWriteExponentBigEndian(destination, out bytesWritten);

    /// <inheritdoc />
    public bool TryWriteExponentLittleEndian(Span<byte> destination, out int bytesWritten) => Value.TryWriteExponentLittleEndian(destination, out bytesWritten);

    /// <inheritdoc />
    public bool TryWriteSignificandBigEndian(Span<byte> destination, out int bytesWritten) => Value.TryWriteSignificandBigEndian(destination, out bytesWritten);

    /// <inheritdoc />
    public bool TryWriteSignificandLittleEndian(Span<byte> destination, out int bytesWritten) => Value.TryWriteSignificandLittleEndian(destination, out bytesWritten);
}
