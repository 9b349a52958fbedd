using SourceAD.Tensors;
using Tensor = SourceAD.Tensors.Tensor;

namespace SourceAD.TorchSharp.Tests.Backends;

/// <summary>
/// Every tie rule at exact ties: the TorchSharp backend against the CPU backend (the reference semantics). Inputs are
/// small integers, so most pooling windows and reduction groups hold several exact maxima.
/// </summary>
public class TorchTieRuleTests
{
    private static readonly Device Torch = Device.Torch();

    public static TheoryData<string> Rules => ["native", "minimal", "hybrid:0.3", "hybrid:1.5", "hybrid:-0.25"];

    private static TieChoice Parse(string rule) => rule switch
    {
        "native" => TieChoice.Native,
        "minimal" => TieChoice.Minimal,
        _ => TieChoice.Hybrid(double.Parse(rule["hybrid:".Length..], System.Globalization.CultureInfo.InvariantCulture)),
    };

    /// <summary>Integers in [0, levels) with random signs off: many exact ties.</summary>
    private static Tensor Tied(int[] shape, DType dtype, ulong seed, int levels = 3)
    {
        var rng = new SeededRandom(seed);
        var values = new double[shape.Aggregate(1, (a, b) => a * b)];
        for (int i = 0; i < values.Length; i++)
        {
            values[i] = rng.NextInt(levels);
        }
        using Tensor wide = Tensor.FromArray(values, shape);
        return wide.To(dtype);
    }

    private static Tensor Random(int[] shape, DType dtype, ulong seed) => TensorInit.Uniform(shape, -1, 1, new SeededRandom(seed), dtype);

    private static void AssertSameBits(Tensor cpu, Tensor torch, string what)
    {
        Assert.Equal(Torch, torch.Device);
        Assert.Equal(cpu.ShapeArray, torch.ShapeArray);
        double[] expected = cpu.ToDoubleArray(), actual = torch.ToDoubleArray();
        for (int i = 0; i < expected.Length; i++)
        {
            Assert.True(expected[i].Equals(actual[i]), $"{what}: element {i} is {actual[i]:R} on Torch, {expected[i]:R} on the CPU backend");
        }
    }

    private static void AssertClose(Tensor cpu, Tensor torch, double tolerance, string what)
    {
        Assert.Equal(cpu.ShapeArray, torch.ShapeArray);
        double error = TorchSharp.Tests.Tensors.TorchInterop.RelativeError(torch.ToDoubleArray(), cpu.ToDoubleArray());
        Assert.True(error <= tolerance, $"{what}: relative error {error:E3}");
    }

    [Theory]
    [MemberData(nameof(Rules))]
    public void MaxPoolBackwardAndJvpMatchTheCpuBackendAtTies(string rule)
    {
        var policy = DerivativePolicy.PyTorch with { Pooling = Parse(rule) };
        // (kernel, stride, padding): disjoint windows are compared bit for bit; overlapping windows add several shares
        // into one input, in another order than the CPU backend, so they are compared to a few ulps.
        foreach ((int k, int s, int p) in new[] { (2, 2, 0), (3, 3, 1), (3, 1, 1), (2, 1, 0), (3, 2, 1) })
        {
            foreach (DType dtype in new[] { DType.Float32, DType.Float64 })
            {
                using Tensor x = Tied([2, 3, 7, 6], dtype, 11), dyShape = Ops.MaxPool2d(x, k, s, p);
                using Tensor dy = Random(dyShape.ShapeArray, dtype, 12), tx = Random(x.ShapeArray, dtype, 13);
                using Tensor xt = x.To(Torch), dyt = dy.To(Torch), txt = tx.To(Torch);
                using Tensor dx = Ops.MaxPool2dBackward(x, dy, policy, k, s, p), dxt = Ops.MaxPool2dBackward(xt, dyt, policy, k, s, p);
                using Tensor ty = Ops.MaxPool2dJvp(x, tx, policy, k, s, p), tyt = Ops.MaxPool2dJvp(xt, txt, policy, k, s, p);
                string what = $"{rule} k={k} s={s} p={p} {dtype}";
                if (s >= k)
                {
                    AssertSameBits(dx, dxt, "backward " + what);
                }
                else
                {
                    AssertClose(dx, dxt, dtype == DType.Float32 ? 1e-6 : 1e-15, "backward " + what);
                }
                AssertClose(ty, tyt, dtype == DType.Float32 ? 1e-6 : 1e-15, "JVP " + what);
            }
        }
    }

