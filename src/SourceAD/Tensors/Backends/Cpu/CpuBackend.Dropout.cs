using System.Numerics;

namespace SourceAD.Tensors.Backends.Cpu;

// Dropout: the mask hashed per element (DropoutMask), never stored.
public sealed partial class CpuBackend
{
    private const int DropoutChunk = 16384;

    /// <inheritdoc/>
    public void Dropout(Tensor x, uint key, uint threshold, double scale, Tensor y)
    {
        switch (y.DType)
        {
            case DType.Float32: Dropout(Data<float>(x), key, threshold, (float)scale, Data<float>(y), y.Length); break;
            case DType.Float64: Dropout(Data<double>(x), key, threshold, scale, Data<double>(y), y.Length); break;
            default:
                // float16 storage computes in float32, as the other kernels (and libtorch) do.
                ViaFloat32([x], [y], false, (i, o) => Dropout(i[0]!, key, threshold, scale, o[0]));
                break;
        }
    }

    private static void Dropout<T>(T[] x, uint key, uint threshold, T scale, T[] y, int length) where T : unmanaged, IFloatingPointIeee754<T> =>
        CpuParallel.ForChunks(length, DropoutChunk, MaxThreads, (start, count) =>
        {
            for (int i = start; i < start + count; i++)
            {
                y[i] = DropoutMask.Keeps(key, threshold, i) ? x[i] * scale : T.Zero;
            }
        });
}
