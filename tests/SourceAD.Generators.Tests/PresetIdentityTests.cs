using Microsoft.CodeAnalysis;
using SourceAD.Generators.Lowering;
using SourceAD.Generators.Tests.Support;
using Xunit;
using GeneratorPolicy = SourceAD.Generators.Policy;

namespace SourceAD.Generators.Tests;

/// <summary>
/// The nonsmooth presets (PyTorch, Jax, Strict) are the same wherever they appear: the runtime's DerivativePolicy, the
/// copy of the same source linked into the generator, and what the generator resolves from [Differentiable(Preset = …)].
/// </summary>
public class PresetIdentityTests
{
    public static IEnumerable<object[]> Presets() =>
        new[] { NonsmoothPreset.Unset, NonsmoothPreset.PyTorch, NonsmoothPreset.Jax, NonsmoothPreset.Strict }.Select(p => new object[] { p });

    [Theory]
    [MemberData(nameof(Presets))]
    public void TheGeneratorsPresetIsTheRuntimes(NonsmoothPreset preset)
    {
        DerivativePolicy runtime = DerivativePolicy.FromPreset(preset);
        GeneratorPolicy.DerivativePolicy generator = GeneratorPolicy.DerivativePolicy.FromPreset((GeneratorPolicy.NonsmoothPreset)(int)preset);
        AssertSame(runtime, generator);
    }

    [Fact]
    public void TheNamedPresetsAreTheRuntimes()
    {
        AssertSame(DerivativePolicy.PyTorch, GeneratorPolicy.DerivativePolicy.PyTorch);
        AssertSame(DerivativePolicy.Jax, GeneratorPolicy.DerivativePolicy.Jax);
        AssertSame(DerivativePolicy.StrictPolicy, GeneratorPolicy.DerivativePolicy.StrictPolicy);
        AssertSame(DerivativePolicy.Default, GeneratorPolicy.DerivativePolicy.Default);
        // The enums agree by name and value, so the generator can write runtime names from its own values.
        Assert.Equal(Enum.GetNames<TieRule>(), Enum.GetNames<GeneratorPolicy.TieRule>());
        Assert.Equal(Enum.GetValues<TieRule>().Select(v => (int)v), Enum.GetValues<GeneratorPolicy.TieRule>().Select(v => (int)v));
        Assert.Equal(Enum.GetNames<NonsmoothPreset>(), Enum.GetNames<GeneratorPolicy.NonsmoothPreset>());
        Assert.Equal(Enum.GetValues<NonsmoothPreset>().Select(v => (int)v), Enum.GetValues<GeneratorPolicy.NonsmoothPreset>().Select(v => (int)v));
    }

    [Theory]
    [MemberData(nameof(Presets))]
    public void TheResolvedPresetIsTheRuntimes(NonsmoothPreset preset)
    {
        var compilation = GeneratorHarness.Compilation($$"""
            using SourceAD;
            public static partial class F
            {
                [Differentiable(Preset = NonsmoothPreset.{{preset}})] public static double G(double x) => x;
            }
            """);
        IMethodSymbol g = compilation.GetTypeByMetadataName("F")!.GetMembers("G").OfType<IMethodSymbol>().Single();
        AttributeData attribute = g.GetAttributes().Single(a => a.AttributeClass!.Name == "DifferentiableAttribute");
        var resolved = PolicyResolver.Resolve(attribute, assembly: null);
        AssertSame(DerivativePolicy.FromPreset(preset), resolved.Choices);
        Assert.StartsWith(preset == NonsmoothPreset.Unset ? "PyTorch" : preset.ToString(), resolved.PresetName);
    }

    private static void AssertSame(DerivativePolicy runtime, GeneratorPolicy.DerivativePolicy generator)
    {
        Assert.Equal(runtime.ReluAtZero, generator.ReluAtZero);
        Assert.Equal(runtime.AbsAtZero, generator.AbsAtZero);
        Assert.Equal(runtime.Strict, generator.Strict);
        AssertSame(runtime.Binary, generator.Binary);
        AssertSame(runtime.Reduction, generator.Reduction);
        AssertSame(runtime.Pooling, generator.Pooling);
    }

    private static void AssertSame(TieChoice runtime, GeneratorPolicy.TieChoice generator)
    {
        Assert.Equal((int)runtime.Rule, (int)generator.Rule);
        Assert.Equal(runtime.Beta, generator.Beta);
        Assert.Equal(runtime.ToString(), generator.ToString());
        for (int m = 1; m <= 4; m++)
        {
            for (int k = 0; k < m; k++)
            {
                Assert.Equal(runtime.Share(k, m), generator.Share(k, m));
            }
        }
    }
}
