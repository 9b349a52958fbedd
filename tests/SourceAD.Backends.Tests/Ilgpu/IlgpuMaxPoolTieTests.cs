using SourceAD.Tensors;
using SourceAD.Tensors.Backends;
using static SourceAD.Backends.Tests.Ilgpu.IlgpuTestSupport;

namespace SourceAD.Backends.Tests.Ilgpu;

/// <summary>MaxPool's derivative at ties, for every tie rule, bitwise against the CPU backend; strict mode throws.</summary>
[Collection(IlgpuCollection.Name)]
public sealed class IlgpuMaxPoolTieTests
{
    public static TheoryData<string> Choices => new() { "native", "minimal", "hybrid:0.25", "hybrid:1.5" };

    private static TieChoice Parse(string name) => name switch
    {
        "native" => TieChoice.Native,
        "minimal" => TieChoice.Minimal,
        _ => TieChoice.Hybrid(double.Parse(name["hybrid:".Length..], System.Globalization.CultureInfo.InvariantCulture)),
    };

    private static readonly Pool2dGeometry[] Geometries = [new(2, 2), new(3, 1, 1), new(2, 1)];

    [Theory]
    [MemberData(nameof(Choices))]
    public void BackwardAndJvpAtTiesMatchTheCpuBackendBitwise(string choice)
    {
        TieChoice ties = Parse(choice);
        foreach (DType dtype in new[] { DType.Float32, DType.Float64 })
        {
            foreach (Pool2dGeometry geometry in Geometries)
            {
                // Two levels: nearly every window is a tie, and overlapping windows share tied entries.
                using Tensor x = Random([2, 2, 6, 5], 60, dtype, levels: 1);
                int ho = geometry.OutputSize(6), wo = geometry.OutputSize(5);
                using Tensor dy = Random([2, 2, ho, wo], 61, dtype), tx = Random([2, 2, 6, 5], 62, dtype);
                Compare($"MaxPool2dBackward {ties} {geometry}", dtype, [x, dy], [[2, 2, 6, 5]],
                    (k, i, o) => k.MaxPool2dBackward(i[0], i[1], o[0], geometry, ties, strict: false), tol: 0);
                Compare($"MaxPool2dJvp {ties} {geometry}", dtype, [x, tx], [[2, 2, ho, wo]],
                    (k, i, o) => k.MaxPool2dJvp(i[0], i[1], o[0], geometry, ties, strict: false), tol: 0);
            }
        }
    }

    [Fact]
    public void TieRulesGiveTheExpectedSharesInOneWindow()
    {
        // One 2×2 window holding three maxima (row-major positions 0, 1, 3) and dy = 1.
        using Tensor x = Tensor.FromArray([5f, 5f, 1f, 5f], 1, 1, 2, 2);
        using Tensor xd = OnDevice(x), dy = Tensor.Full([1, 1, 1, 1], 1.0, DType.Float32, IlgpuCpu);
        using Tensor dx = Tensor.Empty([1, 1, 2, 2], DType.Float32, IlgpuCpu);
        var geometry = new Pool2dGeometry(2, 2);
        float third = (float)(1.0 / 3);
        (TieChoice Ties, float[] Expected)[] cases =
        [
            (TieChoice.Native, [1f, 0f, 0f, 0f]),
            (TieChoice.Minimal, [third, third, 0f, third]),
            (TieChoice.Hybrid(0.5), [(float)(0.5 + 0.5 / 3), (float)(0.5 / 3), 0f, (float)(0.5 / 3)]),
        ];
        foreach ((TieChoice ties, float[] expected) in cases)
        {
            Backend.MaxPool2dBackward(xd, dy, dx, geometry, ties, strict: false);
            Assert.Equal(expected, dx.ToArray<float>());
        }
    }

    [Fact]
    public void StrictModeThrowsAtATieAndNotWithoutOne()
    {
        using Tensor tied = OnDevice(Tensor.FromArray([1f, 2f, 2f, 0f, 3f, 4f, 5f, 6f], 1, 2, 2, 2));
        using Tensor untied = OnDevice(Tensor.FromArray([1f, 2f, 3f, 0f, 3f, 4f, 5f, 6f], 1, 2, 2, 2));
        using Tensor dy = Tensor.Full([1, 2, 1, 1], 1.0, DType.Float32, IlgpuCpu);
        using Tensor dx = Tensor.Empty([1, 2, 2, 2], DType.Float32, IlgpuCpu), ty = Tensor.Empty([1, 2, 1, 1], DType.Float32, IlgpuCpu);
        var geometry = new Pool2dGeometry(2, 2);
        var backward = Assert.Throws<NonsmoothPointException>(() => Backend.MaxPool2dBackward(tied, dy, dx, geometry, TieChoice.Native, strict: true));
        Assert.Contains("window (0, 0) of plane 0", backward.Message);
        Assert.Throws<NonsmoothPointException>(() => Backend.MaxPool2dJvp(tied, tied, ty, geometry, TieChoice.Minimal, strict: true));
        Backend.MaxPool2dBackward(untied, dy, dx, geometry, TieChoice.Native, strict: true);
        Assert.Equal(new[] { 0f, 0f, 1f, 0f, 0f, 0f, 0f, 1f }, dx.ToArray<float>());
        // A later call without a tie does not see the earlier failure (the flag is re-armed each time).
        Backend.MaxPool2dJvp(untied, untied, ty, geometry, TieChoice.Native, strict: true);
        Assert.Equal(new[] { 3f, 6f }, ty.ToArray<float>());
    }

    [Fact]
    public void StrictModeThrowsForReluMaximumAndMaxReduceTies()
    {
        using Tensor x = OnDevice(Tensor.FromArray([1f, 0f, -1f, 2f], 4)), g = Tensor.Full([4], 1.0, DType.Float32, IlgpuCpu);
        using Tensor y = Tensor.Empty([4], DType.Float32, IlgpuCpu), r = Tensor.Empty([4], DType.Float32, IlgpuCpu), r2 = Tensor.Empty([4], DType.Float32, IlgpuCpu);
        var relu = Assert.Throws<NonsmoothPointException>(() => Backend.UnaryDerivativeProduct(UnaryKind.Relu, 0, DerivativePolicy.StrictPolicy, x, y, g, r));
        Assert.Contains("element 1", relu.Message);
        Backend.UnaryDerivativeProduct(UnaryKind.Tanh, 0, DerivativePolicy.StrictPolicy, x, y, g, r); // smooth: no throw
        using Tensor b = OnDevice(Tensor.FromArray([0f, 0f, 0f, 2f], 4));
        var maximum = Assert.Throws<NonsmoothPointException>(() => Backend.MaximumDerivative(x, b, g, r, r2, TieChoice.Native, strict: true));
        Assert.Contains("element 1", maximum.Message); // ties at 1 and 3: the smallest index is reported
        using Tensor m = Tensor.Empty([1], DType.Float32, IlgpuCpu), gm = Tensor.Full([1], 1.0, DType.Float32, IlgpuCpu);
        using Tensor ties = OnDevice(Tensor.FromArray([2f, 0f, 2f, 1f], 4));
        Backend.MaxReduce(ties, m);
        Assert.Throws<NonsmoothPointException>(() => Backend.MaxReduceDerivative(ties, m, gm, r, TieChoice.Native, strict: true, transpose: true));
    }
}
