using SourceAD.Tensors;

namespace SourceAD.Ilgpu;

// Dropout: the mask hashed per element on the device, never stored.
public sealed partial class IlgpuBackend
{
    /// <inheritdoc/>
    public void Dropout(Tensor x, uint key, uint threshold, double scale, Tensor y) =>
        Dispatch("Dropout", y.DType,
            k => Launch(y.Length, (i, launchCount, launchStride) =>
                k.Dropout(i, View<float>(x, "Dropout"), View<float>(y, "Dropout"), key, threshold, (float)scale, launchCount, launchStride)),
            k => Launch(y.Length, (i, launchCount, launchStride) =>
                k.Dropout(i, View<double>(x, "Dropout"), View<double>(y, "Dropout"), key, threshold, scale, launchCount, launchStride)));
}
