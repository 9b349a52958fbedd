using SourceAD;
using SourceAD.Tensors;

namespace TinyGpt;

/// <summary>
/// A decoder-only transformer as nanoGPT writes it: token and position embeddings, <see cref="GptConfig.Layers"/>
/// pre-LayerNorm blocks (causal multi-head self-attention, then a GELU MLP, each added back to the residual stream), a
/// final LayerNorm and a head tied to the token embedding (logits = x·Wteᵀ). No dropout: nanoGPT's small runs use 0.
/// </summary>
/// <remarks>
/// <para>SourceAD generates <c>LossGradient</c>, <c>LossPushforward</c>, <c>LogitsValue</c>, <c>Gradients</c> and
/// <c>Parameters</c> from the <c>[Parameter]</c> fields and the two <c>[Differentiable]</c> methods.</para>
/// <para>Each per-layer weight is stacked over the layers (<c>AttnW</c> is [L, 3C, C]: layer l's c_attn weight is
/// <c>AttnW[l]</c>), and the block loop takes its layer's slice with <c>Ops.Narrow</c> + <c>Ops.Squeeze</c>. A
/// <c>[Parameter] Tensor[]</c> per weight (one tensor per layer) is the more familiar C#, and the generator now trains
/// one element by element, but it treated a <c>Tensor[]</c> member as data when this network was written; the stack
/// stays until the network is rewritten. The
/// slice's backward writes into a zero tensor of the whole stack, an extra L-fold traffic on the weights that is small
/// beside the activations at these sizes.</para>
/// <para>This file is the network's one definition: the sample trains it, and the TorchSharp and backend test suites
/// link it (with <c>GptConfig.cs</c>) and check its gradients against autograd and finite differences.</para>
/// </remarks>
public sealed partial class Gpt
{
    /// <summary>Token embedding [V, C], also the output head (tied).</summary>
    [Parameter] public Tensor Wte;
    /// <summary>Position embedding [BlockSize, C].</summary>
    [Parameter] public Tensor Wpe;
    /// <summary>ln_1 weight and bias per layer, [L, C].</summary>
    [Parameter] public Tensor Ln1W, Ln1B;
    /// <summary>The fused q/k/v projection (c_attn) per layer: weight [L, 3C, C], bias [L, 3C].</summary>
    [Parameter] public Tensor AttnW, AttnB;
    /// <summary>The attention output projection (attn.c_proj) per layer: weight [L, C, C], bias [L, C].</summary>
    [Parameter] public Tensor AttnProjW, AttnProjB;
    /// <summary>ln_2 weight and bias per layer, [L, C].</summary>
    [Parameter] public Tensor Ln2W, Ln2B;
    /// <summary>The MLP's expansion (mlp.c_fc) per layer: weight [L, 4C, C], bias [L, 4C].</summary>
    [Parameter] public Tensor FcW, FcB;
    /// <summary>The MLP's projection (mlp.c_proj) per layer: weight [L, C, 4C], bias [L, C].</summary>
    [Parameter] public Tensor FcProjW, FcProjB;
    /// <summary>The final LayerNorm (ln_f), [C].</summary>
    [Parameter] public Tensor LnFW, LnFB;

    /// <summary>The sizes (layers, heads, width, vocabulary, context).</summary>
    public GptConfig Config { get; }

    /// <summary>
    /// A network of <paramref name="config"/>'s sizes over the sixteen tensors of <paramref name="parameters"/>, in
    /// declaration order (<see cref="GptConfig.ParameterNames"/>). The tensors are used as they are, not copied.
    /// </summary>
    public Gpt(GptConfig config, IReadOnlyList<Tensor> parameters)
    {
        Config = config;
        config.CheckShapes(parameters);
        (Wte, Wpe, Ln1W, Ln1B, AttnW, AttnB, AttnProjW, AttnProjB) =
            (parameters[0], parameters[1], parameters[2], parameters[3], parameters[4], parameters[5], parameters[6], parameters[7]);
        (Ln2W, Ln2B, FcW, FcB, FcProjW, FcProjB, LnFW, LnFB) =
            (parameters[8], parameters[9], parameters[10], parameters[11], parameters[12], parameters[13], parameters[14], parameters[15]);
    }

