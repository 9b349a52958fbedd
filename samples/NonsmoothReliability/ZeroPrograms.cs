using System.Numerics;
using SourceAD;

namespace NonsmoothReliability;

/// <summary>
/// The thesis's zero programs (§3.1.1, Tables 3.1 and 3.3), written as plain [Differentiable] C#: each is identically 0,
/// yet its derivative under two different nonsmooth choices is not.
/// </summary>
public static partial class ZeroPrograms
{
    /// <summary>max₁: a max reduction whose tie rule is Native (the first active entry gets everything).</summary>
    [Differentiable(ReductionTies = TieRule.Native)]
    public static T MaxNative<T>(T[] v) where T : IFloatingPointIeee754<T> => SourceAD.Nonsmooth.Max<T>(v);

    /// <summary>max₂: the same reduction with the Minimal rule (uniform over the active set).</summary>
    [Differentiable(ReductionTies = TieRule.Minimal)]
    public static T MaxMinimal<T>(T[] v) where T : IFloatingPointIeee754<T> => SourceAD.Nonsmooth.Max<T>(v);

    /// <summary>zero(t) = max₁(t·x) − max₂(t·x) over 4 entries (Table 3.1).</summary>
    [Differentiable]
    public static T Zero<T>(T t, [NoDerivative] T[] x) where T : IFloatingPointIeee754<T>
    {
        var v = new T[4];
        for (int i = 0; i < 4; i++) v[i] = t * x[i];
        return MaxNative(v) - MaxMinimal(v);
    }

    /// <summary>relu with relu'(0) = 1 (the thesis's relu2 = where(x ≥ 0, x, 0)).</summary>
    [Differentiable(ReluAtZero = 1)]
    public static T Relu2<T>(T x) where T : IFloatingPointIeee754<T> => SourceAD.Nonsmooth.Relu(x);

    /// <summary>Figure 3.9's max01: (a + b)/2 + relu((a − b)/2) + relu((b − a)/2), relu'(0) = 0.</summary>
    [Differentiable]
    public static T Max01<T>(T a, T b) where T : IFloatingPointIeee754<T>
    {
        T two = T.One + T.One;
        return (a + b) / two + SourceAD.Nonsmooth.Relu((a - b) / two) + SourceAD.Nonsmooth.Relu((b - a) / two);
    }

    /// <summary>Figure 3.9's max02: the first relu replaced by relu2 (relu'(0) = 1).</summary>
    [Differentiable]
    public static T Max02<T>(T a, T b) where T : IFloatingPointIeee754<T>
    {
        T two = T.One + T.One;
        return (a + b) / two + Relu2((a - b) / two) + SourceAD.Nonsmooth.Relu((b - a) / two);
    }

    /// <summary>Table 3.3 (Figure 3.9): zero₂(t) = max₁(t·x) − max₂(t·x), each a max over 4 entries as a tree of pairwise maxes.</summary>
    [Differentiable]
    public static T ReluZero<T>(T t, [NoDerivative] T[] x) where T : IFloatingPointIeee754<T>
    {
        T max1 = Max01(Max01(t * x[0], t * x[1]), Max01(t * x[2], t * x[3]));
        T max2 = Max02(Max02(t * x[0], t * x[1]), Max02(t * x[2], t * x[3]));
        return max1 - max2;
    }
}
