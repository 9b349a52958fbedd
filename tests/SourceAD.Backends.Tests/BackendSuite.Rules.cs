using SourceAD.Tensors;
using SourceAD.Tests.Tensors;

namespace SourceAD.Backends.Tests;

// Derivative rules: the backward rule (…Backward, adjoints of every input) and the forward rule (…Jvp, the output
// tangent) of every op case, at generic points (the exact ties are in BackendSuite.Ties.cs).
public abstract partial class BackendSuite
{
    /// <summary>The backward rule of every op case gives the CPU backend's adjoints, input by input.</summary>
    [Theory]
    [MemberData(nameof(SuiteOpCases.Data), MemberType = typeof(SuiteOpCases))]
    public void OpBackwardMatchesCpu(string opCase, DType dtype)
    {
        (int index, OpCase c) = SuiteOpCases.Find(opCase);
        TensorOpRule rule = OpTable.All[c.Op];
        var rng = new SeededRandom(8000 + (ulong)index);
        Tensor?[] x = c.Inputs(rng, dtype), xd = ToDevice(x);
        Tensor?[] dx = [], dxd = [];
        try
        {
            using Tensor y = OnReference(() => rule.Primal(x, c.Attributes));
            using Tensor yd = OnDevice(() => rule.Primal(xd, c.Attributes));
            using Tensor u = TensorInit.Uniform(y.Shape, -1, 1, rng, dtype), ud = ToDevice(u);
            dx = OnReference(() => rule.Backward(x, c.Attributes, y, u));
            dxd = OnDevice(() => rule.Backward(xd, c.Attributes, yd, ud));
            Assert.Equal(dx.Length, dxd.Length);
            for (int i = 0; i < dx.Length; i++)
            {
                Assert.True((dx[i] is null) == (dxd[i] is null), $"{opCase}: adjoint {i} is null on one backend only.");
                if (dx[i] is not null)
                {
                    AssertAgrees(dx[i]!, dxd[i]!, $"{opCase} {dtype} adjoint of input {i}");
                }
            }
        }
        finally
        {
            DisposeAll(x, xd, dx, dxd);
        }
    }

    /// <summary>The forward rule of every op case, with a tangent for every differentiable input, gives the CPU backend's tangent.</summary>
    [Theory]
    [MemberData(nameof(SuiteOpCases.Data), MemberType = typeof(SuiteOpCases))]
    public void OpJvpMatchesCpu(string opCase, DType dtype) => CheckJvp(opCase, dtype, onlyFirst: false);

    /// <summary>The forward rule with only the first input's tangent (the others null, i.e. zero), for ops with several differentiable inputs.</summary>
    [Theory]
    [MemberData(nameof(SuiteOpCases.MultiInputData), MemberType = typeof(SuiteOpCases))]
    public void OpJvpWithOneTangentMatchesCpu(string opCase, DType dtype) => CheckJvp(opCase, dtype, onlyFirst: true);

    private void CheckJvp(string opCase, DType dtype, bool onlyFirst)
    {
        (int index, OpCase c) = SuiteOpCases.Find(opCase);
        TensorOpRule rule = OpTable.All[c.Op];
        var rng = new SeededRandom(9000 + (ulong)index);
        Tensor?[] x = c.Inputs(rng, dtype), xd = ToDevice(x);
        Tensor?[] tx = x.Select((t, i) => SuiteOpCases.Differentiable(c, i) && (!onlyFirst || i == 0)
            ? TensorInit.Uniform(t!.Shape, -1, 1, rng, dtype) : null).ToArray();
        Tensor?[] txd = ToDevice(tx);
        try
        {
            using Tensor y = OnReference(() => rule.Primal(x, c.Attributes));
            using Tensor yd = OnDevice(() => rule.Primal(xd, c.Attributes));
            using Tensor ty = OnReference(() => rule.Jvp(x, c.Attributes, y, tx));
            using Tensor tyd = OnDevice(() => rule.Jvp(xd, c.Attributes, yd, txd));
            AssertAgrees(ty, tyd, $"{opCase} {dtype} JVP{(onlyFirst ? " (first tangent only)" : "")}");
        }
        finally
        {
            DisposeAll(x, xd, tx, txd);
        }
    }

