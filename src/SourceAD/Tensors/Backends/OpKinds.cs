namespace SourceAD.Tensors.Backends;

/// <summary>Elementwise unary functions a backend implements.</summary>
public enum UnaryKind
{
    /// <summary>max(x, 0); its derivative at 0 is <see cref="DerivativePolicy.ReluAtZero"/>.</summary>
    Relu,
    /// <summary>x for x &gt; 0, parameter·x otherwise; at 0 the derivative interpolates parameter (ReluAtZero = 0) to 1 (ReluAtZero = 1).</summary>
    LeakyRelu,
    /// <summary>tanh(x).</summary>
    Tanh,
    /// <summary>1 / (1 + e^(−x)).</summary>
    Sigmoid,
    /// <summary>parameter·x.</summary>
    Scale,
    /// <summary>|x|; its derivative at 0 is <see cref="DerivativePolicy.AbsAtZero"/>.</summary>
    Abs,
    /// <summary>eˣ (the rules read y).</summary>
    Exp,
    /// <summary>ln x.</summary>
    Log,
    /// <summary>√x (the rules read y).</summary>
    Sqrt,
    /// <summary>1/√x (the rules read y).</summary>
    Rsqrt,
    /// <summary>x².</summary>
    Square,
    /// <summary>x^parameter.</summary>
    Pow,
    /// <summary>max(x, parameter) (NaN stays NaN); derivative 1 where x ≥ parameter, as torch.clamp_min.</summary>
    ClampMin,
    /// <summary>min(x, parameter) (NaN stays NaN); derivative 1 where x ≤ parameter, as torch.clamp_max.</summary>
    ClampMax,
    /// <summary>GELU, tanh approximation: x/2·(1 + tanh(√(2/π)(x + 0.044715x³))).</summary>
    GeluTanh,
    /// <summary>GELU: x·Φ(x) = x/2·(1 + erf(x/√2)).</summary>
    GeluErf,
    /// <summary>SiLU (swish): x·σ(x).</summary>
    Silu,
    /// <summary>Softplus: ln(1 + eˣ), and x above <see cref="ElementwiseMath.SoftplusThreshold"/> (torch's beta 1, threshold 20).</summary>
    Softplus,
    /// <summary>ELU: x for x &gt; 0, parameter·(eˣ − 1) otherwise; derivative parameter·eˣ at x ≤ 0, as torch.</summary>
    Elu,
    /// <summary>x + parameter.</summary>
    AddScalar,
}

/// <summary>Elementwise binary functions with broadcasting.</summary>
public enum BinaryKind
{
    /// <summary>a + b.</summary>
    Add,
    /// <summary>a − b.</summary>
    Sub,
    /// <summary>a · b.</summary>
    Mul,
    /// <summary>a / b.</summary>
    Div,
    /// <summary>max(a, b) (NaN propagates, as torch.maximum).</summary>
    Maximum,
}

/// <summary>The geometry of a 2-D convolution: square stride and zero padding, as PyTorch's conv2d(stride, padding).</summary>
/// <param name="Stride">Step between windows, ≥ 1.</param>
/// <param name="Padding">Zeros added on every side, ≥ 0.</param>
public readonly record struct Conv2dGeometry(int Stride = 1, int Padding = 0)
{
    /// <summary>The output size along one axis: ⌊(size + 2·padding − kernel) / stride⌋ + 1.</summary>
    public int OutputSize(int size, int kernel) => (size + 2 * Padding - kernel) / Stride + 1;
}

/// <summary>
/// The geometry of a 2-D pooling: square kernel, stride and padding, floor mode (PyTorch's defaults). Max pooling pads
/// with −∞; average pooling counts padding as zeros and divides by kernel² (count_include_pad = true).
/// </summary>
/// <param name="Kernel">Window side, ≥ 1.</param>
/// <param name="Stride">Step between windows, ≥ 1 (PyTorch defaults it to the kernel).</param>
/// <param name="Padding">Added on every side, 0 ≤ padding ≤ kernel / 2 (as PyTorch requires).</param>
public readonly record struct Pool2dGeometry(int Kernel, int Stride, int Padding = 0)
{
    /// <summary>The output size along one axis: ⌊(size + 2·padding − kernel) / stride⌋ + 1.</summary>
    public int OutputSize(int size) => (size + 2 * Padding - Kernel) / Stride + 1;
}
