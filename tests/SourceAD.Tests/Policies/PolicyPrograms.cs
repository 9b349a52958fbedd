namespace SourceAD.Tests.Policies;

/// <summary>The same nonsmooth function under different derivative policies, one method per choice.</summary>
public static partial class PolicyPrograms
{
    [Differentiable(BinaryTies = TieRule.Native)]
    public static double MaxNative(double a, double b) => Math.Max(a, b);

    [Differentiable(BinaryTies = TieRule.Minimal)]
    public static double MaxMinimal(double a, double b) => Math.Max(a, b);

    [Differentiable(BinaryTies = TieRule.Hybrid, HybridBeta = 0.3)]
    public static double MaxHybrid(double a, double b) => Math.Max(a, b);

    /// <summary>β = 2 &gt; 1: conservative, not Clarke (thesis Remark 10). SRCAD2002 says so; here that is the point.</summary>
#pragma warning disable SRCAD2002
    [Differentiable(BinaryTies = TieRule.Hybrid, HybridBeta = 2)]
    public static double MaxHybridConservative(double a, double b) => Math.Max(a, b);
#pragma warning restore SRCAD2002

    [Differentiable(Preset = NonsmoothPreset.Strict)]
    public static double MaxStrict(double a, double b) => Math.Max(a, b);

    [Differentiable(BinaryTies = TieRule.Native)]
    public static float MinNativeFloat(float a, float b) => MathF.Min(a, b);

    [Differentiable]
    public static double AbsDefault(double x) => Math.Abs(x);

    [Differentiable(Preset = NonsmoothPreset.Jax)]
    public static double AbsJax(double x) => Math.Abs(x);

    [Differentiable(AbsAtZero = 0.25)]
    public static double AbsQuarter(double x) => Math.Abs(x);

    [Differentiable]
    public static double ReluDefault(double x) => Nonsmooth.Relu(x);

    [Differentiable(ReluAtZero = 0.7)]
    public static double ReluSeven(double x) => Nonsmooth.Relu(x);

    [Differentiable(ReluAtZero = 0.5)]
    public static double LeakyHalf(double x, double slope) => Nonsmooth.LeakyRelu(x, slope);

    [Differentiable(BinaryTies = TieRule.Minimal)]
    public static double ClampMinimal(double x, double lo, double hi) => Math.Clamp(x, lo, hi);

    [Differentiable(ReductionTies = TieRule.Hybrid, HybridBeta = 0.5)]
    public static double ReductionHybrid(double[] v) => Nonsmooth.Max<double>(v);

    [Differentiable(Preset = NonsmoothPreset.Strict)]
    public static double ReductionStrict(double[] v) => Nonsmooth.Max<double>(v);

    [Differentiable(BinaryTies = TieRule.Native)]
    public static T GenericMax<T>(T a, T b) where T : System.Numerics.IFloatingPointIeee754<T> => T.Max(a, b);
}
