namespace SourceAD.Tensors;

/// <summary>
/// A list of tensors (a model's parameters or gradients) seen as one flat vector, in list order: how the plain-span
/// optimizers (<c>Step(Span&lt;T&gt;, ReadOnlySpan&lt;T&gt;)</c>) step a whole model with one state.
/// </summary>
public static class TensorList
{
    /// <summary>The total number of elements.</summary>
    public static int Length(IReadOnlyList<Tensor> tensors)
    {
        int n = 0;
        foreach (Tensor t in tensors) n += t.Length;
        return n;
    }

    /// <summary>Copies the tensors into <paramref name="flat"/>, converting from each tensor's dtype to <typeparamref name="T"/>.</summary>
    public static void Gather<T>(IReadOnlyList<Tensor> tensors, Span<T> flat) where T : unmanaged
    {
        int offset = 0;
        foreach (Tensor t in tensors)
        {
            t.CopyTo<T>(flat.Slice(offset, t.Length));
            offset += t.Length;
        }
    }

    /// <summary>Copies <paramref name="flat"/> back into the tensors (the inverse of <see cref="Gather{T}"/>).</summary>
    public static void Scatter<T>(ReadOnlySpan<T> flat, IReadOnlyList<Tensor> tensors) where T : unmanaged
    {
        int offset = 0;
        foreach (Tensor t in tensors)
        {
            t.CopyFrom<T>(flat.Slice(offset, t.Length));
            offset += t.Length;
        }
    }
}
