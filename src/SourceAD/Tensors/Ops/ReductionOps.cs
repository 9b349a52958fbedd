using SourceAD.Tensors.Backends;

namespace SourceAD.Tensors;

public static partial class Ops
{
    /// <summary>Σ of x over <paramref name="axes"/> (all axes when null or empty); reduced axes are dropped unless <paramref name="keepDims"/>.</summary>
    public static Tensor Sum(Tensor x, int[]? axes = null, bool keepDims = false) => Reduce(nameof(Sum), x, axes, keepDims, mean: false);

    /// <summary>The mean of x over <paramref name="axes"/> (all axes when null or empty).</summary>
    public static Tensor Mean(Tensor x, int[]? axes = null, bool keepDims = false) => Reduce(nameof(Mean), x, axes, keepDims, mean: true);

    /// <summary>Backward rule of <see cref="Sum"/> (linear): dx = dy broadcast back to x's shape.</summary>
    public static Tensor SumBackward(Tensor x, Tensor dy, int[]? axes = null, bool keepDims = false) =>
        ReduceBackward(nameof(SumBackward), x, dy, axes, keepDims, mean: false);

    /// <summary>Backward rule of <see cref="Mean"/>: dx = dy broadcast back, divided by the number of reduced elements.</summary>
    public static Tensor MeanBackward(Tensor x, Tensor dy, int[]? axes = null, bool keepDims = false) =>
        ReduceBackward(nameof(MeanBackward), x, dy, axes, keepDims, mean: true);

    /// <summary>Forward rule of <see cref="Sum"/> (linear): Sum(tx).</summary>
    public static Tensor SumJvp(Tensor x, Tensor tx, int[]? axes = null, bool keepDims = false)
    {
        BackendOf(nameof(SumJvp), x, tx);
        RequireSameShape(nameof(SumJvp), x, tx, "the tangent of x");
        return Sum(tx, axes, keepDims);
    }

    /// <summary>Forward rule of <see cref="Mean"/> (linear): Mean(tx).</summary>
    public static Tensor MeanJvp(Tensor x, Tensor tx, int[]? axes = null, bool keepDims = false)
    {
        BackendOf(nameof(MeanJvp), x, tx);
        RequireSameShape(nameof(MeanJvp), x, tx, "the tangent of x");
        return Mean(tx, axes, keepDims);
    }

    /// <summary>The reduced shape with kept size-1 axes, and the shape returned to the caller.</summary>
    private static (int[] Kept, int[] Result, int Count) ReducedShapes(string op, Tensor x, int[]? axes, bool keepDims)
    {
        var kept = new int[x.Rank];
        Span<int> result = stackalloc int[x.Rank];
        int rank = ReducedShapes(op, x, axes, keepDims, kept, result, out int count);
        return (kept, result[..rank].ToArray(), count);
    }

    /// <summary>
    /// <see cref="ReducedShapes(string, Tensor, int[], bool)"/> into the caller's spans (x.Rank long each; no
    /// allocation, for the per-step reductions such as a ResNet's global average pooling); returns the result's rank.
    /// </summary>
    private static int ReducedShapes(string op, Tensor x, int[]? axes, bool keepDims, Span<int> kept, Span<int> result, out int count)
    {
        Span<bool> reduce = stackalloc bool[x.Rank];
        if (axes is null || axes.Length == 0)
        {
            reduce.Fill(true);
        }
        else
        {
            foreach (int axis in axes)
            {
                reduce[Tensor.NormalizeAxis(axis, x.Rank, op)] = true;
            }
        }
        int rank = 0;
        count = 1;
        for (int i = 0; i < x.Rank; i++)
        {
            kept[i] = reduce[i] ? 1 : x.Shape[i];
            count *= reduce[i] ? x.Shape[i] : 1;
            if (!reduce[i] || keepDims)
            {
                result[rank++] = kept[i];
            }
        }
        return rank;
    }

    private static Tensor Reduce(string op, Tensor x, int[]? axes, bool keepDims, bool mean)
    {
        Span<int> kept = stackalloc int[x.Rank], result = stackalloc int[x.Rank];
        int rank = ReducedShapes(op, x, axes, keepDims, kept, result, out int count);
        Tensor y = Tensor.Empty(kept, x.DType, x.Device);
        x.Backend.SumTo(x, y);
        if (mean)
        {
            x.Backend.Unary(UnaryKind.Scale, 1.0 / Math.Max(1, count), y, y);
        }
        Tensor shaped = y.Reshape(result[..rank]);
        y.Recycle();
        return shaped;
    }

    private static Tensor ReduceBackward(string op, Tensor x, Tensor dy, int[]? axes, bool keepDims, bool mean)
    {
        var backend = BackendOf(op, x, dy);
        Span<int> kept = stackalloc int[x.Rank], result = stackalloc int[x.Rank];
        int rank = ReducedShapes(op, x, axes, keepDims, kept, result, out int count);
        RequireShape(op, result[..rank], dy, "the output adjoint");
        using Tensor dyKept = dy.Reshape(kept).AsScratch();
        Tensor dx = EmptyLike(x);
        backend.BroadcastTo(dyKept, dx);
        if (mean)
        {
            backend.Unary(UnaryKind.Scale, 1.0 / Math.Max(1, count), dx, dx);
        }
        return dx;
    }
}
