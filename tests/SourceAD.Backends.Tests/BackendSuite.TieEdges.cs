using SourceAD.Tensors;
using SourceAD.Tensors.Backends;

namespace SourceAD.Backends.Tests;

// Edges of the tie rules (moved here from the TorchSharp-only TorchTieRuleTests, so every backend meets them): max-pool
// windows holding NaN or only −∞, non-finite adjoints and tangents reaching tied entries (∞·0 = NaN), and a pooling
// backward after the input was overwritten. (Its float16 test stays in TorchBackendTests: ILGPU stores float16 but does
// not compute it, so the suite cannot require it.) All compared bit for bit with
// the CPU backend (NaN equal to NaN; see AssertBits in BackendSuite.Kernels.cs).
public abstract partial class BackendSuite
{
    public static IEnumerable<object[]> TieChoiceNames() => TieInputs.Choices.Keys.Select(k => new object[] { k });

    /// <summary>Windows with two NaNs, only −∞, a tie and one maximum: the primal, backward and forward rules pick the CPU backend's entries.</summary>
    [Theory]
    [MemberData(nameof(TieChoiceNames))]
    public void MaxPool2dAtNaNAndMinusInfinityWindowsIsExact(string ties)
    {
        DerivativePolicy policy = DerivativePolicy.PyTorch with { Pooling = TieInputs.Choices[ties] };
        float nan = float.NaN, inf = float.NegativeInfinity;
        // 2×2 windows: window 0 holds two NaNs (the first is the only active entry); window 1 only −∞ (every real entry is
        // active, padding never is); window 2 a tie of 5s; window 3 one maximum.
        float[] values = [nan, 1, 5, 5, inf, inf, 5, 0, 1, nan, inf, inf, 0, 5, 2, 3];
        var rng = new SeededRandom(800);
        foreach ((int k, int s, int p) in new[] { (2, 2, 0), (2, 2, 1), (3, 3, 1) })
        {
            string what = $"MaxPool2d k{k} s{s} p{p} {ties} at NaN and −∞";
            using Tensor x = Tensor.FromArray(values, 1, 1, 4, 4), xd = ToDevice(x);
            using Tensor y = Ops.MaxPool2d(x, k, s, p), yd = OnDevice(() => Ops.MaxPool2d(xd, k, s, p));
            AssertBits(y, yd, what + " primal");
            using Tensor dy = TensorInit.Uniform(y.ShapeArray, -1, 1, rng), tx = TensorInit.Uniform(x.ShapeArray, -1, 1, rng);
            using Tensor dyd = ToDevice(dy), txd = ToDevice(tx);
            using Tensor dx = OnReference(() => Ops.MaxPool2dBackward(x, dy, policy, k, s, p));
            using Tensor dxd = OnDevice(() => Ops.MaxPool2dBackward(xd, dyd, policy, k, s, p));
            AssertBits(dx, dxd, what + " backward");
            using Tensor ty = OnReference(() => Ops.MaxPool2dJvp(x, tx, policy, k, s, p));
            using Tensor tyd = OnDevice(() => Ops.MaxPool2dJvp(xd, txd, policy, k, s, p));
            AssertBits(ty, tyd, what + " JVP");
        }
    }

    /// <summary>At a tie the adjoint (or tangent) times every active entry's share, 0 included: ∞ and NaN reach tied entries as on the CPU backend (∞·0 = NaN).</summary>
    [Theory]
    [MemberData(nameof(TieChoiceNames))]
    public void NonFiniteAdjointsAndTangentsReachTiedEntriesExactly(string ties)
    {
        DerivativePolicy policy = DerivativePolicy.PyTorch with { Pooling = TieInputs.Choices[ties] };
        using Tensor x = Tensor.FromArray(new float[] { 2, 2, 0, 1, 3, 3, 3, 3 }, 1, 2, 2, 2), xd = ToDevice(x);
        using Tensor dy = Tensor.FromArray(new float[] { float.PositiveInfinity, float.NaN }, 1, 2, 1, 1), dyd = ToDevice(dy);
        using Tensor tx = Tensor.FromArray(new float[] { 1, float.NegativeInfinity, 0, 0, 1, 2, float.NaN, 4 }, 1, 2, 2, 2), txd = ToDevice(tx);
        using Tensor dx = OnReference(() => Ops.MaxPool2dBackward(x, dy, policy, 2)), dxd = OnDevice(() => Ops.MaxPool2dBackward(xd, dyd, policy, 2));
        AssertBits(dx, dxd, $"MaxPool2d backward of ∞ and NaN at ties, {ties}");
        using Tensor ty = OnReference(() => Ops.MaxPool2dJvp(x, tx, policy, 2)), tyd = OnDevice(() => Ops.MaxPool2dJvp(xd, txd, policy, 2));
        AssertBits(ty, tyd, $"MaxPool2d JVP of ∞ and NaN at ties, {ties}");
    }

    /// <summary>
    /// A max-pool backward sees the input as it is now: a backend may keep the forward's argmax for the backward, but
    /// a later host copy into the input, or a kernel writing it in place, must invalidate that.
    /// </summary>
    [Fact]
    public void MaxPool2dBackwardSeesTheInputAsItIsNow()
    {
        using Tensor x = ToDevice(Tensor.FromArray(new float[] { 1, 2, 3, 4 }, 1, 1, 2, 2));
        using Tensor dy = ToDevice(Tensor.FromArray(new float[] { 1 }, 1, 1, 1, 1));
        OnDevice(() => Ops.MaxPool2d(x, 2)).Dispose();
        x.CopyFrom<float>([9, 2, 3, 4]);
        using Tensor afterCopy = OnDevice(() => Ops.MaxPool2dBackward(x, dy, DerivativePolicy.PyTorch, 2));
        Assert.Equal(new double[] { 1, 0, 0, 0 }, afterCopy.ToDoubleArray());

        using Tensor y = ToDevice(Tensor.FromArray(new float[] { 5, 6, 7, 8 }, 1, 1, 2, 2));
        OnDevice(() => Ops.MaxPool2d(y, 2)).Dispose();
        using Tensor two = Tensor.Full([1, 1, 2, 2], 2.0, DType.Float32, Device);
        OnDevice(() =>
        {
            y.Backend.Binary(BinaryKind.Sub, two, y, y); // y = 2 − y, written in place by a kernel: now the first entry is largest
            return 0;
        });
        using Tensor afterKernelWrite = OnDevice(() => Ops.MaxPool2dBackward(y, dy, DerivativePolicy.PyTorch, 2));
        Assert.Equal(new double[] { 1, 0, 0, 0 }, afterKernelWrite.ToDoubleArray());
    }
}
