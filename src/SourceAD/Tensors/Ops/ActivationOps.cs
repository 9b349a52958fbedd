using SourceAD.Tensors.Backends;

namespace SourceAD.Tensors;

public static partial class Ops
{
    /// <summary>max(x, 0) elementwise.</summary>
    public static Tensor Relu(Tensor x) => Unary(UnaryKind.Relu, 0, x);

    /// <summary>
    /// Backward rule of <see cref="Relu"/>: dx = relu′(x)·dy with relu′(0) = <see cref="DerivativePolicy.ReluAtZero"/>
    /// (0 under <see cref="DerivativePolicy.PyTorch"/>, like torch).
    /// </summary>
    public static Tensor ReluBackward(Tensor x, Tensor dy, DerivativePolicy policy) => UnaryDerivative(UnaryKind.Relu, 0, policy, x, null, dy, nameof(ReluBackward));

    /// <summary>Forward rule of <see cref="Relu"/>: ty = relu′(x)·tx, with the same choice at 0 as the backward rule.</summary>
    public static Tensor ReluJvp(Tensor x, Tensor tx, DerivativePolicy policy) => UnaryDerivative(UnaryKind.Relu, 0, policy, x, null, tx, nameof(ReluJvp));

    /// <summary>x for x &gt; 0, slope·x otherwise (PyTorch's default slope is 0.01).</summary>
    public static Tensor LeakyRelu(Tensor x, double slope = OpDefaults.LeakyReluSlope) => Unary(UnaryKind.LeakyRelu, slope, x);

    /// <summary>
    /// Backward rule of <see cref="LeakyRelu"/>. At 0 the derivative is slope + s·(1 − slope) with s =
    /// <see cref="DerivativePolicy.ReluAtZero"/>: the slope (PyTorch) for s = 0, 1 for s = 1.
    /// </summary>
    public static Tensor LeakyReluBackward(Tensor x, Tensor dy, double slope, DerivativePolicy policy) =>
        UnaryDerivative(UnaryKind.LeakyRelu, slope, policy, x, null, dy, nameof(LeakyReluBackward));

    /// <summary>Forward rule of <see cref="LeakyRelu"/>.</summary>
    public static Tensor LeakyReluJvp(Tensor x, Tensor tx, double slope, DerivativePolicy policy) =>
        UnaryDerivative(UnaryKind.LeakyRelu, slope, policy, x, null, tx, nameof(LeakyReluJvp));

    /// <summary>tanh(x) elementwise.</summary>
    public static Tensor Tanh(Tensor x) => Unary(UnaryKind.Tanh, 0, x);

    /// <summary>Backward rule of <see cref="Tanh"/> from its output y: dx = (1 − y²)·dy.</summary>
    public static Tensor TanhBackward(Tensor y, Tensor dy) => UnaryDerivative(UnaryKind.Tanh, 0, default, y, y, dy, nameof(TanhBackward));

    /// <summary>Forward rule of <see cref="Tanh"/> from its output y: ty = (1 − y²)·tx.</summary>
    public static Tensor TanhJvp(Tensor y, Tensor tx) => UnaryDerivative(UnaryKind.Tanh, 0, default, y, y, tx, nameof(TanhJvp));

    /// <summary>1 / (1 + e^(−x)) elementwise.</summary>
    public static Tensor Sigmoid(Tensor x) => Unary(UnaryKind.Sigmoid, 0, x);

    /// <summary>Backward rule of <see cref="Sigmoid"/> from its output y: dx = y(1 − y)·dy.</summary>
    public static Tensor SigmoidBackward(Tensor y, Tensor dy) => UnaryDerivative(UnaryKind.Sigmoid, 0, default, y, y, dy, nameof(SigmoidBackward));

    /// <summary>Forward rule of <see cref="Sigmoid"/> from its output y: ty = y(1 − y)·tx.</summary>
    public static Tensor SigmoidJvp(Tensor y, Tensor tx) => UnaryDerivative(UnaryKind.Sigmoid, 0, default, y, y, tx, nameof(SigmoidJvp));

    /// <summary>|x| elementwise.</summary>
    public static Tensor Abs(Tensor x) => Unary(UnaryKind.Abs, 0, x);

    /// <summary>
    /// Backward rule of <see cref="Abs"/>: dx = sign(x)·dy with |x|′(0) = <see cref="DerivativePolicy.AbsAtZero"/>
    /// (0 under <see cref="DerivativePolicy.PyTorch"/>, as torch's sign(0) = 0).
    /// </summary>
    public static Tensor AbsBackward(Tensor x, Tensor dy, DerivativePolicy policy) => UnaryDerivative(UnaryKind.Abs, 0, policy, x, null, dy, nameof(AbsBackward));

    /// <summary>Forward rule of <see cref="Abs"/>, with the same choice at 0.</summary>
    public static Tensor AbsJvp(Tensor x, Tensor tx, DerivativePolicy policy) => UnaryDerivative(UnaryKind.Abs, 0, policy, x, null, tx, nameof(AbsJvp));

    private static Tensor Unary(UnaryKind kind, double parameter, Tensor x)
    {
        Tensor y = EmptyLike(x);
        x.Backend.Unary(kind, parameter, x, y);
        return y;
    }

    private static Tensor UnaryDerivative(UnaryKind kind, double parameter, DerivativePolicy policy, Tensor x, Tensor? y, Tensor g, string op)
    {
        var backend = BackendOf(op, x, g);
        RequireSameShape(op, x, g, "the adjoint or tangent");
        Tensor result = EmptyLike(x);
        backend.UnaryDerivativeProduct(kind, parameter, policy, x, y ?? x, g, result);
        return result;
    }
}
