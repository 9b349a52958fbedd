using System.Linq;
using Microsoft.CodeAnalysis;
using SourceAD.Generators.Model;

namespace SourceAD.Generators.Lowering;

/// <summary>
/// Resolves the nonsmooth policy of a method: preset, then the assembly's explicit values, then the method's; within a
/// scope a per-family override beats <c>Ties</c>. Only properties actually written count, so 0 can be chosen explicitly.
/// </summary>
internal static class PolicyResolver
{
    public const string MethodAttribute = "SourceAD.DifferentiableAttribute";
    public const string AssemblyAttribute = "SourceAD.DifferentiableDefaultsAttribute";

    public static PolicyModel Resolve(AttributeData? method, AttributeData? assembly)
    {
        int preset = Int(method, "Preset") ?? Int(assembly, "Preset") ?? 0;
        PolicyModel p = preset switch
        {
            2 => PolicyModel.Jax,
            3 => PolicyModel.StrictPolicy,
            _ => PolicyModel.PyTorch,
        };
        p = Apply(p, assembly);
        p = Apply(p, method);
        return p;
    }

    private static PolicyModel Apply(PolicyModel p, AttributeData? a)
    {
        if (a is null) return p;
        if (Dbl(a, "ReluAtZero") is double s) p = p with { ReluAtZero = s };
        if (Dbl(a, "AbsAtZero") is double z) p = p with { AbsAtZero = z };
        double? beta = Dbl(a, "HybridBeta");
        if (Int(a, "Ties") is int t && t != 0) p = p with { BinaryRule = t, ReductionRule = t, PoolingRule = t };
        if (Int(a, "BinaryTies") is int b && b != 0) p = p with { BinaryRule = b };
        if (Int(a, "ReductionTies") is int r && r != 0) p = p with { ReductionRule = r };
        if (Int(a, "PoolingTies") is int q && q != 0) p = p with { PoolingRule = q };
        if (beta is double bb) p = p with { BinaryBeta = bb, ReductionBeta = bb, PoolingBeta = bb };
        if (Int(a, "Preset") is int pr && pr != 0) p = p with { PresetName = pr switch { 2 => "Jax", 3 => "Strict", _ => "PyTorch" } };
        bool custom = a.NamedArguments.Any(n => n.Key != "Preset");
        return custom ? p with { PresetName = p.PresetName + "+custom" } : p;
    }

    private static TypedConstant? Arg(AttributeData? a, string name)
    {
        if (a is null) return null;
        foreach (var kv in a.NamedArguments)
        {
            if (kv.Key == name) return kv.Value;
        }
        return null;
    }

    private static double? Dbl(AttributeData? a, string name) => Arg(a, name)?.Value is object v ? System.Convert.ToDouble(v, System.Globalization.CultureInfo.InvariantCulture) : null;

    private static int? Int(AttributeData? a, string name) => Arg(a, name)?.Value is object v ? System.Convert.ToInt32(v, System.Globalization.CultureInfo.InvariantCulture) : null;
}
