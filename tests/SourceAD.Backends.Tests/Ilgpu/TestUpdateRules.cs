using System.Numerics;
using System.Runtime.CompilerServices;
using SourceAD.Optimizers;

namespace SourceAD.Backends.Tests.Ilgpu;

/// <summary>
/// A hand-written Adam-like rule made of + − × ÷ √ only (3 state slots, 1 input), standing in for a generated
/// {Rule}Update struct. Public: ILGPU's CPU accelerator emits code in another assembly that must see the type.
/// </summary>
public readonly struct TestAdamUpdate(double lr, double beta1, double beta2, double eps) : IElementwiseUpdate
{
    public string RuleName => "TestAdam";

    public int StateCount => 3;

    public int InputCount => 1;

    public void Apply(ref float s0, ref float s1, ref float s2, ref float s3, float i0, float i1)
    {
        float b1 = (float)beta1, b2 = (float)beta2;
        s1 = b1 * s1 + (1f - b1) * i0;
        s2 = b2 * s2 + (1f - b2) * i0 * i0;
        s0 -= (float)lr * s1 / (MathF.Sqrt(s2) + (float)eps);
    }

    public void Apply(ref double s0, ref double s1, ref double s2, ref double s3, double i0, double i1)
    {
        s1 = beta1 * s1 + (1 - beta1) * i0;
        s2 = beta2 * s2 + (1 - beta2) * i0 * i0;
        s0 -= lr * s1 / (Math.Sqrt(s2) + eps);
    }

    public void Step<T>(Span<T> s0, Span<T> s1, Span<T> s2, Span<T> s3, ReadOnlySpan<T> i0, ReadOnlySpan<T> i1)
        where T : unmanaged, IFloatingPointIeee754<T> => TestRuleSteps.Step(this, s0, s1, s2, s3, i0, i1, StateCount, InputCount);
}

/// <summary>Two state slots and two inputs: θ ← θ − lr·(g + λ·u), m ← m + g·u, exercising the other slots.</summary>
public readonly struct TestTwoInputUpdate(double lr, double lambda) : IElementwiseUpdate
{
    public string RuleName => "TestTwoInput";

    public int StateCount => 2;

    public int InputCount => 2;

    public void Apply(ref float s0, ref float s1, ref float s2, ref float s3, float i0, float i1)
    {
        s0 -= (float)lr * (i0 + (float)lambda * i1);
        s1 += i0 * i1;
    }

    public void Apply(ref double s0, ref double s1, ref double s2, ref double s3, double i0, double i1)
    {
        s0 -= lr * (i0 + lambda * i1);
        s1 += i0 * i1;
    }

    public void Step<T>(Span<T> s0, Span<T> s1, Span<T> s2, Span<T> s3, ReadOnlySpan<T> i0, ReadOnlySpan<T> i1)
        where T : unmanaged, IFloatingPointIeee754<T> => TestRuleSteps.Step(this, s0, s1, s2, s3, i0, i1, StateCount, InputCount);
}

internal static class TestRuleSteps
{
    /// <summary>The host step of a test rule: Apply per element (what a generated {Rule}Step computes).</summary>
    public static void Step<TRule, T>(TRule rule, Span<T> s0, Span<T> s1, Span<T> s2, Span<T> s3, ReadOnlySpan<T> i0, ReadOnlySpan<T> i1, int states, int inputs)
        where TRule : struct, IElementwiseUpdate
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        T d1 = default, d2 = default, d3 = default;
        for (int i = 0; i < s0.Length; i++)
        {
            ref T r1 = ref states > 1 ? ref s1[i] : ref d1;
            ref T r2 = ref states > 2 ? ref s2[i] : ref d2;
            ref T r3 = ref states > 3 ? ref s3[i] : ref d3;
            T g0 = inputs > 0 ? i0[i] : T.Zero, g1 = inputs > 1 ? i1[i] : T.Zero;
            if (typeof(T) == typeof(float))
            {
                rule.Apply(ref Unsafe.As<T, float>(ref s0[i]), ref Unsafe.As<T, float>(ref r1), ref Unsafe.As<T, float>(ref r2), ref Unsafe.As<T, float>(ref r3),
                    Unsafe.As<T, float>(ref g0), Unsafe.As<T, float>(ref g1));
            }
            else if (typeof(T) == typeof(double))
            {
                rule.Apply(ref Unsafe.As<T, double>(ref s0[i]), ref Unsafe.As<T, double>(ref r1), ref Unsafe.As<T, double>(ref r2), ref Unsafe.As<T, double>(ref r3),
                    Unsafe.As<T, double>(ref g0), Unsafe.As<T, double>(ref g1));
            }
            else
            {
                throw new NotSupportedException($"Test rules run on float and double, not {typeof(T).Name}.");
            }
        }
    }
}
