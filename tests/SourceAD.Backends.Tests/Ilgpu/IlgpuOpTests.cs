using SourceAD.Tensors;
using SourceAD.Tensors.Backends;
using static SourceAD.Backends.Tests.Ilgpu.IlgpuTestSupport;

namespace SourceAD.Backends.Tests.Ilgpu;

/// <summary>Every backend op on ILGPU's CPU accelerator against the CPU backend (the suite's job too; these run until it lands).</summary>
[Collection(IlgpuCollection.Name)]
public sealed class IlgpuOpTests
{
    public static TheoryData<DType> DTypes => new() { DType.Float32, DType.Float64 };

    [Theory]
    [MemberData(nameof(DTypes))]
    public void FillConvertAndHostCopiesRoundTrip(DType dtype)
    {
        using Tensor x = Random([3, 5], 1, dtype);
        using Tensor d = OnDevice(x);
        AssertClose(x, d, 0, "To(device)");
        using Tensor other = d.To(dtype == DType.Float32 ? DType.Float64 : DType.Float32);
        using Tensor expected = x.To(other.DType);
        AssertClose(expected, other, 0, "Convert on device");
        using Tensor full = Tensor.Full([4], 0.1, dtype, IlgpuCpu);
        using Tensor fullCpu = Tensor.Full([4], 0.1, dtype);
        AssertClose(fullCpu, full, 0, "Fill");
        using Tensor zeros = Tensor.Zeros([1000], dtype, IlgpuCpu);
        Assert.All(zeros.ToDoubleArray(), v => Assert.Equal(0.0, v));
        // Host copies convert dtypes like the CPU backend.
        float[] asFloat = d.ToDoubleArray().Select(v => (float)v).ToArray();
        using Tensor fromFloat = Tensor.Empty([3, 5], dtype, IlgpuCpu);
        fromFloat.CopyFrom<float>(asFloat);
        using Tensor fromFloatCpu = Tensor.Empty([3, 5], dtype);
        fromFloatCpu.CopyFrom<float>(asFloat);
        AssertClose(fromFloatCpu, fromFloat, 0, "CopyFrom<float>");
    }

    [Theory]
    [MemberData(nameof(DTypes))]
    public void MatMulAllTransposesAndBatches(DType dtype)
    {
        foreach (bool ta in new[] { false, true })
        {
            foreach (bool tb in new[] { false, true })
            {
                using Tensor a = Random(ta ? [7, 5] : [5, 7], 2, dtype), b = Random(tb ? [3, 7] : [7, 3], 3, dtype);
                using Tensor y0 = Random([5, 3], 4, dtype);
                Compare($"MatMul {ta} {tb}", dtype, [a, b, y0], [[5, 3]], (k, i, o) =>
                {
                    k.Convert(i[2], o[0]);
                    k.MatMul(i[0], ta, i[1], tb, o[0], 0.5);
                });
            }
        }
        using Tensor a3 = Random([4, 5, 6], 5, dtype), b3 = Random([4, 6, 2], 6, dtype), b2 = Random([6, 2], 7, dtype);
        Compare("batched", dtype, [a3, b3], [[4, 5, 2]], (k, i, o) => k.MatMul(i[0], false, i[1], false, o[0], 0));
        Compare("shared b", dtype, [a3, b2], [[4, 5, 2]], (k, i, o) => k.MatMul(i[0], false, i[1], false, o[0], 0));
        // y 2-D with a 3-D operand: the batch's products summed (adjoint of a shared weight).
        using Tensor g3 = Random([4, 5, 2], 8, dtype);
        Compare("summed batch", dtype, [a3, g3], [[6, 2]], (k, i, o) => k.MatMul(i[0], true, i[1], false, o[0], 0));
    }

    [Theory]
    [MemberData(nameof(DTypes))]
    public void BiasOps(DType dtype)
    {
        using Tensor y = Random([2, 3, 4], 9, dtype), bias = Random([3], 10, dtype);
        Compare("AddBias", dtype, [y, bias], [[2, 3, 4]], (k, i, o) =>
        {
            k.Convert(i[0], o[0]);
            k.AddBias(o[0], i[1], 1);
        });
        Compare("SumToBias", dtype, [y], [[3]], (k, i, o) => k.SumToBias(i[0], o[0], 1));
        Compare("SumToBias last axis", dtype, [y], [[4]], (k, i, o) => k.SumToBias(i[0], o[0], 2));
    }

    [Theory]
    [MemberData(nameof(DTypes))]
    public void UnaryAndDerivatives(DType dtype)
    {
        // Quantized values include exact zeros, so the kink rules are exercised.
        using Tensor x = Random([4, 9], 11, dtype, levels: 4), g = Random([4, 9], 12, dtype);
        foreach (UnaryKind kind in Enum.GetValues<UnaryKind>())
        {
            Compare($"Unary {kind}", dtype, [x], [[4, 9]], (k, i, o) => k.Unary(kind, 0.1, i[0], o[0]));
            foreach (double s in new[] { 0.0, 0.5, 1.0 })
            {
                var policy = DerivativePolicy.PyTorch with { ReluAtZero = s, AbsAtZero = -s };
                Compare($"Derivative {kind} s={s}", dtype, [x, g], [[4, 9], [4, 9]], (k, i, o) =>
                {
                    k.Unary(kind, 0.1, i[0], o[1]);
                    k.UnaryDerivativeProduct(kind, 0.1, policy, i[0], o[1], i[1], o[0]);
                });
            }
        }
    }

