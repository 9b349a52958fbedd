using MnistLeNet;
using SourceAD;
using SourceAD.Tensors;
namespace NonsmoothReliability;

/// <summary>
/// The β values of the hybrid sweep (thesis Figure 3.7): one LeNet-5 whose max-pool ties use Hybrid(β) = (1−β)·Native +
/// β·Minimal, chosen at run time through the generated <c>LossGradient(…, DerivativePolicy)</c>.
/// </summary>
public static class HybridVariants
{
    /// <summary>The thesis's β grid.</summary>
    public static readonly double[] Betas = [0, 1, 10, 100, 1000, 10000];

    /// <summary>Each β and the constructor of its network.</summary>
    public static IReadOnlyList<(double Beta, Func<ulong, DType, ILeNet5> Create)> All { get; } =
        Betas.Select(beta => (beta, (Func<ulong, DType, ILeNet5>)((seed, dtype) =>
            new LeNet5(seed, dtype, DerivativePolicy.PyTorch with { Pooling = TieChoice.Hybrid(beta) })))).ToList();
}
