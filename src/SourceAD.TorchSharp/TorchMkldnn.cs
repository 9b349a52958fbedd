using System.Reflection;
using System.Runtime.InteropServices;
using TorchSharp;

namespace SourceAD.TorchSharp;

/// <summary>
/// libtorch's switch for its oneDNN (mkldnn) CPU kernels: PyTorch's <c>torch.backends.mkldnn.enabled</c>
/// (<c>at::globalContext().setUserEnabledMkldnn</c>), which TorchSharp 0.107.0 does not expose.
/// </summary>
/// <remarks>
/// <para>
/// <see cref="TorchBackend"/> turns it off for the whole process when it is created. Why: with TorchSharp-cpu 0.107.0
/// (libtorch 2.10, oneDNN 3.7.1), on an AMD EPYC with AVX-512 (avx512_bf16, vp2intersect), oneDNN's float32
/// convolution backward-data (<c>ONEDNN_VERBOSE</c>: <c>convolution,jit:avx512_core,backward_data</c>) returns wrong
/// values and sometimes NaN, differently from run to run (it reads memory it never wrote). It is libtorch alone:
/// <c>F.conv2d</c> autograd and <c>F.conv_transpose2d</c> on tensors made from .NET arrays, against a double-precision
/// loop, were off by 10–60 % (relative to the largest entry) for [2,1,2,2]⊛[2,1,3,3] padding 2, [1,2,6,7]⊛[2,2,5,5]
/// and LeNet-5's first layer, while float64 (not run by oneDNN) agreed to 1e-15. <c>ONEDNN_MAX_CPU_ISA=AVX2</c>,
/// <c>ATEN_CPU_CAPABILITY</c> and one thread did not help; with this switch off (libtorch then runs its own
/// convolution kernels) every case agreed to 2e-7. The cost is libtorch's slower native CPU convolutions.
/// </para>
/// <para>
/// The switch is process-wide: it also affects TorchSharp code of the application. It needs the Itanium C++ ABI names
/// of libtorch_cpu (Linux and macOS); elsewhere <see cref="Enabled"/> reads true and setting it does nothing.
/// </para>
/// </remarks>
public static class TorchMkldnn
{
    private static readonly Lazy<Entry?> Native = new(Bind);

    /// <summary>Whether libtorch may use its oneDNN kernels (true when libtorch cannot be asked).</summary>
    public static bool Enabled
    {
        get => Native.Value is not { } e || e.Get(e.Context()) != 0;
        set
        {
            if (Native.Value is { } e)
            {
                e.Set(e.Context(), value ? (byte)1 : (byte)0);
            }
        }
    }

    [UnmanagedFunctionPointer(CallingConvention.Cdecl)]
    private delegate IntPtr GlobalContext();

    [UnmanagedFunctionPointer(CallingConvention.Cdecl)]
    private delegate byte GetEnabled(IntPtr context);

    [UnmanagedFunctionPointer(CallingConvention.Cdecl)]
    private delegate void SetEnabled(IntPtr context, byte enabled);

    private sealed record Entry(GlobalContext Context, GetEnabled Get, SetEnabled Set);

    private static Entry? Bind()
    {
        if (!OperatingSystem.IsLinux() && !OperatingSystem.IsMacOS())
        {
            return null;
        }
        // Any TorchSharp call loads libtorch first (from wherever TorchSharp found it); the name then resolves to the
        // library already in the process.
        _ = torch.get_num_threads();
        string name = OperatingSystem.IsLinux() ? "libtorch_cpu.so" : "libtorch_cpu.dylib";
        Assembly torchSharp = typeof(torch).Assembly;
        if (!NativeLibrary.TryLoad(name, torchSharp, null, out IntPtr lib)
            || !NativeLibrary.TryGetExport(lib, "_ZN2at13globalContextEv", out IntPtr context)
            || !NativeLibrary.TryGetExport(lib, "_ZNK2at7Context17userEnabledMkldnnEv", out IntPtr get)
            || !NativeLibrary.TryGetExport(lib, "_ZN2at7Context20setUserEnabledMkldnnEb", out IntPtr set))
        {
            return null;
        }
        return new Entry(
            Marshal.GetDelegateForFunctionPointer<GlobalContext>(context),
            Marshal.GetDelegateForFunctionPointer<GetEnabled>(get),
            Marshal.GetDelegateForFunctionPointer<SetEnabled>(set));
    }
}
