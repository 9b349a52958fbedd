namespace SourceAD.Tests.NonsmoothTests;

/// <summary>
/// Running choices that overwrite what they compare, for <see cref="RecordedOutcomeTests"/>, under each preset and custom
/// tie and kink rules: the reverse needs each iteration's comparison outcome, which the pullback recovers from the
/// recorded old value (or, with recorded outcomes on, from a byte).
/// </summary>
public static partial class OutcomePrograms
{
    public const double Beta = 0.25, ReluAt = 0.5, AbsAt = -0.75;

    [Differentiable(Preset = NonsmoothPreset.PyTorch)]
    public static double RunningMaxPyTorch(double[] x)
    {
        double a = x[0];
        for (int i = 1; i < x.Length; i++) a = Math.Max(a, x[i]);
        return a;
    }

    [Differentiable(Preset = NonsmoothPreset.Jax)]
    public static double RunningMaxJax(double[] x)
    {
        double a = x[0];
        for (int i = 1; i < x.Length; i++) a = Math.Max(a, x[i]);
        return a;
    }

    [Differentiable(Preset = NonsmoothPreset.Strict)]
    public static double RunningMaxStrict(double[] x)
    {
        double a = x[0];
        for (int i = 1; i < x.Length; i++) a = Math.Max(a, x[i]);
        return a;
    }

    [Differentiable(BinaryTies = TieRule.Hybrid, HybridBeta = Beta)]
    public static double RunningMaxHybrid(double[] x)
    {
        double a = x[0];
        for (int i = 1; i < x.Length; i++) a = Math.Max(a, x[i]);
        return a;
    }

    [Differentiable(BinaryTies = TieRule.Native)]
    public static double RunningMinNative(double[] x)
    {
        double a = x[0];
        for (int i = 1; i < x.Length; i++) a = Math.Min(a, x[i]);
        return a;
    }

    [Differentiable(Preset = NonsmoothPreset.Strict)]
    public static double RunningMinStrict(double[] x)
    {
        double a = x[0];
        for (int i = 1; i < x.Length; i++) a = Math.Min(a, x[i]);
        return a;
    }

    /// <summary>A choice whose loser is scaled afterwards: the old maximum feeds a later product only through the choice.</summary>
    [Differentiable(BinaryTies = TieRule.Hybrid, HybridBeta = Beta)]
    public static double ScaledMaxHybrid(double[] x)
    {
        double a = x[0];
        for (int i = 1; i < x.Length; i++) a = 0.5 * Math.Max(a, x[i]) + x[i];
        return a;
    }

    [Differentiable(ReluAtZero = ReluAt, AbsAtZero = AbsAt)]
    public static double AbsChain(double[] x)
    {
        double a = x[0];
        for (int i = 1; i < x.Length; i++) a = Math.Abs(a) - x[i];
        return a;
    }

    [Differentiable(ReluAtZero = ReluAt, AbsAtZero = AbsAt)]
    public static double ReluChain(double[] x)
    {
        double a = x[0];
        for (int i = 1; i < x.Length; i++) a = Nonsmooth.Relu(a) + x[i];
        return a;
    }

    /// <summary>The old value read by another statement's reverse too (a·x[i] before the choice): it is recorded as well.</summary>
    [Differentiable(Preset = NonsmoothPreset.PyTorch)]
    public static double MaxAfterProduct(double[] x)
    {
        double a = x[0], s = 0;
        for (int i = 1; i < x.Length; i++)
        {
            s += a * x[i];
            a = Math.Max(a, x[i]);
        }
        return s + a;
    }
}
