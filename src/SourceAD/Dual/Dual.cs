using System.Numerics;
using System.Runtime.CompilerServices;

namespace SourceAD;

/// <summary>
/// A dual number v + d·ε (ε² = 0): a value and its tangent, for forward mode by operator overloading over code that is
/// already generic in <c>T : IFloatingPointIeee754&lt;T&gt;</c>. SourceAD uses it to run a generated pullback in forward
/// mode (forward-over-reverse): instantiated at <c>Dual&lt;double&gt;</c>, the pullback's adjoints carry H·v in their
/// tangents, so the Hessian-vector product reuses the one generated reverse sweep.
/// </summary>
/// <remarks>
/// Comparisons, equality, rounding and classification look at <see cref="Value"/> only, so a program takes the same
/// branches on duals as on plain numbers and the value part is bit for bit the plain computation. Nested duals
/// (<c>Dual&lt;Dual&lt;double&gt;&gt;</c>) keep each level's tangent apart by type, so perturbations cannot be confused.
/// At a kink (|x| at 0, a tie in max) the tangent follows the branch the value takes, as the generated code does.
/// </remarks>
/// <typeparam name="T">The underlying floating type.</typeparam>
public readonly partial struct Dual<T> : IFloatingPointIeee754<Dual<T>>
    where T : IFloatingPointIeee754<T>
{
    /// <summary>A dual number with the given value and tangent.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Dual(T value, T tangent)
    {
        Value = value;
        Tangent = tangent;
    }

    // Fields, not auto-properties: a generated dual pullback is one large method, and the JIT stops inlining in a method
    // once it tracks too many locals; each property getter was one more inlinee (and temporaries) per operand.

    /// <summary>The primal value.</summary>
    public readonly T Value;

    /// <summary>The tangent: the directional derivative of <see cref="Value"/> along the seeded direction.</summary>
    public readonly T Tangent;

    /// <summary>A constant: the value with a zero tangent.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static implicit operator Dual<T>(T value) => new(value, default!); // default is T.Zero (+0) for IEEE types

    // ------------------------------------------------------------------ arithmetic: the sum, product and quotient rules
    // Over double (the Hessian members' type) +, −, ×, ÷ and unary − are also written on doubles: through T's generic
    // operators each arithmetic operation is one more inlinee with temporaries of its own, and a generated dual pullback
    // is one large method, in which the JIT stops inlining once it tracks too many locals (GMM's dual pullback then
    // called op_Multiply in its hot loops: H·v cost 5.6 gradients). typeof(T) == typeof(double) is folded when the JIT
    // specializes the struct, and the (double)(object) round trips are folded there too (no box, no inlinee). The
    // operations and their order are the generic branch's, so the bits are the same.

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Dual<T> operator +(Dual<T> a, Dual<T> b) =>
        typeof(T) == typeof(double)
            ? new((T)(object)((double)(object)a.Value + (double)(object)b.Value), (T)(object)((double)(object)a.Tangent + (double)(object)b.Tangent))
            : new(a.Value + b.Value, a.Tangent + b.Tangent);

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Dual<T> operator -(Dual<T> a, Dual<T> b) =>
        typeof(T) == typeof(double)
            ? new((T)(object)((double)(object)a.Value - (double)(object)b.Value), (T)(object)((double)(object)a.Tangent - (double)(object)b.Tangent))
            : new(a.Value - b.Value, a.Tangent - b.Tangent);

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Dual<T> operator *(Dual<T> a, Dual<T> b) =>
        typeof(T) == typeof(double)
            ? new((T)(object)((double)(object)a.Value * (double)(object)b.Value),
                (T)(object)((double)(object)a.Tangent * (double)(object)b.Value + (double)(object)a.Value * (double)(object)b.Tangent))
            : new(a.Value * b.Value, a.Tangent * b.Value + a.Value * b.Tangent);

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Dual<T> operator /(Dual<T> a, Dual<T> b)
    {
        if (typeof(T) == typeof(double))
        {
            double dq = (double)(object)a.Value / (double)(object)b.Value;
            return new((T)(object)dq, (T)(object)(((double)(object)a.Tangent - dq * (double)(object)b.Tangent) / (double)(object)b.Value));
        }
        T q = a.Value / b.Value;
        return new(q, (a.Tangent - q * b.Tangent) / b.Value);
    }

    /// <summary>a % b = a − b·trunc(a/b): the tangent is da − trunc(a/b)·db (trunc is piecewise constant).</summary>
    public static Dual<T> operator %(Dual<T> a, Dual<T> b) =>
        new(a.Value % b.Value, a.Tangent - T.Truncate(a.Value / b.Value) * b.Tangent);

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Dual<T> operator -(Dual<T> a) =>
        typeof(T) == typeof(double) ? new((T)(object)(-(double)(object)a.Value), (T)(object)(-(double)(object)a.Tangent)) : new(-a.Value, -a.Tangent);

    /// <inheritdoc />
    public static Dual<T> operator +(Dual<T> a) => a;

    /// <inheritdoc />
    public static Dual<T> operator ++(Dual<T> a) => new(a.Value + T.One, a.Tangent);

    /// <inheritdoc />
    public static Dual<T> operator --(Dual<T> a) => new(a.Value - T.One, a.Tangent);

    // ------------------------------------------------------------------ comparisons: by value, so branches match the primal

    /// <inheritdoc />
    public static bool operator ==(Dual<T> a, Dual<T> b) => a.Value == b.Value;

    /// <inheritdoc />
    public static bool operator !=(Dual<T> a, Dual<T> b) => a.Value != b.Value;

    /// <inheritdoc />
    public static bool operator <(Dual<T> a, Dual<T> b) => a.Value < b.Value;

    /// <inheritdoc />
    public static bool operator >(Dual<T> a, Dual<T> b) => a.Value > b.Value;

    /// <inheritdoc />
    public static bool operator <=(Dual<T> a, Dual<T> b) => a.Value <= b.Value;

    /// <inheritdoc />
    public static bool operator >=(Dual<T> a, Dual<T> b) => a.Value >= b.Value;

    /// <summary>Equal values (tangents are not compared, as <c>==</c> does not compare them).</summary>
    public bool Equals(Dual<T> other) => Value.Equals(other.Value);

    /// <inheritdoc />
    public override bool Equals(object? obj) => obj is Dual<T> other && Equals(other);

    /// <inheritdoc />
    public override int GetHashCode() => Value.GetHashCode();

    /// <inheritdoc />
    public int CompareTo(Dual<T> other) => Value.CompareTo(other.Value);

    /// <inheritdoc />
    public int CompareTo(object? obj) => obj switch
    {
        null => 1,
        Dual<T> other => CompareTo(other),
        _ => throw new ArgumentException($"Object must be of type {nameof(Dual<T>)}<{typeof(T).Name}>.", nameof(obj)),
    };

    /// <summary>The value and the tangent, as <c>v + dε</c>.</summary>
    public override string ToString() => $"{Value} + {Tangent}ε";

    /// <inheritdoc />
    public string ToString(string? format, IFormatProvider? formatProvider) =>
        $"{Value.ToString(format, formatProvider)} + {Tangent.ToString(format, formatProvider)}ε";
}
