using SourceAD.Tensors.Backends;

namespace SourceAD.Tensors;

// Elementwise math and scalar–tensor arithmetic: one UnaryKind kernel per primal, and its derivative kernel for both
// rules (the registry row in Registry/OpSpecs.cs says which of x and y each rule reads).
public static partial class Ops
{
    /// <summary>eˣ elementwise.</summary>
    public static Tensor Exp(Tensor x) => Unary(UnaryKind.Exp, 0, x);

    /// <summary>Backward rule of <see cref="Exp"/>: dx = dy·y.</summary>
    public static Tensor ExpBackward(Tensor y, Tensor dy) => UnaryDerivative(UnaryKind.Exp, 0, default, y, y, dy, nameof(ExpBackward));

    /// <summary>Forward rule of <see cref="Exp"/>: ty = tx·y.</summary>
    public static Tensor ExpJvp(Tensor y, Tensor tx) => UnaryDerivative(UnaryKind.Exp, 0, default, y, y, tx, nameof(ExpJvp));

    /// <summary>ln x elementwise (NaN below 0, −∞ at 0, as torch.log).</summary>
    public static Tensor Log(Tensor x) => Unary(UnaryKind.Log, 0, x);

    /// <summary>Backward rule of <see cref="Log"/>: dx = dy / x.</summary>
    public static Tensor LogBackward(Tensor x, Tensor dy) => UnaryDerivative(UnaryKind.Log, 0, default, x, null, dy, nameof(LogBackward));

    /// <summary>Forward rule of <see cref="Log"/>.</summary>
    public static Tensor LogJvp(Tensor x, Tensor tx) => UnaryDerivative(UnaryKind.Log, 0, default, x, null, tx, nameof(LogJvp));

    /// <summary>√x elementwise.</summary>
    public static Tensor Sqrt(Tensor x) => Unary(UnaryKind.Sqrt, 0, x);

    /// <summary>Backward rule of <see cref="Sqrt"/>: dx = dy / (2y).</summary>
    public static Tensor SqrtBackward(Tensor y, Tensor dy) => UnaryDerivative(UnaryKind.Sqrt, 0, default, y, y, dy, nameof(SqrtBackward));

    /// <summary>Forward rule of <see cref="Sqrt"/>.</summary>
    public static Tensor SqrtJvp(Tensor y, Tensor tx) => UnaryDerivative(UnaryKind.Sqrt, 0, default, y, y, tx, nameof(SqrtJvp));

    /// <summary>1/√x elementwise.</summary>
    public static Tensor Rsqrt(Tensor x) => Unary(UnaryKind.Rsqrt, 0, x);

    /// <summary>Backward rule of <see cref="Rsqrt"/>: dx = −dy·y³/2.</summary>
    public static Tensor RsqrtBackward(Tensor y, Tensor dy) => UnaryDerivative(UnaryKind.Rsqrt, 0, default, y, y, dy, nameof(RsqrtBackward));

    /// <summary>Forward rule of <see cref="Rsqrt"/>.</summary>
    public static Tensor RsqrtJvp(Tensor y, Tensor tx) => UnaryDerivative(UnaryKind.Rsqrt, 0, default, y, y, tx, nameof(RsqrtJvp));

    /// <summary>x² elementwise.</summary>
    public static Tensor Square(Tensor x) => Unary(UnaryKind.Square, 0, x);

    /// <summary>Backward rule of <see cref="Square"/>: dx = 2x·dy.</summary>
    public static Tensor SquareBackward(Tensor x, Tensor dy) => UnaryDerivative(UnaryKind.Square, 0, default, x, null, dy, nameof(SquareBackward));

    /// <summary>Forward rule of <see cref="Square"/>.</summary>
    public static Tensor SquareJvp(Tensor x, Tensor tx) => UnaryDerivative(UnaryKind.Square, 0, default, x, null, tx, nameof(SquareJvp));

    /// <summary>x^exponent elementwise, a scalar exponent (torch.pow(x, float)).</summary>
    public static Tensor Pow(Tensor x, double exponent) => Unary(UnaryKind.Pow, exponent, x);

    /// <summary>Backward rule of <see cref="Pow"/>: dx = exponent·x^(exponent−1)·dy (0 for exponent 0, as torch).</summary>
    public static Tensor PowBackward(Tensor x, Tensor dy, double exponent) => UnaryDerivative(UnaryKind.Pow, exponent, default, x, null, dy, nameof(PowBackward));

