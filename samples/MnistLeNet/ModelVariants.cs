using System.Globalization;
using SourceAD.Tensors;

namespace MnistLeNet;

/// <summary>One compiled LeNet-5 variant: its nonsmooth choices and how to build it.</summary>
/// <param name="MaxPool">The canonical <c>--maxpool</c> value: <c>native</c>, <c>minimal</c> or <c>hybrid:β</c>.</param>
/// <param name="ReluAtZero">The <c>--relu0</c> value s = relu′(0).</param>
/// <param name="Create">Builds the network from a seed and a dtype.</param>
public sealed record ModelVariant(string MaxPool, double ReluAtZero, Func<ulong, DType, ILeNet5> Create)
{
    /// <summary>"maxpool native, relu′(0) = 0" style description.</summary>
    public override string ToString() => $"maxpool {MaxPool}, relu'(0) = {ReluAtZero.ToString(CultureInfo.InvariantCulture)}";
}

/// <summary>
/// The <c>--maxpool</c> × <c>--relu0</c> choices the trainer offers. The generator writes the chosen derivative into the
/// generated code as constants (which is what makes it fast and inspectable), so a choice cannot be made at run time:
/// each pair is its own model class whose <c>[Differentiable(...)]</c> attribute names it. Adding a pair means adding a
/// class (copy <see cref="LeNet5"/>, change the attribute) and a row here.
/// </summary>
public static class ModelVariants
{
    /// <summary>Every compiled variant; the first is the default (PyTorch's choices).</summary>
    public static IReadOnlyList<ModelVariant> All { get; } =
    [
        new("native", 0, (seed, dtype) => new LeNet5(seed, dtype)),
        new("minimal", 0, (seed, dtype) => new LeNet5MinimalPool(seed, dtype)),
        new("hybrid:0.5", 0, (seed, dtype) => new LeNet5HybridPool(seed, dtype)),
        new("native", 1, (seed, dtype) => new LeNet5Relu1(seed, dtype)),
        new("minimal", 1, (seed, dtype) => new LeNet5MinimalPoolRelu1(seed, dtype)),
        new("hybrid:0.5", 1, (seed, dtype) => new LeNet5HybridPoolRelu1(seed, dtype)),
    ];

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

    /// <summary>The variant for a (canonical) max-pool rule and relu′(0), or null when that pair is not compiled in.</summary>
    public static ModelVariant? Find(string maxPool, double reluAtZero) =>
        All.FirstOrDefault(v => v.MaxPool == maxPool && v.ReluAtZero == reluAtZero);

    /// <summary>The pairs on offer, for error messages.</summary>
    public static string Describe() =>
        "--maxpool " + string.Join("|", All.Select(v => v.MaxPool).Distinct()) + " with --relu0 " +
        string.Join("|", All.Select(v => v.ReluAtZero.ToString(CultureInfo.InvariantCulture)).Distinct());
}
