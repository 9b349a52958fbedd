using ILGPU;
using ILGPU.Runtime;
using SourceAD.Ilgpu.Kernels;
using SourceAD.Tensors;

namespace SourceAD.Ilgpu;

// Masked fill, axis permutation, slices along an axis (narrow, concat) and row gather/scatter (embedding).
public sealed partial class IlgpuBackend
{
    /// <inheritdoc/>
    public void Permute(Tensor x, ReadOnlySpan<int> axes, Tensor y)
    {
        // The broadcast copy kernel (code 5) with x's strides permuted: y[i] = x[Σ index·stride].
        int rank = y.Rank;
        int[] xStrides = TensorShape.RowMajorStrides(x.Shape);
        var meta = new int[1 + 3 * rank];
        meta[0] = rank;
        y.Shape.CopyTo(meta.AsSpan(1));
        for (int i = 0; i < rank; i++)
        {
            meta[1 + rank + i] = meta[1 + 2 * rank + i] = xStrides[axes[i]];
        }
        Dispatch("Permute", y.DType,
            k => WithInts(meta, m => Launch(y.Length, (i, launchCount, launchStride) =>
                k.BinaryBroadcast(i, View<float>(x, "Permute"), View<float>(x, "Permute"), View<float>(y, "Permute"), 5, m, launchCount, launchStride))),
            k => WithInts(meta, m => Launch(y.Length, (i, launchCount, launchStride) =>
                k.BinaryBroadcast(i, View<double>(x, "Permute"), View<double>(x, "Permute"), View<double>(y, "Permute"), 5, m, launchCount, launchStride))));
    }

    /// <inheritdoc/>
    public void MaskedFill(Tensor x, Tensor mask, double value, Tensor y)
    {
        int rank = x.Rank;
        var meta = new int[1 + 2 * rank];
        meta[0] = rank;
        x.Shape.CopyTo(meta.AsSpan(1));
        TensorShape.BroadcastStrides(mask.Shape, x.Shape).CopyTo(meta.AsSpan(1 + rank));
        Dispatch("MaskedFill", y.DType,
            k => WithInts(meta, m => Launch(y.Length, (i, launchCount, launchStride) =>
                k.MaskedFill(i, View<float>(x, "MaskedFill"), View<float>(mask, "MaskedFill"), View<float>(y, "MaskedFill"), (float)value, m, launchCount, launchStride))),
            k => WithInts(meta, m => Launch(y.Length, (i, launchCount, launchStride) =>
                k.MaskedFill(i, View<double>(x, "MaskedFill"), View<double>(mask, "MaskedFill"), View<double>(y, "MaskedFill"), value, m, launchCount, launchStride))));
    }

    /// <inheritdoc/>
    public void Narrow(Tensor x, int axis, int start, Tensor y)
    {
        (int outer, int size, int inner) = TensorShape.Split(x.Shape, axis);
        int block = y.Size(axis) * inner;
        CopyBlocks("Narrow", x, y, outer, new BlockCopy(block, size * inner, start * inner, block, 0));
    }

    /// <inheritdoc/>
    public void WriteSlice(Tensor source, int axis, int start, Tensor destination)
    {
        (int outer, int size, int inner) = TensorShape.Split(destination.Shape, axis);
        int block = source.Size(axis) * inner;
        CopyBlocks("WriteSlice", source, destination, outer, new BlockCopy(block, block, 0, size * inner, start * inner));
    }

    private void CopyBlocks(string op, Tensor source, Tensor destination, int blocks, BlockCopy copy) => Dispatch(op, destination.DType,
        k => Launch(blocks * copy.BlockLength, (i, launchCount, launchStride) => k.CopyBlocks(i, View<float>(source, op), View<float>(destination, op), copy, launchCount, launchStride)),
        k => Launch(blocks * copy.BlockLength, (i, launchCount, launchStride) => k.CopyBlocks(i, View<double>(source, op), View<double>(destination, op), copy, launchCount, launchStride)));

    /// <inheritdoc/>
    public void GatherRows(Tensor table, ReadOnlySpan<int> indices, Tensor y)
    {
        int[] copy = CheckIndices("GatherRows", table, indices);
        int cols = table.Size(1);
        Dispatch("GatherRows", y.DType,
            k => WithInts(copy, ix => Launch(y.Length, (i, launchCount, launchStride) =>
                k.GatherRows(i, View<float>(table, "GatherRows"), ix, View<float>(y, "GatherRows"), cols, launchCount, launchStride))),
            k => WithInts(copy, ix => Launch(y.Length, (i, launchCount, launchStride) =>
                k.GatherRows(i, View<double>(table, "GatherRows"), ix, View<double>(y, "GatherRows"), cols, launchCount, launchStride))));
    }

    /// <inheritdoc/>
    public void ScatterAddRows(Tensor rows, ReadOnlySpan<int> indices, Tensor table)
    {
        CheckIndices("ScatterAddRows", table, indices);
        // Positions grouped by table row (a stable counting sort on the host), so one thread owns each table element.
        int vocabulary = table.Size(0), cols = table.Size(1);
        var offsets = new int[vocabulary + 1];
        foreach (int v in indices)
        {
            offsets[v + 1]++;
        }
        for (int v = 0; v < vocabulary; v++)
        {
            offsets[v + 1] += offsets[v];
        }
        var positions = new int[indices.Length];
        var next = (int[])offsets.Clone();
        for (int i = 0; i < indices.Length; i++)
        {
            positions[next[indices[i]]++] = i;
        }
        Dispatch("ScatterAddRows", table.DType,
            k => WithInts(offsets, o => WithInts(positions, p => Launch(table.Length, (i, launchCount, launchStride) =>
                k.ScatterAddRows(i, View<float>(rows, "ScatterAddRows"), o, p, View<float>(table, "ScatterAddRows"), cols, launchCount, launchStride)))),
            k => WithInts(offsets, o => WithInts(positions, p => Launch(table.Length, (i, launchCount, launchStride) =>
                k.ScatterAddRows(i, View<double>(rows, "ScatterAddRows"), o, p, View<double>(table, "ScatterAddRows"), cols, launchCount, launchStride)))));
    }

    /// <summary>Runs <paramref name="run"/> with a pooled device copy of <paramref name="values"/>.</summary>
    private void WithInts(int[] values, Action<ArrayView<int>> run)
    {
        MemoryBuffer1D<int, Stride1D.Dense> buffer = UploadInts(values);
        try
        {
            run(buffer.View);
        }
        finally
        {
            Pool.Return(buffer);
        }
    }

    /// <summary>A copy of the indices after checking them on the host (a bad index would read out of bounds on the device).</summary>
    private static int[] CheckIndices(string op, Tensor table, ReadOnlySpan<int> indices)
    {
        if (table.Rank != 2)
        {
            throw new ArgumentException($"IlgpuBackend.{op}: expected a table [V, D], got {table}.");
        }
        int rows = table.Size(0);
        for (int i = 0; i < indices.Length; i++)
        {
            if ((uint)indices[i] >= (uint)rows)
            {
                throw new ArgumentOutOfRangeException(nameof(indices), indices[i], $"IlgpuBackend.{op}: index {i} is {indices[i]}, outside [0, {rows}).");
            }
        }
        return indices.ToArray();
    }
}
