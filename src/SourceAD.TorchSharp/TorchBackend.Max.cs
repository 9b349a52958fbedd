using TorchSharp;
using Tensor = SourceAD.Tensors.Tensor;

namespace SourceAD.TorchSharp;

// Max-like ops beyond pooling: binary maximum and max reductions, with tie shares from the policy.
public sealed partial class TorchBackend
{
    /// <inheritdoc/>
    public void MaximumDerivative(Tensor a, Tensor b, Tensor g, Tensor ga, Tensor gb, TieChoice ties, bool strict)
    {
        using var op = Begin();
        torch.Tensor ta = In(a), tb = In(b), tg = In(g);
        if (strict && ta.eq(tb).any().item<bool>())
        {
            long index = ta.eq(tb).flatten().to_type(torch.ScalarType.Int32).argmax().item<long>();
            throw new NonsmoothPointException($"Maximum: element {index} is a tie under a strict derivative policy.");
        }
        // NonsmoothSemantics' cases: the larger argument or the NaN one gets 1, a tie the rule's shares rounded to the element type.
        var f = BinaryFactors<double>.Of(ties, strict);
        torch.Tensor first = ta.gt(tb).logical_or(ta.isnan()), second = ta.lt(tb).logical_or(tb.isnan()), tie = ta.eq(tb);
        Store(ga, tg * Select(first, second, tie, f.FirstA, f.SecondA, RoundTo(f.TieA, g.DType), f.SecondA, tg.dtype));
        Store(gb, tg * Select(first, second, tie, f.FirstB, f.SecondB, RoundTo(f.TieB, g.DType), f.SecondB, tg.dtype));
    }

    /// <inheritdoc/>
    public void MaxReduce(Tensor x, Tensor y)
    {
        using var op = Begin();
        ReadOnlySpan<long> axes = ReducedAxes(x.Shape, y.Shape, stackalloc long[x.Rank]);
        if (axes.Length == 0)
        {
            Write(y, In(x).view(ShapeOf(y)));
            return;
        }
        torch.Tensor max = In(x).amax(axes, keepdim: true);
        Store(y, x.Rank == y.Rank ? max : max.view(ShapeOf(y)));
    }

    /// <inheritdoc/>
    public void MaxReduceDerivative(Tensor x, Tensor y, Tensor g, Tensor result, TieChoice ties, bool strict, bool transpose)
    {
        using var op = Begin();
        // Lay x out as [groups, members]: kept axes first (a group's index is y's row-major index), reduced axes last
        // (members in row-major order, the order the tie rule counts in).
        int rank = x.Rank;
        ReadOnlySpan<long> reduced = ReducedAxes(x.Shape, y.Shape, stackalloc long[rank]);
        var permutation = new long[rank];
        long members = 1;
        int kept = 0;
        for (int i = 0; i < rank; i++)
        {
            if (!reduced.Contains((long)i))
            {
                permutation[kept++] = i;
            }
        }
        for (int j = 0; j < reduced.Length; j++)
        {
            permutation[kept + j] = reduced[j];
            members *= x.Size((int)reduced[j]);
        }
        long groups = y.Length;
        torch.Tensor xr = In(x).permute(permutation).reshape(groups, members);
        torch.Tensor yr = In(y).reshape(groups, 1);
        (_, torch.Tensor share) = TieShares(xr, yr, 1, null, ties, strict, xr.dtype, "Max");
        if (transpose)
        {
            // Every member gets g·share (inactive members g·0), as the CPU backend writes them.
            torch.Tensor grouped = In(g).reshape(groups, 1) * share;
            var inverse = new long[rank];
            for (int i = 0; i < rank; i++)
            {
                inverse[permutation[i]] = i;
            }
            long[] permutedShape = new long[rank];
            for (int i = 0; i < rank; i++)
            {
                permutedShape[i] = x.Size((int)permutation[i]);
            }
            Store(result, grouped.view(permutedShape).permute(inverse).contiguous());
        }
        else
        {
            torch.Tensor gr = In(g).permute(permutation).reshape(groups, members);
            Store(result, (gr * share).sum(1).view(ShapeOf(result)));
        }
    }
}
