using SourceAD.Ilgpu;
using SourceAD.Tensors;

namespace MnistLeNet.Training;

/// <summary>The <c>--backend</c> names and the devices they select. The model code and its generated gradient are the same on each.</summary>
public static class TrainingDevices
{
    /// <summary>The accepted names.</summary>
    public static readonly string[] Names = ["cpu", "ilgpu", "torch"];

    /// <summary>
    /// The device for <paramref name="backend"/>: the managed CPU backend, ILGPU (CUDA when present, else its CPU
    /// accelerator) or libtorch on the CPU. Throws <see cref="TrainerException"/> when the backend cannot start here.
    /// </summary>
    public static Device Resolve(string backend)
    {
        try
        {
            return backend switch
            {
                "ilgpu" => Device.Ilgpu(),
                "torch" => Device.Torch(),
                _ => Device.Cpu,
            };
        }
        catch (Exception e) when (e is NotSupportedException or DllNotFoundException or TypeInitializationException or InvalidOperationException)
        {
            throw new TrainerException($"--backend {backend} cannot start on this machine: {e.Message}", e);
        }
    }

    /// <summary>What <paramref name="device"/> is, for the run's header.</summary>
    public static string Describe(Device device) => device.Kind switch
    {
        DeviceKind.Ilgpu => $"ILGPU backend ({IlgpuDevice.SharedBackend().AcceleratorName})",
        DeviceKind.Torch => $"TorchSharp backend (libtorch {device})",
        _ => $"cpu backend, {Environment.ProcessorCount} cores",
    };
}
