using SourceAD.Tensors;
using SourceAD.Tensors.Backends;
using TorchSharp;
using Tensor = SourceAD.Tensors.Tensor;

namespace SourceAD.TorchSharp;

/// <summary>Zero-copy interop between SourceAD tensors on a Torch device and TorchSharp tensors.</summary>
public static class TorchTensors
{
    /// <summary>
    /// A SourceAD tensor sharing <paramref name="tensor"/>'s memory (no copy): writes through either are visible through the
    /// other. The tensor must be contiguous, float32, float64 or float16, on libtorch's CPU or a CUDA device; it is
    /// detached from autograd and kept alive by the SourceAD tensor (dispose both as usual: the memory lives until the
    /// last holder lets go). The SourceAD tensor lives on <c>Device.Torch(…)</c> of the tensor's device.
    /// </summary>
    /// <exception cref="ArgumentException">The tensor is not contiguous, has another dtype, or more than int.MaxValue elements.</exception>
    public static Tensor Wrap(torch.Tensor tensor)
    {
        ArgumentNullException.ThrowIfNull(tensor);
        if (!tensor.is_contiguous())
        {
            throw new ArgumentException("Wrap: the tensor is not contiguous; call contiguous() first (that copies).", nameof(tensor));
        }
        DType dtype = tensor.dtype switch
        {
            torch.ScalarType.Float32 => DType.Float32,
            torch.ScalarType.Float64 => DType.Float64,
            torch.ScalarType.Float16 => DType.Float16,
            _ => throw new ArgumentException($"Wrap: SourceAD tensors are float32, float64 or float16, not {tensor.dtype}.", nameof(tensor)),
        };
        if (tensor.numel() > int.MaxValue)
        {
            throw new ArgumentException($"Wrap: the tensor has {tensor.numel()} elements, more than a SourceAD tensor holds.", nameof(tensor));
        }
        Device device = Device.Torch(tensor.device_type == DeviceType.CUDA ? tensor.device_index : -1);
        int rank = (int)tensor.dim();
        var shape = new int[rank];
        for (int i = 0; i < rank; i++)
        {
            shape[i] = (int)tensor.size(i);
        }
        Tensor result = Tensor.Empty(shape, dtype, device);
        var storage = (TorchStorage)result.Storage;
        storage.MarkExposed();
        // A fresh storage has no memory yet, so it adopts the wrapped tensor's (a new handle on the same memory).
        torch.Tensor alias = tensor.detach();
        if (!storage.TryAdopt(alias, shape))
        {
            alias.Dispose();
            result.Dispose();
            throw new InvalidOperationException("Wrap: the new tensor's storage could not adopt the libtorch tensor.");
        }
        return result;
    }

    /// <summary>
    /// A TorchSharp view of a SourceAD tensor on a Torch device, with its shape and no copy: writes through either are
    /// visible through the other. The caller owns (and disposes) the returned handle; the memory lives until both let go.
    /// </summary>
    /// <exception cref="ArgumentException">The tensor does not live on a Torch device.</exception>
    public static torch.Tensor AsTorch(this Tensor tensor)
    {
        ArgumentNullException.ThrowIfNull(tensor);
        if (tensor.Storage is not TorchStorage storage)
        {
            throw new ArgumentException($"AsTorch: the tensor lives on {tensor.Device}; move it to Device.Torch() first (tensor.To(Device.Torch())).", nameof(tensor));
        }
        var shape = new long[tensor.Rank];
        for (int i = 0; i < shape.Length; i++)
        {
            shape[i] = tensor.Shape[i];
        }
        storage.MarkExposed();
        return storage.Flat.view(shape);
    }

    /// <summary>The TorchSharp backend of a Torch device (created and registered on first use).</summary>
    public static TorchBackend BackendFor(Device device) =>
        TensorBackends.For(device) as TorchBackend ?? throw new ArgumentException($"{device} is not a Torch device.", nameof(device));
}
