using SourceAD.Tensors;
using TinyGpt;
using TorchSharp;
using F = TorchSharp.torch.nn.functional;

namespace SourceAD.TorchSharp.Tests.Tensors;

/// <summary>
/// The TinyGpt sample's GPT (samples/TinyGpt/Gpt.cs) written with torch ops, as nanoGPT computes it. The autograd
/// reference of GeneratedGptTests and the libtorch side of the GPT step benchmark (tests/SourceAD.Benchmarks links this
/// file).
/// </summary>
internal static class TorchGpt
{
    /// <summary>
    /// The mean next-token cross-entropy of <paramref name="tokens"/> against <paramref name="targets"/> (B =
    /// <paramref name="batch"/> rows of T = tokens.Length / B), <paramref name="p"/> in <see cref="GptConfig.ParameterNames"/>
    /// order. The attention is spelled out (scores, causal mask, softmax) unless <paramref name="fusedAttention"/>, which
    /// calls torch's F.scaled_dot_product_attention (is_causal) as nanoGPT does when torch has it.
    /// </summary>
    public static torch.Tensor Loss(GptConfig config, torch.Tensor[] p, int[] tokens, int[] targets, int batch, bool fusedAttention = false)
    {
        int c = config.Width, heads = config.Heads, d = c / heads, steps = tokens.Length / batch;
        using var scope = torch.NewDisposeScope();
        using torch.Tensor ids = torch.tensor(tokens.Select(t => (long)t).ToArray());
        torch.Tensor x = p[0].index_select(0, ids).reshape(batch, steps, c) + p[1].narrow(0, 0, steps);
        torch.Tensor masked = torch.ones(steps, steps).tril().eq(0);
        for (int l = 0; l < config.Layers; l++)
        {
            torch.Tensor h = F.layer_norm(x, [c], p[2].select(0, l), p[3].select(0, l), OpDefaults.LayerNormEps);
            torch.Tensor qkv = F.linear(h, p[4].select(0, l), p[5].select(0, l));
            torch.Tensor q = qkv.narrow(2, 0, c).reshape(batch, steps, heads, d).transpose(1, 2);
            torch.Tensor k = qkv.narrow(2, c, c).reshape(batch, steps, heads, d).transpose(1, 2);
            torch.Tensor v = qkv.narrow(2, 2 * c, c).reshape(batch, steps, heads, d).transpose(1, 2);
            torch.Tensor attended;
            if (fusedAttention)
            {
                attended = F.scaled_dot_product_attention(q, k, v, null, 0.0, true);
            }
            else
            {
                torch.Tensor scores = q.matmul(k.transpose(-2, -1)) / Math.Sqrt(d);
                torch.Tensor att = F.softmax(scores.masked_fill(masked, double.NegativeInfinity), -1);
                attended = att.matmul(v);
            }
            torch.Tensor y = attended.transpose(1, 2).reshape(batch, steps, c);
            x = x + F.linear(y, p[6].select(0, l), p[7].select(0, l));
            torch.Tensor h2 = F.layer_norm(x, [c], p[8].select(0, l), p[9].select(0, l), OpDefaults.LayerNormEps);
            x = x + F.linear(F.gelu(F.linear(h2, p[10].select(0, l), p[11].select(0, l))), p[12].select(0, l), p[13].select(0, l));
        }
        torch.Tensor logits = F.linear(F.layer_norm(x, [c], p[14], p[15], OpDefaults.LayerNormEps), p[0]);
        using torch.Tensor labels = torch.tensor(targets.Select(t => (long)t).ToArray());
        return F.cross_entropy(logits.reshape(batch * steps, config.VocabSize), labels).MoveToOuterDisposeScope();
    }
}
