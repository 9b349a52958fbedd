using System.Linq;
using Microsoft.CodeAnalysis;
using SourceAD.Generators.Model;
using SourceAD.Generators.Policy;

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
        var preset = Preset(Int(method, "Preset") ?? Int(assembly, "Preset") ?? 0);
        var p = new PolicyModel(DerivativePolicy.FromPreset(preset), Name(preset));
        p = Apply(p, assembly);
        p = Apply(p, method);
        return p;
    }

    private static PolicyModel Apply(PolicyModel model, AttributeData? a)
    {
        if (a is null) return model;
        DerivativePolicy p = model.Choices;
        if (Dbl(a, "ReluAtZero") is double s) p = p with { ReluAtZero = s };
        if (Dbl(a, "AbsAtZero") is double z) p = p with { AbsAtZero = z };
        double? beta = Dbl(a, "HybridBeta");
        if (Rule(a, "Ties") is TieRule t) p = p with { Binary = p.Binary with { Rule = t }, Reduction = p.Reduction with { Rule = t }, Pooling = p.Pooling with { Rule = t } };
        if (Rule(a, "BinaryTies") is TieRule b) p = p with { Binary = p.Binary with { Rule = b } };
        if (Rule(a, "ReductionTies") is TieRule r) p = p with { Reduction = p.Reduction with { Rule = r } };
        if (Rule(a, "PoolingTies") is TieRule q) p = p with { Pooling = p.Pooling with { Rule = q } };
        if (beta is double bb) p = p with { Binary = p.Binary with { Beta = bb }, Reduction = p.Reduction with { Beta = bb }, Pooling = p.Pooling with { Beta = bb } };
        string name = Int(a, "Preset") is int pr && pr != 0 ? Name(Preset(pr)) : model.PresetName;
        bool custom = a.NamedArguments.Any(n => n.Key != "Preset");
        return new PolicyModel(p, custom ? name + "+custom" : name);
    }

    // Values outside the enums are read as the runtime reads them: an unknown preset as PyTorch, an unknown rule as Native.
    private static NonsmoothPreset Preset(int value) =>
        value is (int)NonsmoothPreset.Jax or (int)NonsmoothPreset.Strict ? (NonsmoothPreset)value : NonsmoothPreset.PyTorch;

    private static string Name(NonsmoothPreset preset) => preset.ToString();

    private static TieRule? Rule(AttributeData a, string name) => Int(a, name) switch
    {
        null or 0 => null,
        (int)TieRule.Minimal => TieRule.Minimal,
        (int)TieRule.Hybrid => TieRule.Hybrid,
        _ => TieRule.Native,
    };

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
