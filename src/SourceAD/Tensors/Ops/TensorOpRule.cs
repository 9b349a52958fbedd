namespace SourceAD.Tensors;

/// <summary>
/// The non-tensor arguments of an op call, one bag for every row of <see cref="OpTable"/> (each op reads what it needs).
/// </summary>
/// <param name="Stride">Conv and pooling stride (pooling: null means the kernel).</param>
/// <param name="Padding">Conv zero padding; pooling padding.</param>
/// <param name="Kernel">Pooling window side.</param>
/// <param name="Slope">Leaky ReLU negative slope (null: <see cref="OpDefaults.LeakyReluSlope"/>).</param>
/// <param name="Axes">Reduction axes (null: all); Permute's permutation.</param>
/// <param name="KeepDims">Whether reductions keep size-1 axes.</param>
/// <param name="Labels">Class labels of cross-entropy.</param>
/// <param name="Shape">Target shape of reshape.</param>
/// <param name="Policy">Nonsmooth derivative choices.</param>
/// <param name="Training">Batch norm: batch statistics (true) or running statistics (false).</param>
/// <param name="Axis">Softmax, Narrow and Concat axis (negative counts from the end).</param>
/// <param name="Exponent">Pow's exponent.</param>
/// <param name="Min">Clamp's lower bound.</param>
/// <param name="Max">Clamp's upper bound.</param>
/// <param name="ApproximateTanh">GELU: the tanh form (null: the registry default, erf).</param>
/// <param name="Alpha">ELU's α (null: <see cref="OpDefaults.EluAlpha"/>).</param>
/// <param name="Scalar">The scalar of AddScalar and MulScalar.</param>
/// <param name="Axis0">Transpose's first axis.</param>
/// <param name="Axis1">Transpose's second axis.</param>
/// <param name="Indices">Embedding's row indices.</param>
/// <param name="Start">Narrow's first index along the axis.</param>
/// <param name="Length">Narrow's slice length.</param>
/// <param name="IgnoreIndex">Cross-entropy's ignored label.</param>
/// <param name="Value">MaskedFill's fill value.</param>
/// <param name="P">Dropout's drop probability.</param>
/// <param name="Seed">Dropout's seed.</param>
/// <param name="Step">Dropout's step (a new mask per step).</param>
/// <param name="OutputSize">AdaptiveAvgPool2d's output side.</param>
/// <param name="Causal">Attention's causal mask.</param>
/// <param name="Dilation">Conv2d's dilation.</param>
/// <param name="Groups">Conv2d's groups (the input channels = groups × the weight's).</param>
public sealed record OpAttributes(
    int? Stride = null,
    int Padding = 0,
    int Kernel = 2,
    double? Slope = null,
    int[]? Axes = null,
    bool KeepDims = false,
    int[]? Labels = null,
    int[]? Shape = null,
    DerivativePolicy? Policy = null,
    bool Training = true,
    int Axis = -1,
    double? Exponent = null,
    double? Min = null,
    double? Max = null,
    bool? ApproximateTanh = null,
    double? Alpha = null,
    double? Scalar = null,
    int Axis0 = 0,
    int Axis1 = 1,
    int[]? Indices = null,
    int Start = 0,
    int Length = 1,
    int IgnoreIndex = OpDefaults.CrossEntropyIgnoreIndex,
    double? Value = null,
    double? P = null,
    int Seed = 0,
    long Step = 0,
    int OutputSize = 1,
    bool Causal = false,
    int Dilation = 1,
    int Groups = 1)
{
    /// <summary>The policy in force: <see cref="Policy"/> or <see cref="DerivativePolicy.Default"/>.</summary>
    public DerivativePolicy EffectivePolicy => Policy ?? DerivativePolicy.Default;

    /// <summary>The labels; throws when the op needs them and they are missing.</summary>
    public int[] RequiredLabels => Labels ?? throw new ArgumentException("This op needs OpAttributes.Labels.");
}

/// <summary>
/// One row of <see cref="OpTable"/>: an op's primal, its two derivative rules and its cost, behind uniform signatures,
/// bound from its <see cref="OpSpec"/> (the registry row the generator reads too).
/// </summary>
/// <param name="Name">The op's name (the <see cref="Ops"/> method of its primal).</param>
/// <param name="Arity">The number of tensor inputs (optional ones, like a bias, may be null).</param>
/// <param name="Nonsmooth">Its nonsmooth kind.</param>
/// <param name="Primal">y = f(inputs).</param>
/// <param name="Backward">(inputs, attributes, y, dy) ↦ the input adjoints (null for an absent or non-differentiable input, like running statistics).</param>
/// <param name="Jvp">(inputs, attributes, y, input tangents, null = zero) ↦ the output tangent.</param>
/// <param name="Cost">Flops of the primal and of each rule for these inputs (see <see cref="OpCost"/>).</param>
/// <param name="Spec">The registry row it is bound from.</param>
public sealed record TensorOpRule(
    string Name,
    int Arity,
    NonsmoothKind Nonsmooth,
    Func<Tensor?[], OpAttributes, Tensor> Primal,
    Func<Tensor?[], OpAttributes, Tensor, Tensor, Tensor?[]> Backward,
    Func<Tensor?[], OpAttributes, Tensor, Tensor?[], Tensor> Jvp,
    Func<Tensor?[], OpAttributes, OpCost> Cost,
    OpSpec Spec);

/// <summary>
/// Floating-point operations of one op call, counted as the CPU kernels do them: a multiply-add is 2, a comparison 1,
/// exp/log/tanh <see cref="OpSpecs.TranscendentalFlops"/> (thesis Table 2.2's c_nonlin). Views (reshape) cost 0.
/// </summary>
/// <param name="Primal">cost(g): the primal.</param>
/// <param name="Backward">The backward rule for all inputs (the reverse-mode part of cost(gd)).</param>
/// <param name="Jvp">The forward rule with every input tangent given.</param>
public readonly record struct OpCost(long Primal, long Backward, long Jvp)
{
    /// <summary>Backward / primal: the per-op factor in the thesis' bound ω_b (Theorem 3); 0 for a free op.</summary>
    public double BackwardRatio => Primal == 0 ? 0 : (double)Backward / Primal;
}
