using SourceAD.Ilgpu;
using SourceAD.Tensors;
using static SourceAD.Backends.Tests.Ilgpu.IlgpuTestSupport;

namespace SourceAD.Backends.Tests.Ilgpu;

/// <summary>
/// Both GEMM kernels on the CPU accelerator against the CPU backend at sizes that are not tile multiples. The tiled
/// kernel runs with 4×4 tiles there (ILGPU's CPU accelerator allows 16 threads per group) and is slow, hence few cases.
/// </summary>
[Collection(IlgpuCollection.Name)]
public sealed class IlgpuGemmTests
{
    public static TheoryData<int, int, int, bool, bool> Sizes => new()
    {
        { 1, 1, 1, false, false },
        { 17, 1, 65, false, true },
        { 1, 17, 130, true, false },
        { 65, 17, 1, true, true },
        { 130, 65, 17, false, false },
        { 17, 130, 65, true, false },
    };

    [Theory]
    [MemberData(nameof(Sizes))]
    public void SimpleAndTiledKernelsMatchTheCpuBackend(int m, int n, int k, bool ta, bool tb)
    {
        foreach (IlgpuBackend backend in new[] { Backend, TiledBackend })
        {
            using Tensor a = Random(ta ? [k, m] : [m, k], m + 3 * k, DType.Float32), b = Random(tb ? [n, k] : [k, n], n + 7 * k, DType.Float32);
            using Tensor y0 = Random([m, n], 99, DType.Float32);
            Compare(backend, $"GEMM {m}x{n}x{k} tiled={backend.UseTiledGemm}", DType.Float32, [a, b, y0], [[m, n]], (device, i, o) =>
            {
                device.Convert(i[2], o[0]);
                device.MatMul(i[0], ta, i[1], tb, o[0], 0.25);
            });
        }
    }

    [Fact]
    public void TiledKernelHandlesBatchesAndSummedBatches()
    {
        Assert.False(Backend.UseTiledGemm);
        Assert.True(TiledBackend.UseTiledGemm);
        using Tensor a = Random([3, 5, 17], 1, DType.Float64), b = Random([3, 17, 6], 2, DType.Float64), shared = Random([17, 6], 3, DType.Float64);
        Compare(TiledBackend, "tiled batched", DType.Float64, [a, b], [[3, 5, 6]], (k, i, o) => k.MatMul(i[0], false, i[1], false, o[0], 0));
        Compare(TiledBackend, "tiled shared", DType.Float64, [a, shared], [[3, 5, 6]], (k, i, o) => k.MatMul(i[0], false, i[1], false, o[0], 0));
        Compare(TiledBackend, "tiled summed", DType.Float64, [a, b], [[17, 17]], (k, i, o) => k.MatMul(i[0], true, i[0], false, o[0], 0));
    }
}
