using SourceAD.Generators.Tests.Support;
using Xunit;

namespace SourceAD.Generators.Tests;

/// <summary>Policy resolution: preset, then [assembly: DifferentiableDefaults], then [Differentiable]; a family override beats Ties.</summary>
public class PolicyResolutionTests
{
    private const string Source = """
        using System;
        using SourceAD;
        [assembly: DifferentiableDefaults(Ties = TieRule.Hybrid, HybridBeta = 0.4, ReluAtZero = 0.3)]
        namespace P;
        public static partial class F
        {
            [Differentiable] public static double Max(double a, double b) => Math.Max(a, b);
            [Differentiable] public static double Relu(double x) => Nonsmooth.Relu(x);
            [Differentiable(ReluAtZero = 1)] public static double ReluOverride(double x) => Nonsmooth.Relu(x);
            [Differentiable(BinaryTies = TieRule.Native)] public static double MaxFamilyOverride(double a, double b) => Math.Max(a, b);
            [Differentiable(Preset = NonsmoothPreset.Jax)] public static double AbsJax(double x) => Math.Abs(x);
        }
        """;

    private static readonly Lazy<Type> Compiled = new(() => GeneratorHarness.Load(Source).GetType("P.F")!);

    private static double[] Gradient(string method, params double[] args)
    {
        var tuple = (System.Runtime.CompilerServices.ITuple)Compiled.Value.GetMethod(method + "Gradient")!.Invoke(null, args.Cast<object>().ToArray())!;
        return Enumerable.Range(1, tuple.Length - 1).Select(i => (double)tuple[i]!).ToArray();
    }

    [Fact]
    public void AssemblyDefaultsApply()
    {
        // Hybrid(0.4) over a tie of two: (1 − 0.4) + 0.4/2 = 0.8 and 0.2.
        Assert.Equal(new[] { 0.8, 0.2 }, Gradient("Max", 1, 1).Select(v => Math.Round(v, 12)));
        Assert.Equal(new[] { 0.3 }, Gradient("Relu", 0));
    }

    [Fact]
    public void MethodSettingsOverrideAssemblyDefaults()
    {
        Assert.Equal(new[] { 1.0 }, Gradient("ReluOverride", 0));
        Assert.Equal(new[] { 1.0, 0.0 }, Gradient("MaxFamilyOverride", 1, 1));
        // The assembly sets no AbsAtZero: the method's Jax preset decides (+1).
        Assert.Equal(new[] { 1.0 }, Gradient("AbsJax", 0));
    }
}