    [Theory]
    [MemberData(nameof(Rules))]
    public void NaNAndAllMinusInfinityWindowsPickTheSameEntriesAsTheCpuBackend(string rule)
    {
        var policy = DerivativePolicy.PyTorch with { Pooling = Parse(rule) };
        float nan = float.NaN, inf = float.NegativeInfinity;
        // Window 0: two NaNs (the first is the only active entry); window 1: all −∞ (every real entry is active, the
        // padding of the next case never is); window 2: a tie of 5s; window 3: one max.
        float[] values = [nan, 1, 5, 5, inf, inf, 5, 0, 1, nan, inf, inf, 0, 5, 2, 3];
        foreach ((int k, int s, int p) in new[] { (2, 2, 0), (2, 2, 1), (3, 3, 1) })
        {
            using Tensor x = Tensor.FromArray(values, 1, 1, 4, 4), y = Ops.MaxPool2d(x, k, s, p);
            using Tensor dy = Random(y.ShapeArray, DType.Float32, 3), tx = Random(x.ShapeArray, DType.Float32, 4);
            using Tensor xt = x.To(Torch), dyt = dy.To(Torch), txt = tx.To(Torch);
            using Tensor yt = Ops.MaxPool2d(xt, k, s, p);
            AssertSameBits(y, yt, $"forward k={k} p={p}");
            using Tensor dx = Ops.MaxPool2dBackward(x, dy, policy, k, s, p), dxt = Ops.MaxPool2dBackward(xt, dyt, policy, k, s, p);
            AssertSameBits(dx, dxt, $"backward {rule} k={k} p={p}");
            using Tensor ty = Ops.MaxPool2dJvp(x, tx, policy, k, s, p), tyt = Ops.MaxPool2dJvp(xt, txt, policy, k, s, p);
            AssertSameBits(ty, tyt, $"JVP {rule} k={k} p={p}");
        }
    }

    [Fact]
    public void ThePoolingBackwardSeesTheInputAsItIsNowNotAsTheForwardSawIt()
    {
        // The forward keeps its argmax indices for the backward; any later write to the input must drop them.
        using Tensor x = Tensor.FromArray(new float[] { 1, 2, 3, 4 }, 1, 1, 2, 2).To(Torch);
        using Tensor dy = Tensor.FromArray(new float[] { 1 }, 1, 1, 1, 1).To(Torch);
        Ops.MaxPool2d(x, 2).Dispose();
        x.CopyFrom<float>([9, 2, 3, 4]);
        using Tensor afterCopy = Ops.MaxPool2dBackward(x, dy, DerivativePolicy.PyTorch, 2);
        Assert.Equal(new double[] { 1, 0, 0, 0 }, afterCopy.ToDoubleArray());

        Ops.MaxPool2d(x, 2).Dispose();
        using (global::TorchSharp.torch.Tensor view = x.AsTorch())
        {
            view[0, 0, 1, 0] = global::TorchSharp.torch.tensor(10f);
        }
        using Tensor afterTorchWrite = Ops.MaxPool2dBackward(x, dy, DerivativePolicy.PyTorch, 2);
        Assert.Equal(new double[] { 0, 0, 1, 0 }, afterTorchWrite.ToDoubleArray());

        using Tensor y = Tensor.FromArray(new float[] { 5, 6, 7, 8 }, 1, 1, 2, 2).To(Torch);
        Ops.MaxPool2d(y, 2).Dispose();
        using Tensor two = Tensor.Full([1, 1, 2, 2], 2.0, DType.Float32, Torch);
        using Tensor product = Ops.Mul(y, two);
        y.Backend.Binary(SourceAD.Tensors.Backends.BinaryKind.Sub, two, y, y); // y = 2 − y, written in place by a kernel
        using Tensor afterKernelWrite = Ops.MaxPool2dBackward(y, dy, DerivativePolicy.PyTorch, 2);
        Assert.Equal(new double[] { 1, 0, 0, 0 }, afterKernelWrite.ToDoubleArray());
    }

