using System.Numerics;

namespace SourceAD.Optimizers;

/// <summary>
/// One step of an <see cref="UpdateRuleAttribute">[UpdateRule]</see> with its per-step scalars bound: the form that
/// device backends compile. The generator emits one struct per rule (<c>{Rule}Update</c>, beside <c>{Rule}Step</c>);
/// its scalars are held as double and rounded to the element type exactly as the host step rounds them, so every
/// backend computes the same per-element arithmetic.
/// </summary>
/// <remarks>
/// The element form has a fixed arity so one generic kernel serves every rule: up to
/// <see cref="MaxState"/> state slots (the rule's <c>ref</c> parameters, θ first) and up to <see cref="MaxInputs"/>
/// elementwise inputs (its <c>in</c> parameters, g first). Unused slots and inputs are ignored.
/// </remarks>
public interface IElementwiseUpdate
{
    /// <summary>The most state slots (<c>ref</c> parameters) a device rule may have.</summary>
    public const int MaxState = 4;

    /// <summary>The most elementwise inputs (<c>in</c> parameters) a device rule may have.</summary>
    public const int MaxInputs = 2;

    /// <summary>The rule's name (the [UpdateRule] method).</summary>
    string RuleName { get; }

    /// <summary>How many state slots the rule has (1 to <see cref="MaxState"/>; θ is slot 0).</summary>
    int StateCount { get; }

    /// <summary>How many elementwise inputs the rule has (0 to <see cref="MaxInputs"/>; the gradient is input 0).</summary>
    int InputCount { get; }

    /// <summary>The rule for one float32 element.</summary>
    void Apply(ref float s0, ref float s1, ref float s2, ref float s3, float i0, float i1);

    /// <summary>The rule for one float64 element.</summary>
    void Apply(ref double s0, ref double s1, ref double s2, ref double s3, double i0, double i1);

    /// <summary>The fused host step (<c>{Rule}Step</c>) over spans of equal length; spans past the rule's arity are ignored.</summary>
    void Step<T>(Span<T> s0, Span<T> s1, Span<T> s2, Span<T> s3, ReadOnlySpan<T> i0, ReadOnlySpan<T> i1)
        where T : unmanaged, IFloatingPointIeee754<T>;
}