    /// <summary>AddInPlace (how reverse mode accumulates adjoints) with a broadcast addend, in place on the device.</summary>
    [Theory]
    [InlineData(DType.Float32)]
    [InlineData(DType.Float64)]
    public void AddInPlaceMatchesCpu(DType dtype)
    {
        var rng = new SeededRandom(91);
        using Tensor target = TensorInit.Uniform([5, 130, 67], -1, 1, rng, dtype), addend = TensorInit.Uniform([130, 1], -1, 1, rng, dtype);
        using Tensor targetD = ToDevice(target), addendD = ToDevice(addend);
        OnReference(() => { Ops.AddInPlace(target, addend); return 0; });
        OnDevice(() => { Ops.AddInPlace(targetD, addendD); return 0; });
        AssertAgrees(target, targetD, $"AddInPlace {dtype}");
    }

    /// <summary>The two halves of Conv2dBackward called on their own (a first layer needs only the weights part).</summary>
    [Theory]
    [InlineData(DType.Float32, 1, 2)]
    [InlineData(DType.Float32, 2, 1)]
    [InlineData(DType.Float64, 3, 0)]
    public void Conv2dBackwardHalvesMatchCpu(DType dtype, int stride, int padding)
    {
        var rng = new SeededRandom(92 + (ulong)stride);
        using Tensor x = TensorInit.Uniform([3, 2, 13, 11], -1, 1, rng, dtype), w = TensorInit.Uniform([5, 2, 5, 3], -1, 1, rng, dtype);
        using Tensor xd = ToDevice(x), wd = ToDevice(w);
        using Tensor y = Ops.Conv2d(x, w, null, stride, padding);
        using Tensor dy = TensorInit.Uniform(y.Shape, -1, 1, rng, dtype), dyd = ToDevice(dy);
        using Tensor dx = OnReference(() => Ops.Conv2dBackwardInput(x, w, dy, stride, padding));
        using Tensor dxd = OnDevice(() => Ops.Conv2dBackwardInput(xd, wd, dyd, stride, padding));
        AssertAgrees(dx, dxd, $"Conv2dBackwardInput stride {stride} padding {padding} {dtype}");
        (Tensor dw, Tensor? db) = OnReference(() => Ops.Conv2dBackwardWeights(x, w, true, dy, stride, padding));
        (Tensor dwd, Tensor? dbd) = OnDevice(() => Ops.Conv2dBackwardWeights(xd, wd, true, dyd, stride, padding));
        try
        {
            AssertAgrees(dw, dwd, $"Conv2dBackwardWeights dw stride {stride} padding {padding} {dtype}");
            AssertAgrees(db!, dbd!, $"Conv2dBackwardWeights db stride {stride} padding {padding} {dtype}");
        }
        finally
        {
            DisposeAll([dw, db, dwd, dbd]);
        }
    }

    /// <summary>The parameter half of LinearBackward on its own (a layer whose input is data needs no dx), 2-D and 3-D inputs.</summary>
    [Theory]
    [InlineData(DType.Float32, false)]
    [InlineData(DType.Float32, true)]
    [InlineData(DType.Float64, true)]
    public void LinearBackwardWeightsMatchesCpu(DType dtype, bool batched)
    {
        var rng = new SeededRandom(97);
        int[] xShape = batched ? [3, 7, 33] : [21, 33];
        using Tensor x = TensorInit.Uniform(xShape, -1, 1, rng, dtype), w = TensorInit.Uniform([17, 33], -1, 1, rng, dtype);
        using Tensor xd = ToDevice(x), wd = ToDevice(w);
        using Tensor y = Ops.Linear(x, w, null);
        using Tensor dy = TensorInit.Uniform(y.Shape, -1, 1, rng, dtype), dyd = ToDevice(dy);
        (Tensor dw, Tensor? db) = OnReference(() => Ops.LinearBackwardWeights(x, w, true, dy));
        (Tensor dwd, Tensor? dbd) = OnDevice(() => Ops.LinearBackwardWeights(xd, wd, true, dyd));
        try
        {
            AssertAgrees(dw, dwd, $"LinearBackwardWeights dw {dtype} batched={batched}");
            AssertAgrees(db!, dbd!, $"LinearBackwardWeights db {dtype} batched={batched}");
        }
        finally
        {
            DisposeAll([dw, db, dwd, dbd]);
        }
    }
}
