using System.Numerics;
using SourceAD.Optimizers;
using SourceAD.Optimizers.Rules;
using SourceAD.Tensors;
using Xunit;
using static System.Runtime.CompilerServices.Unsafe;

namespace SourceAD.Tests.Optimizers;

/// <summary>
/// The generated device form <c>{Rule}Update</c> must compute what the host step computes: its per-element
/// <c>Apply</c> (what ILGPU compiles into a kernel) gives the same bits as its fused <c>Step</c> (Vector&lt;T&gt; main
/// loop plus scalar tail), for every shipped rule, in float and double.
/// </summary>
public sealed class DeviceFormTests
{
    public static TheoryData<string> Rules => new() { "Innaprop", "AdamW", "RmsPropMomentum", "Inna", "Sgd", "SgdMomentum", "SgdNesterov" };

    private static IElementwiseUpdate Bind(string rule) => rule switch
    {
        "Innaprop" => new UpdateRules.InnapropUpdate(0.99, 0.999, 0.001, 0.002, 0.9, 0.01, 1.01, 0.001, 0.0009, 1e-8),
        "AdamW" => new UpdateRules.AdamWUpdate(0.99, 0.9, 0.1, 0.999, 0.001, 0.19, 0.002, 0.001, 1e-8),
        "RmsPropMomentum" => new UpdateRules.RmsPropMomentumUpdate(1, 0.9, 0.99, 0.01, 0.001, 1e-8),
        "Inna" => new UpdateRules.InnaUpdate(1, 0.01, 9.5, 0.1),
        "Sgd" => new UpdateRules.SgdUpdate(0.999, 0.05),
        "SgdMomentum" => new UpdateRules.SgdMomentumUpdate(1, 0.9, 1, 0.05),
        _ => new UpdateRules.SgdNesterovUpdate(1, 0.9, 0.5, 0.05),
    };

    [Theory]
    [MemberData(nameof(Rules))]
    public void Apply_per_element_equals_the_fused_step_bitwise_in_float(string rule) => Check<float>(Bind(rule));

    [Theory]
    [MemberData(nameof(Rules))]
    public void Apply_per_element_equals_the_fused_step_bitwise_in_double(string rule) => Check<double>(Bind(rule));

    [Fact]
    public void The_device_form_reports_the_rules_arity()
    {
        var innaprop = new UpdateRules.InnapropUpdate(0, 0, 0, 0, 0, 0, 0, 0, 0, 0);
        Assert.Equal(("Innaprop", 3, 1), (innaprop.RuleName, innaprop.StateCount, innaprop.InputCount));
        var sgd = new UpdateRules.SgdUpdate(0, 0);
        Assert.Equal(("Sgd", 1, 1), (sgd.RuleName, sgd.StateCount, sgd.InputCount));
    }

    [Fact]
    public void The_cpu_backend_applies_a_rule_to_tensors_like_the_optimizer_on_spans()
    {
        const int n = 1000;
        var theta = Enumerable.Range(0, n).Select(i => MathF.Sin(i)).ToArray();
        var g = Enumerable.Range(0, n).Select(i => MathF.Cos(3 * i)).ToArray();

        var onSpans = (float[])theta.Clone();
        var reference = new AdamW<float>(lr: 0.01);
        var viaTensors = new AdamW<float>(lr: 0.01);
        using var thetaTensor = Tensor.FromArray((float[])theta.Clone(), n);
        using var gTensor = Tensor.FromArray(g, n);
        for (var k = 0; k < 3; k++)
        {
            reference.Step(onSpans, g);
            viaTensors.Step(thetaTensor, gTensor);
        }

        Assert.Equal(onSpans, thetaTensor.ToArray<float>());
        Assert.Equal(reference.V.ToArray(), viaTensors.V.ToArray());
    }

    [Fact]
    public void A_tensor_step_names_mismatched_dtypes_and_lengths()
    {
        using var theta = Tensor.Zeros([4]);
        using var wrongLength = Tensor.Zeros([5]);
        using var wrongType = Tensor.Zeros([4], DType.Float64);
        var opt = new Sgd<float>(lr: 0.1);
        var e = Assert.Throws<ArgumentException>(() => opt.Step(theta, wrongLength));
        Assert.Contains("[5]", e.Message);
        e = Assert.Throws<ArgumentException>(() => opt.Step(theta, wrongType));
        Assert.Contains("Float64", e.Message);
    }

    private static void Check<T>(IElementwiseUpdate rule)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        const int n = 1037; // not a multiple of any vector width: exercises the scalar tail too
        T[][] fused = Enumerable.Range(0, IElementwiseUpdate.MaxState).Select(j => Values<T>(n, j)).ToArray();
        T[][] elementwise = fused.Select(a => (T[])a.Clone()).ToArray();
        T[] g = Values<T>(n, 7);
        foreach (var slot in fused.Skip(1).Concat(elementwise.Skip(1)))
        {
            for (var i = 0; i < n; i++)
            {
                slot[i] = T.Abs(slot[i]); // second moments must be non-negative
            }
        }

        Span<T> Slot(T[][] s, int j) => j < rule.StateCount ? s[j] : default;
        rule.Step<T>(Slot(fused, 0), Slot(fused, 1), Slot(fused, 2), Slot(fused, 3), g, default);
        T dummy = T.Zero;
        for (var i = 0; i < n; i++)
        {
            ref T s1 = ref rule.StateCount > 1 ? ref elementwise[1][i] : ref dummy;
            ref T s2 = ref rule.StateCount > 2 ? ref elementwise[2][i] : ref dummy;
            if (typeof(T) == typeof(float))
            {
                rule.Apply(ref As<T, float>(ref elementwise[0][i]), ref As<T, float>(ref s1), ref As<T, float>(ref s2), ref As<T, float>(ref dummy), float.CreateChecked(g[i]), 0f);
            }
            else
            {
                rule.Apply(ref As<T, double>(ref elementwise[0][i]), ref As<T, double>(ref s1), ref As<T, double>(ref s2), ref As<T, double>(ref dummy), double.CreateChecked(g[i]), 0d);
            }
        }

        for (var j = 0; j < rule.StateCount; j++)
        {
            Assert.Equal(fused[j], elementwise[j]);
        }
    }

    private static T[] Values<T>(int n, int seed) where T : IFloatingPointIeee754<T> =>
        Enumerable.Range(0, n).Select(i => T.CreateChecked(Math.Sin((i * 0.37) + seed) * 0.5)).ToArray();
}
