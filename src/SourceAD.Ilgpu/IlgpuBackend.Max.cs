using System.Numerics;
using SourceAD.Ilgpu.Kernels;
using SourceAD.Tensors;

namespace SourceAD.Ilgpu;

public sealed partial class IlgpuBackend
{
    /// <inheritdoc/>
    public void MaximumDerivative(Tensor a, Tensor b, Tensor g, Tensor ga, Tensor gb, TieChoice ties, bool strict) =>
        Dispatch("MaximumDerivative", g.DType,
            k => MaximumDerivative(k, a, b, g, ga, gb, ties, strict),
            k => MaximumDerivative(k, a, b, g, ga, gb, ties, strict));

    private void MaximumDerivative<T, TReal>(KernelSet<T, TReal> k, Tensor a, Tensor b, Tensor g, Tensor ga, Tensor gb, TieChoice ties, bool strict)
        where T : unmanaged, IFloatingPointIeee754<T>
        where TReal : struct, IReal<T>
    {
        const string op = "MaximumDerivative";
        TReal real = default;
        T first = real.FromDouble(ties.Share(0, 2)), second = real.FromDouble(ties.Share(1, 2));
        var flag = ResetFlag();
        Launch(g.Length, (i, launchCount, launchStride) => k.MaximumDerivative(i, View<T>(a, op), View<T>(b, op), View<T>(g, op), View<T>(ga, op), View<T>(gb, op),
            first, second, strict ? 1 : 0, flag, launchCount, launchStride));
        if (strict && ReadFlag() is int at and >= 0)
        {
            throw new NonsmoothPointException($"Maximum: element {at} is a tie under a strict derivative policy.");
        }
    }

    /// <inheritdoc/>
    public void MaxReduce(Tensor x, Tensor y) => Dispatch("MaxReduce", x.DType,
        k => WithLayout(x, y, layout => Launch(y.Length, (i, launchCount, launchStride) => k.MaxReduce(i, View<float>(x, "MaxReduce"), View<float>(y, "MaxReduce"), layout, launchCount, launchStride))),
        k => WithLayout(x, y, layout => Launch(y.Length, (i, launchCount, launchStride) => k.MaxReduce(i, View<double>(x, "MaxReduce"), View<double>(y, "MaxReduce"), layout, launchCount, launchStride))));

    /// <inheritdoc/>
    public void MaxReduceDerivative(Tensor x, Tensor y, Tensor g, Tensor result, TieChoice ties, bool strict, bool transpose) =>
        Dispatch("MaxReduceDerivative", x.DType,
            k => MaxReduceDerivative(k, x, y, g, result, ties, strict, transpose),
            k => MaxReduceDerivative(k, x, y, g, result, ties, strict, transpose));

    private void MaxReduceDerivative<T, TReal>(KernelSet<T, TReal> k, Tensor x, Tensor y, Tensor g, Tensor result, TieChoice ties, bool strict, bool transpose)
        where T : unmanaged, IFloatingPointIeee754<T>
        where TReal : struct, IReal<T>
    {
        const string op = "MaxReduceDerivative";
        var flag = ResetFlag();
        WithLayout(x, y, layout => Launch(y.Length, (i, launchCount, launchStride) => k.MaxReduceDerivative(i, View<T>(x, op), View<T>(y, op), View<T>(g, op), View<T>(result, op),
            layout, (int)ties.Rule, ties.Beta, strict ? 1 : 0, transpose ? 1 : 0, flag, launchCount, launchStride)));
        if (strict && ReadFlag() is int at and >= 0)
        {
            throw new NonsmoothPointException($"Max: group {at} has tied maxima under a strict derivative policy.");
        }
    }
}
