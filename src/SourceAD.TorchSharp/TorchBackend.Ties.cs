using TorchSharp;

namespace SourceAD.TorchSharp;

// The active sets of max-like ops and their shares by a tie rule (thesis Definition 10), from libtorch ops.
public sealed partial class TorchBackend
{
    /// <summary>
    /// For groups laid along <paramref name="dim"/> of <paramref name="values"/> with maxima <paramref name="max"/>
    /// (keepdim), the active set (entries exactly equal to the group's max; a NaN max makes the group's first NaN the only
    /// active entry) and each active entry's share, in <paramref name="type"/>, by <paramref name="ties"/>: entry k (in
    /// order along dim) of m gets exactly <c>(T)ties.Share(k, m)</c>, as the CPU backend computes it. Inactive entries
    /// have share 0. <paramref name="valid"/>, when given, excludes entries (padding) from every active set.
    /// </summary>
    /// <exception cref="NonsmoothPointException">A group has two or more active entries and <paramref name="strict"/> is set.</exception>
    private static (torch.Tensor Active, torch.Tensor Share) TieShares(
        torch.Tensor values, torch.Tensor max, long dim, torch.Tensor? valid, TieChoice ties, bool strict, torch.ScalarType type, string what)
    {
        torch.Tensor active = values.eq(max);
        if (valid is not null)
        {
            active = active.logical_and(valid);
        }
        torch.Tensor nanMax = max.isnan();
        if (nanMax.any().item<bool>())
        {
            torch.Tensor nan = values.isnan();
            torch.Tensor firstNan = nan.logical_and(nan.cumsum(dim).eq(1));
            active = torch.where(nanMax, firstNan, active);
        }
        torch.Tensor count = active.sum(dim, keepdim: true);
        if (strict)
        {
            torch.Tensor tied = count.gt(1);
            if (tied.any().item<bool>())
            {
                long group = tied.flatten().to_type(torch.ScalarType.Int32).argmax().item<long>();
                long m = count.flatten()[group].item<long>();
                throw new NonsmoothPointException($"{what}: group {group} has {m} tied maxima under a strict derivative policy.");
            }
        }
        torch.Tensor first = active.logical_and(active.cumsum(dim).eq(1));
        // TieChoice.Share's mixture (1−w)·Native + w·Minimal with the choice's own weight w, entry by entry. Native (w = 0)
        // is the first active entry alone; otherwise 1/m is taken in double and the mixture rounded once to the element
        // type, and a lone maximum gets exactly 1.
        double w = ties.MinimalWeight;
        if (w == 0.0)
        {
            return (active, first.to_type(type));
        }
        torch.Tensor minimal = count.to_type(torch.ScalarType.Float64).reciprocal();
        torch.Tensor mixed = first.to_type(torch.ScalarType.Float64).mul(1.0 - w).add(minimal.mul(w));
        mixed = torch.where(count.le(1), torch.ones(1, torch.ScalarType.Float64, values.device), mixed);
        torch.Tensor share = torch.where(active, mixed.to_type(type), torch.zeros(1, type, values.device));
        return (active, share);
    }
}
