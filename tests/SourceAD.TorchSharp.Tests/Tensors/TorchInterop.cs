using SourceAD.Tensors;
using TorchSharp;
using Tensor = SourceAD.Tensors.Tensor;

namespace SourceAD.TorchSharp.Tests.Tensors;

/// <summary>Moves values between SourceAD tensors and TorchSharp tensors, and compares them.</summary>
internal static class TorchInterop
{
    public static torch.Tensor ToTorch(Tensor t, bool requiresGrad = false)
    {
        long[] shape = t.ShapeArray.Select(d => (long)d).ToArray();
        torch.Tensor result = t.DType == DType.Float64
            ? torch.tensor(t.ToArray<double>(), shape)
            : torch.tensor(t.ToDoubleArray().Select(v => (float)v).ToArray(), shape);
        return requiresGrad ? result.requires_grad_() : result;
    }

    public static double[] Values(torch.Tensor t)
    {
        using torch.Tensor d = t.detach().to_type(torch.ScalarType.Float64).contiguous();
        return d.data<double>().ToArray();
    }

    /// <summary>‖actual − expected‖∞ / max(‖expected‖∞, floor): the error relative to the tensor's scale.</summary>
    public static double RelativeError(Tensor actual, torch.Tensor expected, double floor = 1e-30)
    {
        Assert.Equal(expected.shape, actual.ShapeArray.Select(d => (long)d).ToArray());
        return RelativeError(actual.ToDoubleArray(), Values(expected), floor);
    }

    public static double RelativeError(double[] actual, double[] expected, double floor = 1e-30)
    {
        Assert.Equal(expected.Length, actual.Length);
        double diff = 0, scale = floor;
        for (int i = 0; i < actual.Length; i++)
        {
            diff = Math.Max(diff, Math.Abs(actual[i] - expected[i]));
            scale = Math.Max(scale, Math.Abs(expected[i]));
        }
        return diff / scale;
    }

    public static void AssertClose(Tensor actual, torch.Tensor expected, double tolerance, string what)
    {
        double error = RelativeError(actual, expected);
        Assert.True(error <= tolerance, $"{what}: relative error {error:E3} exceeds {tolerance:E1}.");
    }
}
