using SourceAD.Tensors;

namespace TinyGpt;

/// <summary>
/// A <see cref="Gpt"/>'s sizes, its parameters' names and shapes, and nanoGPT's initialization. Linked with
/// <c>Gpt.cs</c> into the test projects that differentiate the network.
/// </summary>
/// <param name="Layers">Transformer blocks (L).</param>
/// <param name="Heads">Attention heads per block (H); divides <paramref name="Width"/>.</param>
/// <param name="Width">Embedding width (C).</param>
/// <param name="VocabSize">Vocabulary size (V).</param>
/// <param name="BlockSize">The longest context (rows of the position embedding).</param>
public sealed record GptConfig(int Layers, int Heads, int Width, int VocabSize, int BlockSize)
{
    /// <summary>The sixteen parameters' names, in declaration order.</summary>
    public static readonly string[] ParameterNames =
        ["Wte", "Wpe", "Ln1W", "Ln1B", "AttnW", "AttnB", "AttnProjW", "AttnProjB", "Ln2W", "Ln2B", "FcW", "FcB", "FcProjW", "FcProjB", "LnFW", "LnFB"];

    /// <summary>
    /// Whether parameter <paramref name="index"/> (declaration order) takes weight decay, as nanoGPT decides it: the
    /// embeddings and the matrices do, the biases and the LayerNorm weights and biases do not. nanoGPT's rule is "rank ≥ 2",
    /// but here the per-layer tensors are stacked over the layers, which adds one to every rank (a bias is [L, C]), so
    /// the rule is by name.
    /// </summary>
    public static bool IsDecayed(int index) => ParameterNames[index] is "Wte" or "Wpe" or "AttnW" or "AttnProjW" or "FcW" or "FcProjW";

    /// <summary>The parameters' shapes, in declaration order (per-layer weights stacked over the layers).</summary>
    public int[][] ParameterShapes()
    {
        int l = Layers, c = Width;
        return
        [
            [VocabSize, c], [BlockSize, c],
            [l, c], [l, c], [l, 3 * c, c], [l, 3 * c], [l, c, c], [l, c],
            [l, c], [l, c], [l, 4 * c, c], [l, 4 * c], [l, c, 4 * c], [l, c],
            [c], [c],
        ];
    }

    /// <summary>Throws when the sizes are inconsistent or <paramref name="parameters"/> do not have <see cref="ParameterShapes"/>.</summary>
    public void CheckShapes(IReadOnlyList<Tensor> parameters)
    {
        if (Layers < 1 || Heads < 1 || Width < 1 || VocabSize < 1 || BlockSize < 1 || Width % Heads != 0)
        {
            throw new ArgumentException($"GPT sizes {this}: every size must be positive and the heads must divide the width.");
        }
        int[][] shapes = ParameterShapes();
        if (parameters.Count != shapes.Length)
        {
            throw new ArgumentException($"A GPT has {shapes.Length} parameter tensors, not {parameters.Count}.", nameof(parameters));
        }
        for (int i = 0; i < shapes.Length; i++)
        {
            if (!parameters[i].ShapeArray.SequenceEqual(shapes[i]))
            {
                throw new ArgumentException(
                    $"Parameter {ParameterNames[i]} has shape [{string.Join(", ", parameters[i].ShapeArray)}], not [{string.Join(", ", shapes[i])}].",
                    nameof(parameters));
            }
        }
    }

    /// <summary>
    /// nanoGPT's initialization drawn from one <see cref="SeededRandom"/> in declaration order: weights and embeddings
    /// N(0, 0.02²), the residual projections (attn.c_proj, mlp.c_proj) N(0, (0.02/√(2L))²), biases 0, LayerNorm
    /// weights 1. Drawn on the host, then moved to <paramref name="device"/> (default: the CPU), so every backend starts equal.
    /// </summary>
    public Tensor[] CreateParameters(ulong seed, DType dtype = DType.Float32, Device? device = null)
    {
        var rng = new SeededRandom(seed);
        int[][] s = ParameterShapes();
        double std = 0.02, projStd = 0.02 / Math.Sqrt(2.0 * Layers);
        Tensor[] host =
        [
            TensorInit.Normal(s[0], 0, std, rng, dtype), TensorInit.Normal(s[1], 0, std, rng, dtype),
            Tensor.Full(s[2], 1, dtype), Tensor.Zeros(s[3], dtype),
            TensorInit.Normal(s[4], 0, std, rng, dtype), Tensor.Zeros(s[5], dtype),
            TensorInit.Normal(s[6], 0, projStd, rng, dtype), Tensor.Zeros(s[7], dtype),
            Tensor.Full(s[8], 1, dtype), Tensor.Zeros(s[9], dtype),
            TensorInit.Normal(s[10], 0, std, rng, dtype), Tensor.Zeros(s[11], dtype),
            TensorInit.Normal(s[12], 0, projStd, rng, dtype), Tensor.Zeros(s[13], dtype),
            Tensor.Full(s[14], 1, dtype), Tensor.Zeros(s[15], dtype),
        ];
        Device target = device ?? Device.Cpu;
        if (target.Kind == DeviceKind.Cpu)
        {
            return host;
        }
        var moved = new Tensor[host.Length];
        for (int i = 0; i < host.Length; i++)
        {
            moved[i] = host[i].To(target);
            host[i].Dispose();
        }
        return moved;
    }

    /// <summary>The total number of scalar parameters.</summary>
    public long ParameterCount() => ParameterShapes().Sum(s => s.Aggregate(1L, (a, b) => a * b));
}
