using System.Globalization;
using SourceAD;
using SourceAD.Tensors;

namespace MnistLeNet;

/// <summary>One compiled LeNet-5 variant: its nonsmooth choices and how to build it.</summary>
/// <param name="MaxPool">The canonical <c>--maxpool</c> value: <c>native</c>, <c>minimal</c> or <c>hybrid:β</c>.</param>
/// <param name="ReluAtZero">The <c>--relu0</c> value s = relu′(0).</param>
/// <param name="Create">Builds the network from a seed and a dtype, on a device.</param>
public sealed record ModelVariant(string MaxPool, double ReluAtZero, Func<ulong, DType, Device, ILeNet5> Create)
{
    /// <summary>"maxpool native, relu′(0) = 0" style description.</summary>
    public override string ToString() => $"maxpool {MaxPool}, relu'(0) = {ReluAtZero.ToString(CultureInfo.InvariantCulture)}";
}

/// <summary>
/// The <c>--maxpool</c> × <c>--relu0</c> choices. One model class serves them all: the generated
/// <c>LossGradient(…, DerivativePolicy)</c> takes the nonsmooth choice at run time (tensor kernels take the policy as a
/// parameter), so any hybrid β and any relu′(0) = s is available.
/// </summary>
public static class ModelVariants
{
    /// <summary>The default pair (PyTorch's choices).</summary>
    public static IReadOnlyList<ModelVariant> All { get; } = [Make("native", 0)];

    /// <summary>
    /// The canonical spelling of a <c>--maxpool</c> value (<c>native</c>, <c>minimal</c>, <c>hybrid:β</c> with β printed
    /// round-trip), or null when it is not of that form.
    /// </summary>
    public static string? CanonicalMaxPool(string value)
    {
        string v = value.Trim().ToLowerInvariant();
        if (v is "native" or "minimal")
        {
            return v;
        }
        if (v.StartsWith("hybrid:", StringComparison.Ordinal)
            && double.TryParse(v["hybrid:".Length..], NumberStyles.Float, CultureInfo.InvariantCulture, out double beta)
            && double.IsFinite(beta))
        {
            return "hybrid:" + beta.ToString("R", CultureInfo.InvariantCulture);
        }
        return null;
    }

    /// <summary>The variant for a (canonical) max-pool rule and relu′(0); null when the rule is not of the accepted form.</summary>
    public static ModelVariant? Find(string maxPool, double reluAtZero) =>
        CanonicalMaxPool(maxPool) is string canonical && double.IsFinite(reluAtZero) ? Make(canonical, reluAtZero) : null;

    /// <summary>The nonsmooth policy of a pair: PyTorch's choices with the given pooling tie rule and relu′(0).</summary>
    public static DerivativePolicy Policy(string canonicalMaxPool, double reluAtZero) => DerivativePolicy.PyTorch with
    {
        ReluAtZero = reluAtZero,
        Pooling = canonicalMaxPool switch
        {
            "native" => TieChoice.Native,
            "minimal" => TieChoice.Minimal,
            _ => TieChoice.Hybrid(double.Parse(canonicalMaxPool["hybrid:".Length..], CultureInfo.InvariantCulture)),
        },
    };

    private static ModelVariant Make(string canonicalMaxPool, double reluAtZero)
    {
        DerivativePolicy policy = Policy(canonicalMaxPool, reluAtZero);
        return new ModelVariant(canonicalMaxPool, reluAtZero, (seed, dtype, device) => new LeNet5(seed, dtype, policy, device));
    }

    /// <summary>The pairs on offer, for error messages.</summary>
    public static string Describe() => "--maxpool native|minimal|hybrid:β (any finite β) with any finite --relu0 s";
}
