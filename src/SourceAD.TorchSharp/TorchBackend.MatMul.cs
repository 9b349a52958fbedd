using TorchSharp;
using Tensor = SourceAD.Tensors.Tensor;

namespace SourceAD.TorchSharp;

// Matrix products.
public sealed partial class TorchBackend
{
    /// <inheritdoc/>
    public void MatMul(Tensor a, bool transposeA, Tensor b, bool transposeB, Tensor y, double beta)
    {
        using var op = Begin();
        torch.Tensor ta = In(a), tb = In(b);
        if (transposeA)
        {
            ta = ta.transpose(-1, -2);
        }
        if (transposeB)
        {
            tb = tb.transpose(-1, -2);
        }
        torch.Tensor product;
        if (y.Rank == 2 && (a.Rank == 3 || b.Rank == 3))
        {
            // A 2-D y sums the batch's products: with both operands batched that is one GEMM over the joined batch axis.
            product = a.Rank == 3 && b.Rank == 3
                ? torch.matmul(ta.transpose(0, 1).reshape(ta.size(1), -1), tb.reshape(-1, tb.size(2)))
                : torch.matmul(ta, tb).sum(0L);
        }
        else
        {
            product = torch.matmul(ta, tb);
        }
        if (beta == 0)
        {
            Store(y, product);
            return;
        }
        torch.Tensor ty = Out(y).View(y.Shape);
        if (y.DType == Tensors.DType.Float16)
        {
            ty.copy_(ty.to(torch.ScalarType.Float32) * RoundTo(beta, y.DType) + product);
        }
        else
        {
            ty.mul_(RoundTo(beta, y.DType)).add_(product);
        }
    }
}
