namespace SourceAD.Tests.NonsmoothTests;

/// <summary>Each nonsmooth primitive under a custom policy and under Strict, for <see cref="SemanticsAgreementTests"/>.</summary>
public static partial class SemanticsPrograms
{
    public const double Beta = 0.25, ReluAt = 0.5, AbsAt = -0.75, Slope = 0.125;

    [Differentiable(BinaryTies = TieRule.Hybrid, HybridBeta = Beta, ReluAtZero = ReluAt, AbsAtZero = AbsAt)]
    public static double Max(double a, double b) => Math.Max(a, b);

    [Differentiable(BinaryTies = TieRule.Hybrid, HybridBeta = Beta, ReluAtZero = ReluAt, AbsAtZero = AbsAt)]
    public static double Min(double a, double b) => Math.Min(a, b);

    [Differentiable(BinaryTies = TieRule.Hybrid, HybridBeta = Beta, ReluAtZero = ReluAt, AbsAtZero = AbsAt)]
    public static float MaxFloat(float a, float b) => MathF.Max(a, b);

    [Differentiable(BinaryTies = TieRule.Hybrid, HybridBeta = Beta, ReluAtZero = ReluAt, AbsAtZero = AbsAt)]
    public static double Relu(double x) => Nonsmooth.Relu(x);

    [Differentiable(BinaryTies = TieRule.Hybrid, HybridBeta = Beta, ReluAtZero = ReluAt, AbsAtZero = AbsAt)]
    public static double LeakyRelu(double x) => Nonsmooth.LeakyRelu(x, Slope);

    [Differentiable(BinaryTies = TieRule.Hybrid, HybridBeta = Beta, ReluAtZero = ReluAt, AbsAtZero = AbsAt)]
    public static double Abs(double x) => Math.Abs(x);

    [Differentiable(Preset = NonsmoothPreset.Strict)]
    public static double MaxStrict(double a, double b) => Math.Max(a, b);

    [Differentiable(Preset = NonsmoothPreset.Strict)]
    public static double MinStrict(double a, double b) => Math.Min(a, b);

    [Differentiable(Preset = NonsmoothPreset.Strict)]
    public static double ReluStrict(double x) => Nonsmooth.Relu(x);

    [Differentiable(Preset = NonsmoothPreset.Strict)]
    public static double LeakyReluStrict(double x) => Nonsmooth.LeakyRelu(x, Slope);

    [Differentiable(Preset = NonsmoothPreset.Strict)]
    public static double AbsStrict(double x) => Math.Abs(x);
}
