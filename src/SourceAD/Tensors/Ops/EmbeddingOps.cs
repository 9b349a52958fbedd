namespace SourceAD.Tensors;

// Integer indices are a ReadOnlySpan<int> attribute, as cross-entropy's labels (no integer tensors).
public static partial class Ops
{
    /// <summary>
    /// Rows of a lookup table, as torch's F.embedding(indices, weight): weight [V, D] and n indices in [0, V) give
    /// [n, D], row i = weight[indices[i]]. Reshape the result for a batch of sequences ([B·T, D] to [B, T, D]).
    /// </summary>
    public static Tensor Embedding(Tensor weight, ReadOnlySpan<int> indices)
    {
        CheckEmbedding(nameof(Embedding), weight, indices);
        Tensor y = Tensor.Empty([indices.Length, weight.Size(1)], weight.DType, weight.Device);
        weight.Backend.GatherRows(weight, indices, y);
        return y;
    }

    /// <summary>
    /// Backward rule of <see cref="Embedding(Tensor, ReadOnlySpan{int})"/>: dweight[v] = Σ of dy[i] over the i with
    /// indices[i] = v, added in ascending i on every backend (deterministic; rows no index names are 0).
    /// </summary>
    public static Tensor EmbeddingBackward(Tensor weight, ReadOnlySpan<int> indices, Tensor dy)
    {
        const string op = nameof(EmbeddingBackward);
        var backend = BackendOf(op, weight, dy);
        CheckEmbedding(op, weight, indices);
        RequireShape(op, [indices.Length, weight.Size(1)], dy, "the output adjoint");
        Tensor dweight = EmptyLike(weight);
        backend.ScatterAddRows(dy, indices, dweight);
        return dweight;
    }

    /// <summary>Forward rule of <see cref="Embedding(Tensor, ReadOnlySpan{int})"/> (linear in the table): the tangent's rows.</summary>
    public static Tensor EmbeddingJvp(Tensor tweight, ReadOnlySpan<int> indices) => Embedding(tweight, indices);

    // Array overloads for the op table's reflection binding (a span cannot pass through MethodInfo.Invoke).
    internal static Tensor Embedding(Tensor weight, int[] indices) => Embedding(weight, indices.AsSpan());

    internal static Tensor EmbeddingBackward(Tensor weight, int[] indices, Tensor dy) => EmbeddingBackward(weight, indices.AsSpan(), dy);

    internal static Tensor EmbeddingJvp(Tensor tweight, int[] indices) => EmbeddingJvp(tweight, indices.AsSpan());

    private static void CheckEmbedding(string op, Tensor weight, ReadOnlySpan<int> indices)
    {
        RequireRank(op, nameof(weight), weight, 2);
        int rows = weight.Size(0);
        for (int i = 0; i < indices.Length; i++)
        {
            if ((uint)indices[i] >= (uint)rows)
            {
                throw new ArgumentException($"{op}: index {indices[i]} at position {i} is outside [0, {rows}) for a table of shape {TensorShape.Format(weight.Shape)}.", nameof(indices));
            }
        }
    }
}