    /// <summary>
    /// The next-token logits [B, T, V] of <paramref name="tokens"/>, B = <paramref name="batch"/> sequences of
    /// T = tokens.Length / B token ids each (row-major: sequence b's token t is tokens[b·T + t]), T ≤ the block size.
    /// </summary>
    [Differentiable]
    public Tensor Logits(int[] tokens, int batch)
    {
        int t = tokens.Length / batch;
        int c = Config.Width;
        int heads = Config.Heads;
        int headSize = Config.Width / Config.Heads;
        var tok = Ops.Reshape(Ops.Embedding(Wte, tokens), batch, t, c);
        var pos = Ops.Narrow(Wpe, 0, 0, t);
        var x = Ops.Add(tok, pos);
        for (int l = 0; l < Config.Layers; l++)
        {
            // Causal self-attention on ln_1(x): q, k, v [B, H, T, D] from one fused projection.
            var h = Ops.LayerNorm(x, Ops.Squeeze(Ops.Narrow(Ln1W, 0, l, 1), 0), Ops.Squeeze(Ops.Narrow(Ln1B, 0, l, 1), 0));
            var qkv = Ops.Linear(h, Ops.Squeeze(Ops.Narrow(AttnW, 0, l, 1), 0), Ops.Squeeze(Ops.Narrow(AttnB, 0, l, 1), 0));
            var q = Ops.Transpose(Ops.Reshape(Ops.Narrow(qkv, 2, 0, c), batch, t, heads, headSize), 1, 2);
            var k = Ops.Transpose(Ops.Reshape(Ops.Narrow(qkv, 2, c, c), batch, t, heads, headSize), 1, 2);
            var v = Ops.Transpose(Ops.Reshape(Ops.Narrow(qkv, 2, 2 * c, c), batch, t, heads, headSize), 1, 2);
            var y = Ops.ScaledDotProductAttention(q, k, v, true);
            var merged = Ops.Reshape(Ops.Transpose(y, 1, 2), batch, t, c);
            var attn = Ops.Linear(merged, Ops.Squeeze(Ops.Narrow(AttnProjW, 0, l, 1), 0), Ops.Squeeze(Ops.Narrow(AttnProjB, 0, l, 1), 0));
            x = Ops.Add(x, attn);

            // The MLP on ln_2(x): C → 4C → GELU (erf form, torch's nn.GELU()) → C.
            var h2 = Ops.LayerNorm(x, Ops.Squeeze(Ops.Narrow(Ln2W, 0, l, 1), 0), Ops.Squeeze(Ops.Narrow(Ln2B, 0, l, 1), 0));
            var fc = Ops.Gelu(Ops.Linear(h2, Ops.Squeeze(Ops.Narrow(FcW, 0, l, 1), 0), Ops.Squeeze(Ops.Narrow(FcB, 0, l, 1), 0)));
            var mlp = Ops.Linear(fc, Ops.Squeeze(Ops.Narrow(FcProjW, 0, l, 1), 0), Ops.Squeeze(Ops.Narrow(FcProjB, 0, l, 1), 0));
            x = Ops.Add(x, mlp);
        }
        var final = Ops.LayerNorm(x, LnFW, LnFB);
        return Ops.Linear(final, Wte);
    }

    /// <summary>
    /// The mean next-character cross-entropy of <see cref="Logits"/> against <paramref name="targets"/> (the same
    /// layout as <paramref name="tokens"/>: targets[b·T + t] is the token that follows tokens[b·T + t]).
    /// </summary>
    [Differentiable]
    public Tensor Loss(int[] tokens, int[] targets, int batch)
    {
        var logits = Logits(tokens, batch);
        return Ops.CrossEntropy(Ops.Reshape(logits, tokens.Length, Config.VocabSize), targets);
    }
}