    [Theory]
    [MemberData(nameof(Rules))]
    public void Float16IsComputedInFloat32AndRoundedOnceAsOnTheCpuBackend(string rule)
    {
        var policy = DerivativePolicy.PyTorch with { Pooling = Parse(rule), ReluAtZero = 0.5 };
        using Tensor x = Tied([2, 3, 6, 6], DType.Float16, 51), dy = Random([2, 3, 3, 3], DType.Float16, 52);
        using Tensor g = Random([2, 3, 6, 6], DType.Float16, 53);
        using Tensor xt = x.To(Torch), dyt = dy.To(Torch), gt = g.To(Torch);
        using Tensor dx = Ops.MaxPool2dBackward(x, dy, policy, 2), dxt = Ops.MaxPool2dBackward(xt, dyt, policy, 2);
        Assert.Equal(DType.Float16, dxt.DType);
        AssertSameBits(dx, dxt, $"float16 max-pool backward {rule}");
        using Tensor relu = Ops.ReluBackward(x, g, policy), relut = Ops.ReluBackward(xt, gt, policy);
        AssertSameBits(relu, relut, "float16 relu backward");
        using Tensor sum = Ops.Add(x, g), sumt = Ops.Add(xt, gt);
        AssertSameBits(sum, sumt, "float16 add");
    }

    [Theory]
    [MemberData(nameof(Rules))]
    public void NonFiniteAdjointsAndTangentsReachTiedEntriesAsOnTheCpuBackend(string rule)
    {
        // At a tie, the CPU backend multiplies the adjoint by every active entry's share, 0 included: ∞·0 = NaN there.
        var policy = DerivativePolicy.PyTorch with { Pooling = Parse(rule) };
        using Tensor x = Tensor.FromArray(new float[] { 2, 2, 0, 1, 3, 3, 3, 3 }, 1, 2, 2, 2);
        using Tensor dy = Tensor.FromArray(new float[] { float.PositiveInfinity, float.NaN }, 1, 2, 1, 1);
        using Tensor tx = Tensor.FromArray(new float[] { 1, float.NegativeInfinity, 0, 0, 1, 2, float.NaN, 4 }, 1, 2, 2, 2);
        using Tensor xt = x.To(Torch), dyt = dy.To(Torch), txt = tx.To(Torch);
        using Tensor dx = Ops.MaxPool2dBackward(x, dy, policy, 2), dxt = Ops.MaxPool2dBackward(xt, dyt, policy, 2);
        AssertSameBits(dx, dxt, $"backward {rule}");
        using Tensor ty = Ops.MaxPool2dJvp(x, tx, policy, 2), tyt = Ops.MaxPool2dJvp(xt, txt, policy, 2);
        AssertSameBits(ty, tyt, $"JVP {rule}");
    }

    [Fact]
    public void StrictPoolingThrowsAtATieAndNotWithoutOne()
    {
        using Tensor tied = Tensor.FromArray(new float[] { 1, 2, 2, 0 }, 1, 1, 2, 2).To(Torch);
        using Tensor distinct = Tensor.FromArray(new float[] { 1, 2, 3, 0 }, 1, 1, 2, 2).To(Torch);
        using Tensor dy = Tensor.FromArray(new float[] { 1 }, 1, 1, 1, 1).To(Torch);
        var strict = DerivativePolicy.StrictPolicy;
        Assert.Throws<NonsmoothPointException>(() => Ops.MaxPool2dBackward(tied, dy, strict, 2));
        Assert.Throws<NonsmoothPointException>(() => Ops.MaxPool2dJvp(tied, tied, strict, 2).Dispose());
        using Tensor dx = Ops.MaxPool2dBackward(distinct, dy, strict, 2);
        Assert.Equal(new double[] { 0, 0, 1, 0 }, dx.ToDoubleArray());
    }

    [Theory]
    [MemberData(nameof(Rules))]
    public void MaxReductionDerivativesMatchTheCpuBackendAtTies(string rule)
    {
        var policy = DerivativePolicy.PyTorch with { Reduction = Parse(rule) };
        foreach (int[]? axes in new[] { null, new[] { 1 }, new[] { 0, 2 }, new[] { 2 } })
        {
            foreach (bool keep in new[] { false, true })
            {
                foreach (DType dtype in new[] { DType.Float32, DType.Float64 })
                {
                    using Tensor x = Tied([3, 4, 5], dtype, 21), y = Ops.Max(x, axes, keep);
                    using Tensor dy = Random(y.ShapeArray, dtype, 22), tx = Random(x.ShapeArray, dtype, 23);
                    using Tensor xt = x.To(Torch), dyt = dy.To(Torch), txt = tx.To(Torch);
                    using Tensor yt = Ops.Max(xt, axes, keep);
                    string what = $"{rule} axes={(axes is null ? "all" : string.Join(",", axes))} keep={keep} {dtype}";
                    AssertSameBits(y, yt, "max " + what);
                    using Tensor dx = Ops.MaxBackward(x, dy, policy, axes, keep), dxt = Ops.MaxBackward(xt, dyt, policy, axes, keep);
                    AssertSameBits(dx, dxt, "backward " + what);
                    using Tensor ty = Ops.MaxJvp(x, tx, policy, axes, keep), tyt = Ops.MaxJvp(xt, txt, policy, axes, keep);
                    AssertClose(ty, tyt, dtype == DType.Float32 ? 1e-6 : 1e-15, "JVP " + what);
                }
            }
        }
    }