    /// <summary>Forward rule of <see cref="Pow"/>.</summary>
    public static Tensor PowJvp(Tensor x, Tensor tx, double exponent) => UnaryDerivative(UnaryKind.Pow, exponent, default, x, null, tx, nameof(PowJvp));

    /// <summary>−x elementwise.</summary>
    public static Tensor Neg(Tensor x) => Unary(UnaryKind.Scale, -1, x);

    /// <summary>Backward rule of <see cref="Neg"/>: dx = −dy.</summary>
    public static Tensor NegBackward(Tensor dy) => Unary(UnaryKind.Scale, -1, dy);

    /// <summary>Forward rule of <see cref="Neg"/>.</summary>
    public static Tensor NegJvp(Tensor tx) => Unary(UnaryKind.Scale, -1, tx);

    /// <summary>
    /// min(max(x, min), max) elementwise (NaN stays NaN), as torch.clamp. Its derivative is 1 where min ≤ x ≤ max, the
    /// bounds included (torch's choice; <see cref="NonsmoothKind.OneSided"/>), and 0 outside.
    /// </summary>
    public static Tensor Clamp(Tensor x, double min, double max)
    {
        Tensor y = Unary(UnaryKind.ClampMin, min, x);
        x.Backend.Unary(UnaryKind.ClampMax, max, y, y);
        return y;
    }

    /// <summary>Backward rule of <see cref="Clamp"/>: dx = dy where min ≤ x ≤ max, else 0.</summary>
    public static Tensor ClampBackward(Tensor x, Tensor dy, double min, double max) => ClampDerivative(x, dy, min, max, nameof(ClampBackward));

    /// <summary>Forward rule of <see cref="Clamp"/>.</summary>
    public static Tensor ClampJvp(Tensor x, Tensor tx, double min, double max) => ClampDerivative(x, tx, min, max, nameof(ClampJvp));

    private static Tensor ClampDerivative(Tensor x, Tensor g, double min, double max, string op)
    {
        Tensor r = UnaryDerivative(UnaryKind.ClampMin, min, default, x, null, g, op);
        x.Backend.UnaryDerivativeProduct(UnaryKind.ClampMax, max, default, x, x, r, r);
        return r;
    }

    /// <summary>min(a, b) elementwise with broadcasting (NaN propagates, as torch.minimum), computed as −max(−a, −b).</summary>
    public static Tensor Minimum(Tensor a, Tensor b)
    {
        using Tensor na = Neg(a), nb = Neg(b), m = Maximum(na, nb);
        return Neg(m);
    }

    /// <summary>
    /// Backward rule of <see cref="Minimum"/>: the rule of <see cref="Maximum"/> at (−a, −b) (min(a, b) = −max(−a, −b)
    /// and the two signs cancel), so ties share by <see cref="DerivativePolicy.Binary"/> as Maximum's do.
    /// </summary>
    public static (Tensor Da, Tensor Db) MinimumBackward(Tensor a, Tensor b, Tensor dy, DerivativePolicy policy)
    {
        using Tensor na = Neg(a), nb = Neg(b);
        return MaximumBackward(na, nb, dy, policy);
    }

    /// <summary>Forward rule of <see cref="Minimum"/> (the transpose of <see cref="MinimumBackward"/>, ties included).</summary>
    public static Tensor MinimumJvp(Tensor a, Tensor b, Tensor? ta, Tensor? tb, DerivativePolicy policy)
    {
        using Tensor na = Neg(a), nb = Neg(b);
        return MaximumJvp(na, nb, ta, tb, policy);
    }

    /// <summary>GELU, x·Φ(x) (torch's F.gelu), or with <paramref name="approximateTanh"/> its tanh form (approximate='tanh').</summary>
    public static Tensor Gelu(Tensor x, bool approximateTanh = false) => Unary(GeluKind(approximateTanh), 0, x);

    /// <summary>Backward rule of <see cref="Gelu"/>.</summary>
    public static Tensor GeluBackward(Tensor x, Tensor dy, bool approximateTanh) => UnaryDerivative(GeluKind(approximateTanh), 0, default, x, null, dy, nameof(GeluBackward));

