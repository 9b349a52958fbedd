using TorchSharp;
using F = TorchSharp.torch.nn.functional;
using Tensor = SourceAD.Tensors.Tensor;

namespace SourceAD.TorchSharp;

// Softmax, log-softmax and the mean cross-entropy with their derivatives.
public sealed partial class TorchBackend
{
    /// <inheritdoc/>
    public void Softmax(Tensor x, Tensor y, int axis, bool log)
    {
        using var op = Begin();
        torch.Tensor tx = In(x);
        Store(y, log ? tx.log_softmax(axis) : tx.softmax(axis));
    }

    /// <inheritdoc/>
    public void SoftmaxDerivative(Tensor y, Tensor g, Tensor result, int axis, bool log, bool transpose)
    {
        using var op = Begin();
        torch.Tensor ty = In(y), tg = In(g);
        // softmax: J = diag(p) − p pᵀ is symmetric, so both rules are p ∘ (g − ⟨p, g⟩).
        // log_softmax: J = I − 1 pᵀ; forward: g − ⟨p, g⟩; backward (Jᵀ): g − p·Σg.
        if (!log)
        {
            Store(result, ty * (tg - (ty * tg).sum(axis, keepdim: true)));
            return;
        }
        torch.Tensor p = ty.exp();
        Store(result, transpose ? tg - p * tg.sum(axis, keepdim: true) : tg - (p * tg).sum(axis, keepdim: true));
    }

    /// <inheritdoc/>
    public void CrossEntropy(Tensor logits, ReadOnlySpan<int> labels, Tensor loss)
    {
        using var op = Begin();
        Store(loss, F.cross_entropy(In(logits), Labels(labels)));
    }

    /// <inheritdoc/>
    public void CrossEntropyBackward(Tensor logits, ReadOnlySpan<int> labels, double scale, Tensor result)
    {
        using var op = Begin();
        Store(result, SoftmaxMinusOneHot(In(logits), labels).mul_(RoundTo(scale / Math.Max(1, logits.Size(0)), logits.DType)));
    }

    /// <inheritdoc/>
    public void CrossEntropyJvp(Tensor logits, ReadOnlySpan<int> labels, Tensor tangent, Tensor loss)
    {
        using var op = Begin();
        torch.Tensor gradient = SoftmaxMinusOneHot(In(logits), labels).div_(Math.Max(1, logits.Size(0)));
        Store(loss, (gradient.to_type(torch.ScalarType.Float64) * In(tangent).to_type(torch.ScalarType.Float64)).sum().to_type(ComputeType(loss.DType)));
    }

    /// <summary>softmax(logits) − onehot(labels), row by row (a fresh tensor).</summary>
    private torch.Tensor SoftmaxMinusOneHot(torch.Tensor logits, ReadOnlySpan<int> labels)
    {
        torch.Tensor p = logits.softmax(1);
        torch.Tensor index = Labels(labels).view(-1, 1);
        return p.scatter_add_(1, index, torch.full([labels.Length, 1], -1.0, p.dtype, TorchDevice));
    }
}