    [Fact]
    public void StrictMaxReductionThrowsAtATie()
    {
        using Tensor x = Tensor.FromArray(new float[] { 3, 3, 1, 0 }, 2, 2).To(Torch);
        using Tensor dy = Tensor.FromArray(new float[] { 1, 1 }, 2).To(Torch);
        Assert.Throws<NonsmoothPointException>(() => Ops.MaxBackward(x, dy, DerivativePolicy.StrictPolicy, [1]));
        using Tensor ok = Ops.MaxBackward(x, dy, DerivativePolicy.StrictPolicy, [0]);
        Assert.Equal(new double[] { 1, 1, 0, 0 }, ok.ToDoubleArray());
    }

    [Theory]
    [MemberData(nameof(Rules))]
    public void BinaryMaximumSharesATieByTheRule(string rule)
    {
        var policy = DerivativePolicy.PyTorch with { Binary = Parse(rule) };
        foreach (DType dtype in new[] { DType.Float32, DType.Float64 })
        {
            using Tensor a = Tied([4, 5], dtype, 31), b = Tied([4, 5], dtype, 32), dy = Random([4, 5], dtype, 33);
            using Tensor at = a.To(Torch), bt = b.To(Torch), dyt = dy.To(Torch);
            (Tensor da, Tensor db) = Ops.MaximumBackward(a, b, dy, policy);
            (Tensor dat, Tensor dbt) = Ops.MaximumBackward(at, bt, dyt, policy);
            AssertSameBits(da, dat, $"da {rule} {dtype}");
            AssertSameBits(db, dbt, $"db {rule} {dtype}");
            foreach (Tensor t in new[] { da, db, dat, dbt })
            {
                t.Dispose();
            }
        }
        using Tensor tie = Tensor.FromArray(new float[] { 2 }, 1).To(Torch), one = Tensor.FromArray(new float[] { 1 }, 1).To(Torch);
        Assert.Throws<NonsmoothPointException>(() => Ops.MaximumBackward(tie, tie, one, DerivativePolicy.StrictPolicy));
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(0.5)]
    [InlineData(1.0)]
    [InlineData(0.3)]
    [InlineData(2.0)]
    public void ReluAndLeakyReluAtZeroFollowThePolicy(double s)
    {
        var policy = DerivativePolicy.PyTorch with { ReluAtZero = s };
        foreach (DType dtype in new[] { DType.Float32, DType.Float64 })
        {
            using Tensor x = Tensor.FromArray(new double[] { -2, -0.0, 0, 0.5, 3, 0, -1, 0 }, 8).To(dtype);
            using Tensor dy = Random([8], dtype, 41), xt = x.To(Torch), dyt = dy.To(Torch);
            using Tensor relu = Ops.ReluBackward(x, dy, policy), relut = Ops.ReluBackward(xt, dyt, policy);
            AssertSameBits(relu, relut, $"relu s={s} {dtype}");
            using Tensor leaky = Ops.LeakyReluBackward(x, dy, 0.1, policy), leakyt = Ops.LeakyReluBackward(xt, dyt, 0.1, policy);
            AssertSameBits(leaky, leakyt, $"leaky s={s} {dtype}");
            using Tensor abs = Ops.AbsBackward(x, dy, policy with { AbsAtZero = s - 1 }), abst = Ops.AbsBackward(xt, dyt, policy with { AbsAtZero = s - 1 });
            AssertSameBits(abs, abst, $"abs {s - 1} {dtype}");
            // The value at 0 is s itself (not just "the same as the CPU backend").
            Assert.Equal(dy.ToDoubleArray()[2] * s, relut.ToDoubleArray()[2], 6);
        }
        using Tensor zero = Tensor.FromArray(new float[] { 1, 0 }, 2).To(Torch), g = Tensor.FromArray(new float[] { 1, 1 }, 2).To(Torch);
        Assert.Throws<NonsmoothPointException>(() => Ops.ReluBackward(zero, g, DerivativePolicy.StrictPolicy));
    }
}