    [Theory]
    [MemberData(nameof(DTypes))]
    public void BroadcastingBinarySumToAndBroadcastTo(DType dtype)
    {
        using Tensor a = Random([2, 3, 4], 13, dtype, levels: 3), b = Random([3, 1], 14, dtype, levels: 3), c = Random([2, 3, 4], 15, dtype, levels: 3);
        using Tensor s = Random([], 16, dtype);
        foreach (BinaryKind kind in Enum.GetValues<BinaryKind>())
        {
            Compare($"Binary {kind} broadcast", dtype, [a, b], [[2, 3, 4]], (k, i, o) => k.Binary(kind, i[0], i[1], o[0]));
            Compare($"Binary {kind} reversed", dtype, [b, a], [[2, 3, 4]], (k, i, o) => k.Binary(kind, i[0], i[1], o[0]));
            Compare($"Binary {kind} same shape", dtype, [a, c], [[2, 3, 4]], (k, i, o) => k.Binary(kind, i[0], i[1], o[0]));
            Compare($"Binary {kind} scalar", dtype, [a, s], [[2, 3, 4]], (k, i, o) => k.Binary(kind, i[0], i[1], o[0]));
        }
        Compare("SumTo [3,1]", dtype, [a], [[3, 1]], (k, i, o) => k.SumTo(i[0], o[0]));
        Compare("SumTo [2,1,4]", dtype, [a], [[2, 1, 4]], (k, i, o) => k.SumTo(i[0], o[0]));
        Compare("SumTo []", dtype, [a], [[]], (k, i, o) => k.SumTo(i[0], o[0]));
        Compare("BroadcastTo", dtype, [b], [[2, 3, 4]], (k, i, o) => k.BroadcastTo(i[0], o[0]));
    }

    [Fact]
    public void MaximumPropagatesNaNAndOrdersSignedZeros()
    {
        using Tensor a = Tensor.FromArray([float.NaN, 1f, 0f, -0f, 2f], 5), b = Tensor.FromArray([1f, float.NaN, -0f, 0f, 2f], 5);
        Compare("Maximum special values", DType.Float32, [a, b], [[5]], (k, i, o) => k.Binary(BinaryKind.Maximum, i[0], i[1], o[0]), tol: 0);
    }

    [Theory]
    [MemberData(nameof(DTypes))]
    public void SoftmaxAndCrossEntropy(DType dtype)
    {
        using Tensor x = Random([3, 4, 5], 17, dtype), g = Random([3, 4, 5], 18, dtype);
        foreach (int axis in new[] { 0, 1, 2 })
        {
            foreach (bool log in new[] { false, true })
            {
                Compare($"Softmax axis {axis} log {log}", dtype, [x], [[3, 4, 5]], (k, i, o) => k.Softmax(i[0], o[0], axis, log));
                foreach (bool transpose in new[] { false, true })
                {
                    Compare($"SoftmaxDerivative {axis} {log} {transpose}", dtype, [x, g], [[3, 4, 5], [3, 4, 5]], (k, i, o) =>
                    {
                        k.Softmax(i[0], o[1], axis, log);
                        k.SoftmaxDerivative(o[1], i[1], o[0], axis, log, transpose);
                    });
                }
            }
        }
        using Tensor logits = Random([6, 4], 19, dtype), tangent = Random([6, 4], 20, dtype);
        int[] labels = [0, 3, 2, 1, 3, 0];
        Compare("CrossEntropy", dtype, [logits], [[]], (k, i, o) => k.CrossEntropy(i[0], labels, o[0]));
        Compare("CrossEntropyBackward", dtype, [logits], [[6, 4]], (k, i, o) => k.CrossEntropyBackward(i[0], labels, 0.7, o[0]));
        Compare("CrossEntropyJvp", dtype, [logits, tangent], [[]], (k, i, o) => k.CrossEntropyJvp(i[0], labels, i[1], o[0]));
    }

    [Theory]
    [MemberData(nameof(DTypes))]
    public void Conv2dForwardAndAdjoints(DType dtype)
    {
        foreach (var geometry in new[] { new Conv2dGeometry(1, 0), new Conv2dGeometry(1, 1), new Conv2dGeometry(2, 1) })
        {
            using Tensor x = Random([2, 3, 7, 6], 21, dtype), w = Random([4, 3, 3, 2], 22, dtype), bias = Random([4], 23, dtype);
            int ho = geometry.OutputSize(7, 3), wo = geometry.OutputSize(6, 2);
            using Tensor dy = Random([2, 4, ho, wo], 24, dtype);
            Compare($"Conv2d {geometry}", dtype, [x, w, bias], [[2, 4, ho, wo]], (k, i, o) => k.Conv2d(i[0], i[1], i[2], o[0], geometry));
            Compare($"Conv2d no bias {geometry}", dtype, [x, w], [[2, 4, ho, wo]], (k, i, o) => k.Conv2d(i[0], i[1], null, o[0], geometry));
            Compare($"Conv2dBackwardInput {geometry}", dtype, [dy, w], [[2, 3, 7, 6]], (k, i, o) => k.Conv2dBackwardInput(i[0], i[1], o[0], geometry));
            Compare($"Conv2dBackwardWeight {geometry}", dtype, [x, dy], [[4, 3, 3, 2]], (k, i, o) => k.Conv2dBackwardWeight(i[0], i[1], o[0], geometry));
        }
    }

