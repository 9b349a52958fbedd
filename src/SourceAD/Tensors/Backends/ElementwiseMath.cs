using System.Numerics;

namespace SourceAD.Tensors.Backends;

/// <summary>
/// The scalar formulas of the smooth unary ops from <see cref="UnaryKind.Exp"/> on, value and derivative, written once
/// in generic math so that the CPU backend and device kernels (ILGPU compiles these methods) compute the same thing.
/// Constants are built from T's own operations (kernels cannot convert from double generically).
/// </summary>
public static class ElementwiseMath
{
    /// <summary>Softplus is x itself above this input (torch's default threshold with beta 1).</summary>
    public const int SoftplusThreshold = 20;

    /// <summary>f(x) for <paramref name="kind"/> (one of the kinds from <see cref="UnaryKind.Exp"/> on), parameter p.</summary>
    public static T Value<T>(UnaryKind kind, T x, T p) where T : unmanaged, IFloatingPointIeee754<T>
    {
        T half = Half<T>();
        switch (kind)
        {
            case UnaryKind.Exp: return T.Exp(x);
            case UnaryKind.Log: return T.Log(x);
            case UnaryKind.Sqrt: return T.Sqrt(x);
            case UnaryKind.Rsqrt: return T.One / T.Sqrt(x);
            case UnaryKind.Square: return x * x;
            case UnaryKind.Pow: return T.Pow(x, p);
            case UnaryKind.ClampMin: return T.IsNaN(x) || x >= p ? x : p;
            case UnaryKind.ClampMax: return T.IsNaN(x) || x <= p ? x : p;
            case UnaryKind.GeluTanh: return half * x * (T.One + T.Tanh(GeluInner(x)));
            case UnaryKind.GeluErf: return half * x * (T.One + Erf(x * half * Sqrt2<T>()));
            case UnaryKind.Silu: return x / (T.One + T.Exp(-x));
            case UnaryKind.Softplus: return x > Threshold<T>() ? x : T.Log(T.One + T.Exp(x));
            case UnaryKind.Elu: return x > T.Zero ? x : p * (T.Exp(x) - T.One);
            case UnaryKind.AddScalar: return x + p;
            default: return T.NaN;
        }
    }

    /// <summary>f′(x) for <paramref name="kind"/>, given x and y = f(x), parameter p.</summary>
    public static T Derivative<T>(UnaryKind kind, T x, T y, T p) where T : unmanaged, IFloatingPointIeee754<T>
    {
        T half = Half<T>();
        switch (kind)
        {
            case UnaryKind.Exp: return y;
            case UnaryKind.Log: return T.One / x;
            case UnaryKind.Sqrt: return T.One / (y + y);
            case UnaryKind.Rsqrt: return -half * y * y * y;
            case UnaryKind.Square: return x + x;
            // torch: 0 for a zero exponent (not 0·x⁻¹, NaN at x = 0).
            case UnaryKind.Pow: return p == T.Zero ? T.Zero : p * T.Pow(x, p - T.One);
            case UnaryKind.ClampMin: return x >= p ? T.One : T.Zero;
            case UnaryKind.ClampMax: return x <= p ? T.One : T.Zero;
            case UnaryKind.GeluTanh:
            {
                T kappa = GeluKappa<T>();
                T t = T.Tanh(GeluInner(x));
                T three = T.One + T.One + T.One;
                return half * (T.One + t) + half * x * (T.One - t * t) * SqrtTwoOverPi<T>() * (T.One + three * kappa * x * x);
            }
            case UnaryKind.GeluErf:
            {
                // Φ(x) + x·φ(x), φ(x) = e^(−x²/2)/√(2π).
                T sqrt2 = Sqrt2<T>();
                T phi = T.Exp(-half * x * x) / (sqrt2 * T.Sqrt(T.Pi));
                return half * (T.One + Erf(x * half * sqrt2)) + x * phi;
            }
            case UnaryKind.Silu:
            {
                T s = T.One / (T.One + T.Exp(-x));
                return s * (T.One + x * (T.One - s));
            }
            case UnaryKind.Softplus:
            {
                if (x > Threshold<T>()) return T.One;
                T z = T.Exp(x);
                return z / (z + T.One);
            }
            case UnaryKind.Elu: return x > T.Zero ? T.One : p * T.Exp(x);
            case UnaryKind.AddScalar: return T.One;
            default: return T.NaN;
        }
    }

    /// <summary>
    /// erf(z): for |z| &lt; 3 the series 2/√π·e^(−z²)·Σ 2ⁿz^(2n+1)/(2n+1)!! (positive terms, no cancellation), for
    /// 3 ≤ |z| &lt; 6 erfc's continued fraction e^(−z²)/√π · 1/(z + ½/(z + 1/(z + 3/2/(z + …)))), and ±1 beyond
    /// (erfc(6) ≈ 2e-17). Accurate to a few ulps in double.
    /// </summary>
    public static T Erf<T>(T z) where T : unmanaged, IFloatingPointIeee754<T>
    {
        T a = T.Abs(z), three = T.One + T.One + T.One, six = three + three, two = T.One + T.One;
        T r;
        if (T.IsNaN(z))
        {
            return z;
        }
        if (a < three)
        {
            T a2 = a * a, term = a, sum = a, odd = T.One;
            for (int n = 1; n < 200; n++)
            {
                odd += two;
                term = term * two * a2 / odd;
                sum += term;
                if (sum + term == sum)
                {
                    break;
                }
            }
            r = two / T.Sqrt(T.Pi) * T.Exp(-a2) * sum;
        }
        else if (a < six)
        {
            T t = a, k = T.Zero;
            for (int n = 0; n < 60; n++)
            {
                k += T.One;
            }
            for (int n = 60; n >= 1; n--)
            {
                t = a + k / two / t;
                k -= T.One;
            }
            r = T.One - T.Exp(-a * a) / (T.Sqrt(T.Pi) * t);
        }
        else
        {
            r = T.One;
        }
        return z < T.Zero ? -r : r;
    }

    private static T Half<T>() where T : unmanaged, IFloatingPointIeee754<T> => T.One / (T.One + T.One);

    private static T Sqrt2<T>() where T : unmanaged, IFloatingPointIeee754<T> => T.Sqrt(T.One + T.One);

    private static T SqrtTwoOverPi<T>() where T : unmanaged, IFloatingPointIeee754<T> => T.Sqrt((T.One + T.One) / T.Pi);

    // 0.044715 = 44715 / 10⁶, from T's own operations.
    private static T GeluKappa<T>() where T : unmanaged, IFloatingPointIeee754<T>
    {
        T ten = T.One + T.One + T.One + T.One + T.One + T.One + T.One + T.One + T.One + T.One;
        T four = T.One + T.One + T.One + T.One, five = four + T.One, seven = four + T.One + T.One + T.One;
        T numerator = (((four * ten + four) * ten + seven) * ten + T.One) * ten + five;
        return numerator / (ten * ten * ten * ten * ten * ten);
    }

    private static T GeluInner<T>(T x) where T : unmanaged, IFloatingPointIeee754<T> => SqrtTwoOverPi<T>() * (x + GeluKappa<T>() * x * x * x);

    private static T Threshold<T>() where T : unmanaged, IFloatingPointIeee754<T>
    {
        T ten = T.One + T.One + T.One + T.One + T.One + T.One + T.One + T.One + T.One + T.One;
        return ten + ten;
    }
}
