using SourceAD.Tensors;
using SourceAD.Tensors.Backends;
using TorchSharp;
using Tensor = SourceAD.Tensors.Tensor;

namespace SourceAD.TorchSharp;

// Dropout: DropoutMask's hash run on int64 tensors (32-bit values, products below 2⁶³), so libtorch drops the same
// elements as the other backends without storing a mask or using its own generator.
public sealed partial class TorchBackend
{
    private const long Low32 = 0xFFFF_FFFFL;

    /// <inheritdoc/>
    public void Dropout(Tensor x, uint key, uint threshold, double scale, Tensor y)
    {
        using var op = Begin();
        torch.Tensor index = torch.arange(0L, (long)x.Length, 1L, torch.ScalarType.Int64, TorchDevice);
        torch.Tensor hash = Mix(Mix(index).bitwise_xor(Int64(key)));
        torch.Tensor keep = hash.bitwise_right_shift(Int64(DropoutMask.DroppedBits)).ge(Int64(threshold)).view(ToLongs(x.Shape));
        torch.ScalarType compute = ComputeType(x.DType);
        // The scale rounded to the compute type first, as the CPU kernel multiplies by (float)scale.
        torch.Tensor scaleTensor = torch.tensor(compute == torch.ScalarType.Float32 ? (float)scale : scale, compute, TorchDevice);
        torch.Tensor xs = In(x);
        Store(y, torch.where(keep, xs * scaleTensor, torch.zeros_like(xs)));
    }

    /// <summary><see cref="DropoutMask.Mix"/> elementwise on int64 tensors holding 32-bit values.</summary>
    private torch.Tensor Mix(torch.Tensor x)
    {
        torch.Tensor shift = Int64(16), low = Int64(Low32);
        x = x.bitwise_right_shift(shift).bitwise_xor(x).mul(Int64(DropoutMask.Multiplier)).bitwise_and(low);
        x = x.bitwise_right_shift(shift).bitwise_xor(x).mul(Int64(DropoutMask.Multiplier)).bitwise_and(low);
        return x.bitwise_right_shift(shift).bitwise_xor(x);
    }

    private torch.Tensor Int64(long value) => torch.tensor(value, torch.ScalarType.Int64, TorchDevice);

    private static long[] ToLongs(ReadOnlySpan<int> shape)
    {
        var dims = new long[shape.Length];
        for (int i = 0; i < dims.Length; i++)
        {
            dims[i] = shape[i];
        }
        return dims;
    }
}
