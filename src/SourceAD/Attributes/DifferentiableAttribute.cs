namespace SourceAD;

/// <summary>
/// Marks a method for compile-time differentiation. The SourceAD generator emits
/// <c>{Name}Pullback</c> (reverse mode), <c>{Name}Gradient</c> (convenience) and <c>{Name}Pushforward</c>
/// (forward mode) beside it in the same <c>partial</c> type.
/// </summary>
/// <remarks>
/// The nonsmooth properties choose which element of the conservative gradient the generated code returns at kinks
/// (thesis ch. 3). Unset properties fall back to <see cref="DifferentiableDefaultsAttribute"/> on the assembly, then to
/// <see cref="Preset"/>, then to the <see cref="NonsmoothPreset.PyTorch"/> preset (see <see cref="DerivativePolicy.PyTorch"/>).
/// </remarks>
[AttributeUsage(AttributeTargets.Method, Inherited = false, AllowMultiple = false)]
public sealed class DifferentiableAttribute : Attribute
{
    /// <summary>The derivative of ReLU at 0 (thesis Example 1). Values in [0, 1] are Clarke selections.</summary>
    public double ReluAtZero { get; set; }

    /// <summary>The tie rule for max, min, abs and pooling, unless a per-family override is set.</summary>
    public TieRule Ties { get; set; }

    /// <summary>β of <see cref="TieRule.Hybrid"/>: (1−β)·Native + β·Minimal (thesis Definition 10).</summary>
    public double HybridBeta { get; set; }

    /// <summary>The derivative of |x| at 0. Values in [−1, 1] are Clarke selections.</summary>
    public double AbsAtZero { get; set; }

    /// <summary>A named set of choices matching a library. Explicit properties override it.</summary>
    public NonsmoothPreset Preset { get; set; }

    /// <summary>Per-family override for binary <c>Max</c>/<c>Min</c>/<c>Clamp</c> ties.</summary>
    public TieRule BinaryTies { get; set; }

    /// <summary>Per-family override for reductions over many entries (<c>Nonsmooth.Max(span)</c>, Sum-of-max, ‖·‖∞).</summary>
    public TieRule ReductionTies { get; set; }

    /// <summary>Per-family override for pooling windows (MaxPool2d).</summary>
    public TieRule PoolingTies { get; set; }
}

/// <summary>
/// Assembly-wide defaults for <see cref="DifferentiableAttribute"/>'s nonsmooth choices and the cost model.
/// </summary>
[AttributeUsage(AttributeTargets.Assembly, AllowMultiple = false)]
public sealed class DifferentiableDefaultsAttribute : Attribute
{
    /// <inheritdoc cref="DifferentiableAttribute.ReluAtZero"/>
    public double ReluAtZero { get; set; }
    /// <inheritdoc cref="DifferentiableAttribute.Ties"/>
    public TieRule Ties { get; set; }
    /// <inheritdoc cref="DifferentiableAttribute.HybridBeta"/>
    public double HybridBeta { get; set; }
    /// <inheritdoc cref="DifferentiableAttribute.AbsAtZero"/>
    public double AbsAtZero { get; set; }
    /// <inheritdoc cref="DifferentiableAttribute.Preset"/>
    public NonsmoothPreset Preset { get; set; }
    /// <inheritdoc cref="DifferentiableAttribute.BinaryTies"/>
    public TieRule BinaryTies { get; set; }
    /// <inheritdoc cref="DifferentiableAttribute.ReductionTies"/>
    public TieRule ReductionTies { get; set; }
    /// <inheritdoc cref="DifferentiableAttribute.PoolingTies"/>
    public TieRule PoolingTies { get; set; }
    /// <summary>Cost of exp, log and inv relative to + (thesis Table 2.2, c_nonlin ≥ 1). Default 1.</summary>
    public double CostNonlinear { get; set; }
    /// <summary>Cost of a sign test (thesis Table 2.2, c_ReLU ≥ 0). Default 1.</summary>
    public double CostSignTest { get; set; }
}