    /// <summary>Forward rule of <see cref="Gelu"/>.</summary>
    public static Tensor GeluJvp(Tensor x, Tensor tx, bool approximateTanh) => UnaryDerivative(GeluKind(approximateTanh), 0, default, x, null, tx, nameof(GeluJvp));

    private static UnaryKind GeluKind(bool approximateTanh) => approximateTanh ? UnaryKind.GeluTanh : UnaryKind.GeluErf;

    /// <summary>SiLU (swish), x·σ(x).</summary>
    public static Tensor Silu(Tensor x) => Unary(UnaryKind.Silu, 0, x);

    /// <summary>Backward rule of <see cref="Silu"/>: dx = σ(x)(1 + x(1 − σ(x)))·dy.</summary>
    public static Tensor SiluBackward(Tensor x, Tensor dy) => UnaryDerivative(UnaryKind.Silu, 0, default, x, null, dy, nameof(SiluBackward));

    /// <summary>Forward rule of <see cref="Silu"/>.</summary>
    public static Tensor SiluJvp(Tensor x, Tensor tx) => UnaryDerivative(UnaryKind.Silu, 0, default, x, null, tx, nameof(SiluJvp));

    /// <summary>Softplus, ln(1 + eˣ), and x above 20 (torch's F.softplus defaults).</summary>
    public static Tensor Softplus(Tensor x) => Unary(UnaryKind.Softplus, 0, x);

    /// <summary>Backward rule of <see cref="Softplus"/>: dx = σ(x)·dy (dy above the threshold).</summary>
    public static Tensor SoftplusBackward(Tensor x, Tensor dy) => UnaryDerivative(UnaryKind.Softplus, 0, default, x, null, dy, nameof(SoftplusBackward));

    /// <summary>Forward rule of <see cref="Softplus"/>.</summary>
    public static Tensor SoftplusJvp(Tensor x, Tensor tx) => UnaryDerivative(UnaryKind.Softplus, 0, default, x, null, tx, nameof(SoftplusJvp));

    /// <summary>ELU: x for x &gt; 0, α(eˣ − 1) otherwise (torch's F.elu).</summary>
    public static Tensor Elu(Tensor x, double alpha = OpDefaults.EluAlpha) => Unary(UnaryKind.Elu, alpha, x);

    /// <summary>Backward rule of <see cref="Elu"/>: dx = dy for x &gt; 0, α·eˣ·dy otherwise (α at 0, as torch).</summary>
    public static Tensor EluBackward(Tensor x, Tensor dy, double alpha) => UnaryDerivative(UnaryKind.Elu, alpha, default, x, null, dy, nameof(EluBackward));

    /// <summary>Forward rule of <see cref="Elu"/>.</summary>
    public static Tensor EluJvp(Tensor x, Tensor tx, double alpha) => UnaryDerivative(UnaryKind.Elu, alpha, default, x, null, tx, nameof(EluJvp));

    /// <summary>x + scalar elementwise, without a constant tensor.</summary>
    public static Tensor AddScalar(Tensor x, double scalar) => Unary(UnaryKind.AddScalar, scalar, x);

    /// <summary>Backward rule of <see cref="AddScalar"/>: dx = dy (a new handle on dy's storage, shaped as x).</summary>
    public static Tensor AddScalarBackward(Tensor x, Tensor dy) => ViewAs(nameof(AddScalarBackward), x, dy);

    /// <summary>Forward rule of <see cref="AddScalar"/>: ty = tx (a new handle).</summary>
    public static Tensor AddScalarJvp(Tensor tx) => tx.Reshape(tx.ShapeArray);

    /// <summary>x · scalar elementwise, without a constant tensor.</summary>
    public static Tensor MulScalar(Tensor x, double scalar) => Unary(UnaryKind.Scale, scalar, x);

    /// <summary>Backward rule of <see cref="MulScalar"/>: dx = scalar·dy.</summary>
    public static Tensor MulScalarBackward(Tensor dy, double scalar) => Unary(UnaryKind.Scale, scalar, dy);

    /// <summary>Forward rule of <see cref="MulScalar"/>.</summary>
    public static Tensor MulScalarJvp(Tensor tx, double scalar) => Unary(UnaryKind.Scale, scalar, tx);
}
