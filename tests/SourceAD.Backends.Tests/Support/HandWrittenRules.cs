using System.Numerics;
using SourceAD.Optimizers;

namespace SourceAD.Backends.Tests;

// Hand-written IElementwiseUpdate structs, standing in for the generated UpdateRules.{Rule}Update until they land on
// main. Each keeps its scalars as double and rounds them to the element type once (as the interface prescribes), and
// its fused host Step runs the very same per-element method as Apply, so host and device compute identical arithmetic:
// only + − × ÷ √, each correctly rounded by IEEE 754, hence bitwise equal on any backend that keeps the order and
// does not contract a·b + c into a fused multiply-add.

/// <summary>Plain SGD: θ ← θ − γ·g (one state slot, one input).</summary>
public readonly record struct SgdUpdate(double LearningRate) : IElementwiseUpdate
{
    public string RuleName => "Sgd";

    public int StateCount => 1;

    public int InputCount => 1;

    private static void Rule<T>(ref T theta, T g, T lr) where T : IFloatingPointIeee754<T> => theta = theta - lr * g;

    public void Apply(ref float s0, ref float s1, ref float s2, ref float s3, float i0, float i1) => Rule(ref s0, i0, (float)LearningRate);

    public void Apply(ref double s0, ref double s1, ref double s2, ref double s3, double i0, double i1) => Rule(ref s0, i0, LearningRate);

    public void Step<T>(Span<T> s0, Span<T> s1, Span<T> s2, Span<T> s3, ReadOnlySpan<T> i0, ReadOnlySpan<T> i1)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        T lr = T.CreateTruncating(LearningRate);
        for (int i = 0; i < s0.Length; i++)
        {
            Rule(ref s0[i], i0[i], lr);
        }
    }
}

/// <summary>AdamW in the operation order of src/SourceAD/Optimizers/Rules/UpdateRules.AdamW.cs (three state slots θ, m, v; one input g).</summary>
/// <remarks>
/// Written as a device compiler needs it (ILGPU compiles <c>Apply</c> into the kernel): a public struct, scalars rounded
/// with plain casts in <c>Apply</c> (no generic-math conversions), the same rounding <c>T.CreateTruncating</c> does on the host.
/// </remarks>
public readonly record struct AdamWLikeUpdate(
    double WeightDecayFactor, double Beta1, double Beta2, double BiasCorrection1, double BiasCorrection2, double LearningRate, double Epsilon)
    : IElementwiseUpdate
{
    /// <summary>The scalars of step k for γ, λ, β₁, β₂, ε.</summary>
    public static AdamWLikeUpdate At(long k, double lr = 1e-3, double weightDecay = 1e-2, double beta1 = 0.9, double beta2 = 0.999, double eps = 1e-8) =>
        new(1 - weightDecay * lr, beta1, beta2, 1 - Math.Pow(beta1, k), 1 - Math.Pow(beta2, k), lr, eps);

    public string RuleName => "AdamWLike";

    public int StateCount => 3;

    public int InputCount => 1;

    private static void Rule<T>(ref T theta, ref T m, ref T v, T g, T wd, T b1, T b1c, T b2, T b2c, T bc1, T bc2, T lr, T eps)
        where T : IFloatingPointIeee754<T>
    {
        theta = wd * theta;
        m = b1 * m + b1c * g;
        v = b2 * v + b2c * (g * g);
        T mHat = m / bc1;
        T vHat = v / bc2;
        theta = theta - lr * mHat / (T.Sqrt(vHat) + eps);
    }

    public void Apply(ref float s0, ref float s1, ref float s2, ref float s3, float i0, float i1) =>
        Rule(ref s0, ref s1, ref s2, i0, (float)WeightDecayFactor, (float)Beta1, (float)(1 - Beta1), (float)Beta2, (float)(1 - Beta2),
            (float)BiasCorrection1, (float)BiasCorrection2, (float)LearningRate, (float)Epsilon);

    public void Apply(ref double s0, ref double s1, ref double s2, ref double s3, double i0, double i1) =>
        Rule(ref s0, ref s1, ref s2, i0, WeightDecayFactor, Beta1, 1 - Beta1, Beta2, 1 - Beta2, BiasCorrection1, BiasCorrection2, LearningRate, Epsilon);

    public void Step<T>(Span<T> s0, Span<T> s1, Span<T> s2, Span<T> s3, ReadOnlySpan<T> i0, ReadOnlySpan<T> i1)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        T wd = T.CreateTruncating(WeightDecayFactor), b1 = T.CreateTruncating(Beta1), b1c = T.CreateTruncating(1 - Beta1);
        T b2 = T.CreateTruncating(Beta2), b2c = T.CreateTruncating(1 - Beta2), bc1 = T.CreateTruncating(BiasCorrection1);
        T bc2 = T.CreateTruncating(BiasCorrection2), lr = T.CreateTruncating(LearningRate), eps = T.CreateTruncating(Epsilon);
        for (int i = 0; i < s0.Length; i++)
        {
            Rule(ref s0[i], ref s1[i], ref s2[i], i0[i], wd, b1, b1c, b2, b2c, bc1, bc2, lr, eps);
        }
    }
}

/// <summary>A rule that uses every slot: four state slots and two inputs (gradient and a second elementwise input, e.g. a preconditioner).</summary>
public readonly record struct FullArityUpdate(double Rate, double Decay) : IElementwiseUpdate
{
    public string RuleName => "FullArity";

    public int StateCount => 4;

    public int InputCount => 2;

    private static void Rule<T>(ref T theta, ref T a, ref T b, ref T c, T g, T h, T rate, T decay) where T : IFloatingPointIeee754<T>
    {
        a = decay * a + (T.One - decay) * g;
        b = T.Max(b, T.Abs(g)) * decay;
        c = c + g * h;
        theta = theta - rate * a / (T.Sqrt(c * c + b) + T.One) + h * b;
    }

    public void Apply(ref float s0, ref float s1, ref float s2, ref float s3, float i0, float i1) =>
        Rule(ref s0, ref s1, ref s2, ref s3, i0, i1, (float)Rate, (float)Decay);

    public void Apply(ref double s0, ref double s1, ref double s2, ref double s3, double i0, double i1) =>
        Rule(ref s0, ref s1, ref s2, ref s3, i0, i1, Rate, Decay);

    public void Step<T>(Span<T> s0, Span<T> s1, Span<T> s2, Span<T> s3, ReadOnlySpan<T> i0, ReadOnlySpan<T> i1)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        T rate = T.CreateTruncating(Rate), decay = T.CreateTruncating(Decay);
        for (int i = 0; i < s0.Length; i++)
        {
            Rule(ref s0[i], ref s1[i], ref s2[i], ref s3[i], i0[i], i1[i], rate, decay);
        }
    }
}
