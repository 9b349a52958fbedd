using TorchSharp;
using Tensor = SourceAD.Tensors.Tensor;

namespace SourceAD.TorchSharp;

// Masked fill, axis permutation, slices along an axis (narrow, concat) and row gather/scatter (embedding).
public sealed partial class TorchBackend
{
    /// <inheritdoc/>
    public void Permute(Tensor x, ReadOnlySpan<int> axes, Tensor y)
    {
        using var op = Begin();
        var dims = new long[axes.Length];
        for (int i = 0; i < dims.Length; i++)
        {
            dims[i] = axes[i];
        }
        Write(y, View(x).permute(dims));
    }

    /// <inheritdoc/>
    public void MaskedFill(Tensor x, Tensor mask, double value, Tensor y)
    {
        using var op = Begin();
        Store(y, View(x).masked_fill(View(mask).gt(0), value));
    }

    /// <inheritdoc/>
    public void Narrow(Tensor x, int axis, int start, Tensor y)
    {
        using var op = Begin();
        Write(y, View(x).narrow(axis, start, y.Size(axis)));
    }

    /// <inheritdoc/>
    public void WriteSlice(Tensor source, int axis, int start, Tensor destination)
    {
        using var op = Begin();
        Out(destination).View(destination.Shape).narrow(axis, start, source.Size(axis)).copy_(View(source));
    }

    /// <inheritdoc/>
    public void GatherRows(Tensor table, ReadOnlySpan<int> indices, Tensor y)
    {
        using var op = Begin();
        Store(y, View(table).index_select(0, Labels(indices)));
    }

    /// <inheritdoc/>
    public void ScatterAddRows(Tensor rows, ReadOnlySpan<int> indices, Tensor table)
    {
        using var op = Begin();
        // index_put_ with accumulate is libtorch's deterministic scatter-add: serial on the CPU, sorted by index on CUDA
        // (each row's terms in ascending position, as the other backends), never atomics.
        torch.Tensor sum = torch.zeros(View(table).shape, View(table).dtype, TorchDevice);
        sum.index_put_(View(rows), [Labels(indices)], accumulate: true);
        Store(table, sum);
    }
}