    [Theory]
    [MemberData(nameof(DTypes))]
    public void Pooling(DType dtype)
    {
        foreach (var geometry in new[] { new Pool2dGeometry(2, 2), new Pool2dGeometry(3, 1, 1), new Pool2dGeometry(3, 2, 1) })
        {
            using Tensor x = Random([2, 2, 7, 6], 25, dtype);
            int ho = geometry.OutputSize(7), wo = geometry.OutputSize(6);
            using Tensor dy = Random([2, 2, ho, wo], 26, dtype);
            Compare($"MaxPool2d {geometry}", dtype, [x], [[2, 2, ho, wo]], (k, i, o) => k.MaxPool2d(i[0], o[0], geometry), tol: 0);
            Compare($"AvgPool2d {geometry}", dtype, [x], [[2, 2, ho, wo]], (k, i, o) => k.AvgPool2d(i[0], o[0], geometry));
            Compare($"AvgPool2dBackward {geometry}", dtype, [dy], [[2, 2, 7, 6]], (k, i, o) => k.AvgPool2dBackward(i[0], o[0], geometry));
        }
    }

    [Theory]
    [MemberData(nameof(DTypes))]
    public void BatchNorm(DType dtype)
    {
        using Tensor x = Random([3, 4, 2, 5], 27, dtype), g = Random([3, 4, 2, 5], 28, dtype);
        using Tensor gamma = Random([4], 29, dtype), beta = Random([4], 30, dtype), rm = Random([4], 31, dtype), rv = Random([4], 32, dtype);
        Compare("BatchNormStatistics", dtype, [x, rm, rv], [[4], [4], [4], [4]], (k, i, o) =>
        {
            k.Convert(i[1], o[2]);
            k.Convert(i[2], o[3]);
            k.BatchNormStatistics(i[0], o[0], o[1], 1e-5, o[2], o[3], 0.1);
        });
        foreach (bool batch in new[] { false, true })
        {
            Compare($"BatchNorm apply and derivatives ({batch})", dtype, [x, gamma, beta, g], [[4], [4], [3, 4, 2, 5], [3, 4, 2, 5], [4], [4]], (k, i, o) =>
            {
                k.BatchNormStatistics(i[0], o[0], o[1], 1e-5, null, null, 0.1);
                k.BatchNormApply(i[0], o[0], o[1], i[1], i[2], o[2]);
                k.BatchNormInputDerivative(i[0], o[0], o[1], i[1], i[3], o[3], batch);
                k.BatchNormParameterGradients(i[0], o[0], o[1], i[3], o[4], o[5]);
            });
        }
    }

    [Theory]
    [MemberData(nameof(DTypes))]
    public void MaxReduceAndDerivatives(DType dtype)
    {
        // Three levels: many ties in each group.
        using Tensor x = Random([3, 4, 5], 33, dtype, levels: 1), g = Random([3, 4, 5], 34, dtype), a = Random([3, 4, 5], 35, dtype, levels: 1);
        foreach (TieChoice ties in new[] { TieChoice.Native, TieChoice.Minimal, TieChoice.Hybrid(0.3), TieChoice.Hybrid(1.5) })
        {
            Compare($"MaximumDerivative {ties}", dtype, [x, a, g], [[3, 4, 5], [3, 4, 5]], (k, i, o) => k.MaximumDerivative(i[0], i[1], i[2], o[0], o[1], ties, false), tol: 0);
            foreach (int[] yShape in new[] { new[] { 3, 1, 5 }, new[] { 1, 4, 1 }, new[] { 1, 1, 1 } })
            {
                using Tensor gy = Random(yShape, 36, dtype);
                Compare($"MaxReduce {string.Join(',', yShape)}", dtype, [x], [yShape], (k, i, o) => k.MaxReduce(i[0], o[0]), tol: 0);
                Compare($"MaxReduce backward {ties}", dtype, [x, gy], [[3, 4, 5], yShape], (k, i, o) =>
                {
                    k.MaxReduce(i[0], o[1]);
                    k.MaxReduceDerivative(i[0], o[1], i[1], o[0], ties, false, transpose: true);
                }, tol: 0);
                Compare($"MaxReduce forward {ties}", dtype, [x, g], [yShape, yShape], (k, i, o) =>
                {
                    k.MaxReduce(i[0], o[1]);
                    k.MaxReduceDerivative(i[0], o[1], i[1], o[0], ties, false, transpose: false);
                });
            }
        }
    }
}
