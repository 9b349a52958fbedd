using SourceAD.Tensors;
using SourceAD.Tensors.Backends;

namespace SourceAD.Backends.Tests;

// Argument errors, on the device under test: Ops validates before it dispatches, so every backend reports bad shapes,
// mixed dtypes and mixed devices with the same ArgumentException naming the op and what is wrong.
public abstract partial class BackendSuite
{
    private static readonly DerivativePolicy P = DerivativePolicy.PyTorch;

    /// <summary>
    /// Every op with more than one tensor input, called with valid shapes: <c>first</c> makes its first tensor argument,
    /// <c>rest</c> all the others, so a test can put them on different devices or dtypes. The second item is the op
    /// name the message must contain.
    /// </summary>
    private static IEnumerable<(string Name, string InMessage, Func<Func<int[], Tensor>, Func<int[], Tensor>, object> Call)> MultiInputOps()
    {
        int[] m = [2, 3], x4 = [1, 2, 5, 5], w4 = [3, 2, 3, 3], y4 = [1, 3, 3, 3], pool = [1, 2, 4, 4], pooled = [1, 2, 2, 2], bn = [2, 3, 2, 2];
        yield return ("Add", "Add", (f, o) => Ops.Add(f(m), o(m)));
        yield return ("Sub", "Sub", (f, o) => Ops.Sub(f(m), o(m)));
        yield return ("Mul", "Mul", (f, o) => Ops.Mul(f(m), o(m)));
        yield return ("Div", "Div", (f, o) => Ops.Div(f(m), o(m)));
        yield return ("Maximum", "Maximum", (f, o) => Ops.Maximum(f(m), o(m)));
        yield return ("BinaryBackward", "MulBackward", (f, o) => Ops.BinaryBackward(BinaryKind.Mul, f(m), o(m), o(m)));
        yield return ("BinaryJvp", "DivJvp", (f, o) => Ops.BinaryJvp(BinaryKind.Div, f(m), o(m), o(m), o(m)));
        yield return ("AddInPlace", "AddInPlace", (f, o) => { Ops.AddInPlace(f(m), o(m)); return 0; });
        yield return ("MaximumBackward", "MaximumBackward", (f, o) => Ops.MaximumBackward(f(m), o(m), o(m), P));
        yield return ("MaximumJvp", "MaximumJvp", (f, o) => Ops.MaximumJvp(f(m), o(m), o(m), o(m), P));
        yield return ("MaxBackward", "MaxBackward", (f, o) => Ops.MaxBackward(f(m), o([2]), P, [1]));
        yield return ("MaxJvp", "MaxJvp", (f, o) => Ops.MaxJvp(f(m), o(m), P, [1]));
        yield return ("MatMul", "MatMul", (f, o) => Ops.MatMul(f(m), o([3, 4])));
        yield return ("MatMulBackward", "MatMulBackward", (f, o) => Ops.MatMulBackward(f(m), o([3, 4]), o([2, 4])));
        yield return ("MatMulJvp", "MatMulJvp", (f, o) => Ops.MatMulJvp(f(m), o([3, 4]), o(m), o([3, 4])));
        yield return ("Linear", "Linear", (f, o) => Ops.Linear(f(m), o([4, 3]), o([4])));
        yield return ("LinearBackward", "LinearBackward", (f, o) => Ops.LinearBackward(f(m), o([4, 3]), true, o([2, 4])));
        yield return ("LinearJvp", "LinearJvp", (f, o) => Ops.LinearJvp(f(m), o([4, 3]), o(m), o([4, 3]), o([4])));
        yield return ("Conv2d", "Conv2d", (f, o) => Ops.Conv2d(f(x4), o(w4), o([3])));
        yield return ("Conv2dBackward", "Conv2dBackward", (f, o) => Ops.Conv2dBackward(f(x4), o(w4), true, o(y4)));
        yield return ("Conv2dBackwardInput", "Conv2dBackwardInput", (f, o) => Ops.Conv2dBackwardInput(f(x4), o(w4), o(y4)));
        yield return ("Conv2dBackwardWeights", "Conv2dBackwardWeights", (f, o) => Ops.Conv2dBackwardWeights(f(x4), o(w4), true, o(y4)));
        yield return ("Conv2dJvp", "Conv2dJvp", (f, o) => Ops.Conv2dJvp(f(x4), o(w4), o(x4), o(w4), o([3])));
        yield return ("MaxPool2dBackward", "MaxPool2dBackward", (f, o) => Ops.MaxPool2dBackward(f(pool), o(pooled), P, 2));
        yield return ("MaxPool2dJvp", "MaxPool2dJvp", (f, o) => Ops.MaxPool2dJvp(f(pool), o(pool), P, 2));
        yield return ("AvgPool2dBackward", "AvgPool2dBackward", (f, o) => Ops.AvgPool2dBackward(f(pool), o(pooled), 2));
        yield return ("AvgPool2dJvp", "AvgPool2dJvp", (f, o) => Ops.AvgPool2dJvp(f(pool), o(pool), 2));
        yield return ("BatchNorm2d", "BatchNorm2d", (f, o) => Ops.BatchNorm2d(f(bn), o([3]), o([3]), o([3]), o([3]), training: true));
        yield return ("BatchNorm2dBackward", "BatchNorm2dBackward", (f, o) => Ops.BatchNorm2dBackward(f(bn), o([3]), o([3]), o([3]), o(bn), training: true));
        yield return ("BatchNorm2dJvp", "BatchNorm2dJvp", (f, o) => Ops.BatchNorm2dJvp(f(bn), o([3]), o([3]), o([3]), o(bn), o([3]), o([3]), training: true));
        yield return ("BatchNorm1d", "BatchNorm1d", (f, o) => Ops.BatchNorm1d(f([4, 3, 2]), o([3]), o([3]), o([3]), o([3]), training: true));
        yield return ("BatchNorm1dBackward", "BatchNorm1dBackward", (f, o) => Ops.BatchNorm1dBackward(f([4, 3]), o([3]), o([3]), o([3]), o([4, 3]), training: true));
        yield return ("BatchNorm1dJvp", "BatchNorm1dJvp", (f, o) => Ops.BatchNorm1dJvp(f([4, 3]), o([3]), o([3]), o([3]), o([4, 3]), o([3]), o([3]), training: true));
        yield return ("Conv2d grouped", "Conv2d", (f, o) => Ops.Conv2d(f([1, 4, 5, 5]), o([4, 1, 3, 3]), o([4]), groups: 4, dilation: 2));
        yield return ("Conv2dBackward grouped", "Conv2dBackwardInput", (f, o) => Ops.Conv2dBackward(f([1, 4, 5, 5]), o([4, 1, 3, 3]), true, o([1, 4, 1, 1]), groups: 4, dilation: 2));
        yield return ("Conv2dJvp grouped", "Conv2dJvp", (f, o) => Ops.Conv2dJvp(f([1, 4, 5, 5]), o([4, 1, 3, 3]), o([1, 4, 5, 5]), null, null, groups: 4, dilation: 2));
        yield return ("Conv1d", "Conv1d", (f, o) => Ops.Conv1d(f([1, 2, 5]), o([3, 2, 3]), o([3]), 1, 1));
        yield return ("Conv1dBackward", "Conv1dBackward", (f, o) => Ops.Conv1dBackward(f([1, 2, 5]), o([3, 2, 3]), true, o([1, 3, 3])));
        yield return ("Conv1dJvp", "Conv1dJvp", (f, o) => Ops.Conv1dJvp(f([1, 2, 5]), o([3, 2, 3]), o([1, 2, 5]), o([3, 2, 3]), o([3])));
        yield return ("AdaptiveAvgPool2dBackward", "AdaptiveAvgPool2dBackward", (f, o) => Ops.AdaptiveAvgPool2dBackward(f(pool), o([1, 2, 1, 1])));
        yield return ("AdaptiveAvgPool2dJvp", "AdaptiveAvgPool2dJvp", (f, o) => Ops.AdaptiveAvgPool2dJvp(f(pool), o(pool)));
        yield return ("ScaledDotProductAttention", "ScaledDotProductAttention", (f, o) => Ops.ScaledDotProductAttention(f([2, 3, 4]), o([2, 3, 4]), o([2, 3, 4]), true));
        yield return ("ScaledDotProductAttentionBackward", "ScaledDotProductAttentionBackward", (f, o) => Ops.ScaledDotProductAttentionBackward(f([2, 3, 4]), o([2, 3, 4]), o([2, 3, 4]), o([2, 3, 4])));
        yield return ("ScaledDotProductAttentionJvp", "ScaledDotProductAttentionJvp", (f, o) => Ops.ScaledDotProductAttentionJvp(f([2, 3, 4]), o([2, 3, 4]), o([2, 3, 4]), o([2, 3, 4]), null, null));
        yield return ("ReluBackward", "ReluBackward", (f, o) => Ops.ReluBackward(f(m), o(m), P));
        yield return ("ReluJvp", "ReluJvp", (f, o) => Ops.ReluJvp(f(m), o(m), P));
        yield return ("LeakyReluBackward", "LeakyReluBackward", (f, o) => Ops.LeakyReluBackward(f(m), o(m), 0.01, P));
        yield return ("LeakyReluJvp", "LeakyReluJvp", (f, o) => Ops.LeakyReluJvp(f(m), o(m), 0.01, P));
        yield return ("AbsBackward", "AbsBackward", (f, o) => Ops.AbsBackward(f(m), o(m), P));
        yield return ("AbsJvp", "AbsJvp", (f, o) => Ops.AbsJvp(f(m), o(m), P));
        yield return ("TanhBackward", "TanhBackward", (f, o) => Ops.TanhBackward(f(m), o(m)));
        yield return ("TanhJvp", "TanhJvp", (f, o) => Ops.TanhJvp(f(m), o(m)));
        yield return ("SigmoidBackward", "SigmoidBackward", (f, o) => Ops.SigmoidBackward(f(m), o(m)));
        yield return ("SigmoidJvp", "SigmoidJvp", (f, o) => Ops.SigmoidJvp(f(m), o(m)));
        yield return ("SoftmaxBackward", "SoftmaxBackward", (f, o) => Ops.SoftmaxBackward(f(m), o(m)));
        yield return ("SoftmaxJvp", "SoftmaxJvp", (f, o) => Ops.SoftmaxJvp(f(m), o(m)));
        yield return ("LogSoftmaxBackward", "LogSoftmaxBackward", (f, o) => Ops.LogSoftmaxBackward(f(m), o(m)));
        yield return ("LogSoftmaxJvp", "LogSoftmaxJvp", (f, o) => Ops.LogSoftmaxJvp(f(m), o(m)));
        yield return ("CrossEntropyJvp", "CrossEntropyJvp", (f, o) => Ops.CrossEntropyJvp(f(m), [0, 2], o(m)));
        yield return ("Mse", "Mse", (f, o) => Ops.Mse(f(m), o(m)));
        yield return ("MseBackward", "MseBackward", (f, o) => Ops.MseBackward(f(m), o(m), 1.0));
        yield return ("MseJvp", "MseJvp", (f, o) => Ops.MseJvp(f(m), o(m), o(m), o(m)));
        yield return ("SumBackward", "SumBackward", (f, o) => Ops.SumBackward(f(m), o([2]), [1]));
        yield return ("SumJvp", "SumJvp", (f, o) => Ops.SumJvp(f(m), o(m), [1]));
        yield return ("MeanBackward", "MeanBackward", (f, o) => Ops.MeanBackward(f(m), o([2]), [1]));
        yield return ("MeanJvp", "MeanJvp", (f, o) => Ops.MeanJvp(f(m), o(m), [1]));
        yield return ("ReshapeBackward", "ReshapeBackward", (f, o) => Ops.ReshapeBackward(f(m), o([6])));
        yield return ("FlattenBackward", "FlattenBackward", (f, o) => Ops.FlattenBackward(f([2, 3, 2]), o([2, 6])));
        yield return ("MatMul batched", "MatMul", (f, o) => Ops.MatMul(f([2, 2, 2, 3]), o([2, 2, 3, 4])));
        yield return ("Concat", "Concat", (f, o) => Ops.Concat(f(m), o(m), 0));
        yield return ("ConcatBackward", "ConcatBackward", (f, o) => Ops.ConcatBackward(f(m), o(m), o([4, 3]), 0));
        yield return ("ConcatJvp", "ConcatJvp", (f, o) => Ops.ConcatJvp(f(m), o(m), o(m), o(m), 0));
        yield return ("NarrowBackward", "NarrowBackward", (f, o) => Ops.NarrowBackward(f(m), o([2, 2]), 1, 1));
        yield return ("MaskedFill", "MaskedFill", (f, o) => Ops.MaskedFill(f(m), o(m), -1));
        yield return ("MaskedFillBackward", "MaskedFillBackward", (f, o) => Ops.MaskedFillBackward(f(m), o(m)));
        yield return ("MaskedFillJvp", "MaskedFillJvp", (f, o) => Ops.MaskedFillJvp(f(m), o(m)));
        yield return ("LayerNorm", "LayerNorm", (f, o) => Ops.LayerNorm(f(m), o([3]), o([3])));
        yield return ("LayerNormBackward", "LayerNormBackward", (f, o) => Ops.LayerNormBackward(f(m), o([3]), o(m)));
        yield return ("LayerNormJvp", "LayerNormJvp", (f, o) => Ops.LayerNormJvp(f(m), o([3]), o(m), o([3]), o([3])));
        yield return ("EmbeddingBackward", "EmbeddingBackward", (f, o) => Ops.EmbeddingBackward(f(m), [1, 0], o(m)));
    }

    public static IEnumerable<object[]> MultiInputOpNames() => MultiInputOps().Select(o => new object[] { o.Name });

    /// <summary>
    /// An op given tensors on the device under test and on another device throws an <see cref="ArgumentException"/>
    /// naming the op and both devices, whichever argument is the odd one, before any kernel runs.
    /// </summary>
    [Theory]
    [MemberData(nameof(MultiInputOpNames))]
    public void MixingDevicesThrows(string op)
    {
        var entry = MultiInputOps().Single(o => o.Name == op);
        foreach (bool deviceFirst in new[] { true, false })
        {
            var made = new List<Tensor>();
            Func<int[], Tensor> onDevice = s => Keep(made, Tensor.Zeros(s, DType.Float32, Device));
            Func<int[], Tensor> foreign = s => Keep(made, ForeignDevice.Tensor(s, DType.Float32));
            try
            {
                var e = Assert.ThrowsAny<ArgumentException>(() => OnDevice(() => deviceFirst ? entry.Call(onDevice, foreign) : entry.Call(foreign, onDevice)));
                string order = deviceFirst ? "device tensor first" : "foreign tensor first";
                Assert.True(e.Message.Contains(entry.InMessage, StringComparison.Ordinal), $"{op} ({order}): the message does not name the op: {e.Message}");
                Assert.True(e.Message.Contains(Device.ToString(), StringComparison.Ordinal) && e.Message.Contains(ForeignDevice.Device.ToString(), StringComparison.Ordinal),
                    $"{op} ({order}): the message does not name both devices ({Device} and {ForeignDevice.Device}): {e.Message}");
            }
            finally
            {
                DisposeAll(made);
            }
        }
    }

    /// <summary>An op given float32 and float64 tensors on the device throws an <see cref="ArgumentException"/> naming the op and both dtypes.</summary>
    [Theory]
    [MemberData(nameof(MultiInputOpNames))]
    public void MixingDtypesThrows(string op)
    {
        var entry = MultiInputOps().Single(o => o.Name == op);
        foreach (bool singleFirst in new[] { true, false })
        {
            var made = new List<Tensor>();
            Func<int[], Tensor> single = s => Keep(made, Tensor.Zeros(s, DType.Float32, Device));
            Func<int[], Tensor> wide = s => Keep(made, Tensor.Zeros(s, DType.Float64, Device));
            try
            {
                var e = Assert.ThrowsAny<ArgumentException>(() => OnDevice(() => singleFirst ? entry.Call(single, wide) : entry.Call(wide, single)));
                Assert.True(e.Message.Contains(entry.InMessage, StringComparison.Ordinal) && e.Message.Contains("Float32", StringComparison.Ordinal)
                    && e.Message.Contains("Float64", StringComparison.Ordinal), $"{op}: the message does not name the op and both dtypes: {e.Message}");
            }
            finally
            {
                DisposeAll(made);
            }
        }
    }

    private static Tensor Keep(List<Tensor> made, Tensor t)
    {
        made.Add(t);
        return t;
    }

    /// <summary>Shape mismatches, on device tensors: the op, and the shapes the message must name.</summary>
    private static IEnumerable<(string Name, Func<Func<int[], Tensor>, object> Call, string[] InMessage)> ShapeErrors()
    {
        int[] m = [2, 3], x4 = [1, 2, 5, 5], w4 = [3, 2, 3, 3], pool = [1, 2, 4, 4], bn = [2, 3, 2, 2];
        yield return ("Add", t => Ops.Add(t(m), t([4])), ["Add", "[2, 3]", "[4]"]);
        yield return ("Sub", t => Ops.Sub(t(m), t([3, 3])), ["Sub", "[2, 3]", "[3, 3]"]);
        yield return ("Mul", t => Ops.Mul(t([5]), t(m)), ["Mul", "[5]", "[2, 3]"]);
        yield return ("Div", t => Ops.Div(t(m), t([2])), ["Div", "[2, 3]", "[2]"]);
        yield return ("Maximum", t => Ops.Maximum(t(m), t([4])), ["Maximum", "[2, 3]", "[4]"]);
        yield return ("AddInPlace", t => { Ops.AddInPlace(t([3]), t(m)); return 0; }, ["AddInPlace", "[3]", "[2, 3]"]);
        yield return ("BinaryBackward", t => Ops.BinaryBackward(BinaryKind.Add, t(m), t([3]), t([2, 2])), ["AddBackward", "[2, 2]", "[2, 3]"]);
        yield return ("BinaryJvp", t => Ops.BinaryJvp(BinaryKind.Mul, t(m), t([3]), t([3, 2]), null), ["MulJvp", "[3, 2]", "[2, 3]"]);
        yield return ("MaximumBackward", t => Ops.MaximumBackward(t(m), t(m), t([3, 2]), P), ["MaximumBackward", "[3, 2]", "[2, 3]"]);
        yield return ("MaximumJvp", t => Ops.MaximumJvp(t(m), t([3]), null, t([2]), P), ["MaximumJvp", "[2]", "[3]"]);
        yield return ("MaxBackward", t => Ops.MaxBackward(t(m), t([3]), P, [1]), ["MaxBackward", "[3]", "[2]"]);
        yield return ("MaxJvp", t => Ops.MaxJvp(t(m), t([3, 2]), P, [1]), ["MaxJvp", "[3, 2]", "[2, 3]"]);
        yield return ("MatMul", t => Ops.MatMul(t(m), t([4, 5])), ["MatMul", "[2, 3]", "[4, 5]"]);
        yield return ("MatMulBackward", t => Ops.MatMulBackward(t(m), t([3, 4]), t([2, 5])), ["MatMulBackward", "[2, 5]", "[2, 4]"]);
        yield return ("MatMulJvp", t => Ops.MatMulJvp(t(m), t([3, 4]), t([3, 2]), null), ["MatMulJvp", "[3, 2]", "[2, 3]"]);
        yield return ("Linear", t => Ops.Linear(t(m), t([4, 5])), ["Linear", "[2, 3]", "[4, 5]"]);
        yield return ("LinearBackward", t => Ops.LinearBackward(t(m), t([4, 3]), true, t([2, 5])), ["LinearBackward", "[2, 5]", "[2, 4]"]);
        yield return ("LinearJvp", t => Ops.LinearJvp(t(m), t([4, 3]), null, t([3, 4]), null), ["LinearJvp", "[3, 4]", "[4, 3]"]);
        yield return ("Conv2d", t => Ops.Conv2d(t([1, 3, 8, 8]), t(w4)), ["Conv2d", "[1, 3, 8, 8]", "[3, 2, 3, 3]"]);
        yield return ("Conv2dBackwardInput", t => Ops.Conv2dBackwardInput(t(x4), t(w4), t([1, 3, 2, 2])), ["Conv2dBackwardInput", "[1, 3, 2, 2]", "[1, 3, 3, 3]"]);
        yield return ("Conv2dBackwardWeights", t => Ops.Conv2dBackwardWeights(t(x4), t(w4), true, t([1, 3, 2, 2])), ["Conv2dBackwardWeights", "[1, 3, 2, 2]", "[1, 3, 3, 3]"]);
        yield return ("Conv2dJvp", t => Ops.Conv2dJvp(t(x4), t(w4), t([1, 2, 5, 4]), null, null), ["Conv2dJvp", "[1, 2, 5, 4]", "[1, 2, 5, 5]"]);
        yield return ("MaxPool2d", t => Ops.MaxPool2d(t([3, 8]), 2), ["MaxPool2d", "[3, 8]"]);
        yield return ("MaxPool2dBackward", t => Ops.MaxPool2dBackward(t(pool), t([1, 2, 3, 2]), P, 2), ["MaxPool2dBackward", "[1, 2, 3, 2]", "[1, 2, 2, 2]"]);
        yield return ("MaxPool2dJvp", t => Ops.MaxPool2dJvp(t(pool), t([1, 2, 4, 3]), P, 2), ["MaxPool2dJvp", "[1, 2, 4, 3]", "[1, 2, 4, 4]"]);
        yield return ("AvgPool2d", t => Ops.AvgPool2d(t([1, 1, 1, 1]), 2), ["AvgPool2d", "[1, 1, 1, 1]"]);
        yield return ("AvgPool2dBackward", t => Ops.AvgPool2dBackward(t(pool), t([1, 2, 3, 2]), 2), ["AvgPool2dBackward", "[1, 2, 3, 2]", "[1, 2, 2, 2]"]);
        yield return ("AvgPool2dJvp", t => Ops.AvgPool2dJvp(t(pool), t([1, 2, 4, 3]), 2), ["AvgPool2dJvp", "[1, 2, 4, 3]", "[1, 2, 4, 4]"]);
        yield return ("BatchNorm2d", t => Ops.BatchNorm2d(t(bn), t([4]), t([3]), t([3]), t([3]), true), ["BatchNorm2d", "[2, 3, 2, 2]", "[4]"]);
        yield return ("BatchNorm2dBackward", t => Ops.BatchNorm2dBackward(t(bn), t([3]), t([3]), t([3]), t([2, 3, 2, 1]), true), ["BatchNorm2dBackward", "[2, 3, 2, 1]", "[2, 3, 2, 2]"]);
        yield return ("BatchNorm2dJvp", t => Ops.BatchNorm2dJvp(t(bn), t([3]), t([3]), t([3]), t([2, 3, 1, 2]), null, null, true), ["BatchNorm2dJvp", "[2, 3, 1, 2]", "[2, 3, 2, 2]"]);
        yield return ("BatchNorm1d", t => Ops.BatchNorm1d(t([4, 3, 2]), t([4]), t([3]), t([3]), t([3]), true), ["BatchNorm1d", "[4, 3, 2]", "[4]"]);
        yield return ("BatchNorm1d rank", t => Ops.BatchNorm1d(t(bn), t([3]), t([3]), t([3]), t([3]), true), ["BatchNorm1d", "[2, 3, 2, 2]"]);
        yield return ("BatchNorm1dBackward", t => Ops.BatchNorm1dBackward(t([4, 3]), t([3]), t([3]), t([3]), t([4, 2]), true), ["BatchNorm1dBackward", "[4, 2]", "[4, 3]"]);
        yield return ("BatchNorm1dJvp", t => Ops.BatchNorm1dJvp(t([4, 3, 2]), t([3]), t([3]), t([3]), t([4, 3, 1]), null, null, true), ["BatchNorm1dJvp", "[4, 3, 1]", "[4, 3, 2]"]);
        yield return ("Dropout", t => Ops.Dropout(t(m), 1.0, 1, 1, true), ["Dropout", "[2, 3]"]);
        yield return ("Conv2d groups", t => Ops.Conv2d(t([1, 4, 5, 5]), t([3, 2, 3, 3]), groups: 2), ["Conv2d", "[1, 4, 5, 5]", "[3, 2, 3, 3]", "2 groups"]);
        yield return ("Conv2d dilation", t => Ops.Conv2d(t([1, 2, 4, 4]), t([3, 2, 3, 3]), dilation: 2), ["Conv2d", "[1, 2, 4, 4]", "[3, 2, 3, 3]"]);
        yield return ("Conv2dBackward groups", t => Ops.Conv2dBackwardInput(t([1, 4, 5, 5]), t([4, 1, 3, 3]), t([1, 4, 2, 2]), groups: 4), ["Conv2dBackwardInput", "[1, 4, 2, 2]", "[1, 4, 3, 3]"]);
        yield return ("Conv1d", t => Ops.Conv1d(t([1, 3, 8]), t([3, 2, 3])), ["Conv1d", "[1, 3, 8]", "[3, 2, 3]"]);
        yield return ("Conv1d rank", t => Ops.Conv1d(t(x4), t([3, 2, 3])), ["Conv1d", "[1, 2, 5, 5]"]);
        yield return ("Conv1d kernel", t => Ops.Conv1d(t([1, 2, 2]), t([3, 2, 5])), ["Conv1d", "[1, 2, 2]", "[3, 2, 5]"]);
        yield return ("Conv1dBackward", t => Ops.Conv1dBackward(t([1, 2, 5]), t([3, 2, 3]), true, t([1, 3, 2])), ["Conv1dBackward", "[1, 3, 2]", "[1, 3, 3]"]);
        yield return ("Conv1dJvp", t => Ops.Conv1dJvp(t([1, 2, 5]), t([3, 2, 3]), t([1, 2, 4]), null, null), ["Conv1dJvp", "[1, 2, 4]", "[1, 2, 5]"]);
        yield return ("AdaptiveAvgPool2d", t => Ops.AdaptiveAvgPool2d(t([1, 2, 6, 5]), 2), ["AdaptiveAvgPool2d", "[1, 2, 6, 5]", "output size 2"]);
        yield return ("AdaptiveAvgPool2dBackward", t => Ops.AdaptiveAvgPool2dBackward(t(pool), t([1, 2, 2, 2])), ["AdaptiveAvgPool2dBackward", "[1, 2, 2, 2]", "[1, 2, 1, 1]"]);
        yield return ("AdaptiveAvgPool2dJvp", t => Ops.AdaptiveAvgPool2dJvp(t(pool), t([1, 2, 4, 3])), ["AdaptiveAvgPool2dJvp", "[1, 2, 4, 3]", "[1, 2, 4, 4]"]);
        yield return ("ScaledDotProductAttention D", t => Ops.ScaledDotProductAttention(t([2, 3, 4]), t([2, 3, 5]), t([2, 3, 4])), ["ScaledDotProductAttention", "[2, 3, 4]", "[2, 3, 5]"]);
        yield return ("ScaledDotProductAttention S", t => Ops.ScaledDotProductAttention(t([2, 3, 4]), t([2, 5, 4]), t([2, 6, 4])), ["ScaledDotProductAttention", "[2, 5, 4]", "[2, 6, 4]"]);
        yield return ("ScaledDotProductAttention batch", t => Ops.ScaledDotProductAttention(t([2, 3, 4]), t([3, 3, 4]), t([3, 3, 4])), ["ScaledDotProductAttention", "[2, 3, 4]", "[3, 3, 4]"]);
        yield return ("ScaledDotProductAttentionBackward", t => Ops.ScaledDotProductAttentionBackward(t([2, 3, 4]), t([2, 3, 4]), t([2, 3, 2]), t([2, 3, 4])), ["ScaledDotProductAttentionBackward", "[2, 3, 4]", "[2, 3, 2]"]);
        yield return ("ReluBackward", t => Ops.ReluBackward(t(m), t([3, 2]), P), ["ReluBackward", "[3, 2]", "[2, 3]"]);
        yield return ("LeakyReluJvp", t => Ops.LeakyReluJvp(t(m), t([6]), 0.01, P), ["LeakyReluJvp", "[6]", "[2, 3]"]);
        yield return ("AbsBackward", t => Ops.AbsBackward(t(m), t([3, 2]), P), ["AbsBackward", "[3, 2]", "[2, 3]"]);
        yield return ("TanhBackward", t => Ops.TanhBackward(t(m), t([3, 2])), ["TanhBackward", "[3, 2]", "[2, 3]"]);
        yield return ("SigmoidJvp", t => Ops.SigmoidJvp(t(m), t([3, 2])), ["SigmoidJvp", "[3, 2]", "[2, 3]"]);
        yield return ("SoftmaxBackward", t => Ops.SoftmaxBackward(t(m), t([3, 2])), ["SoftmaxBackward", "[3, 2]", "[2, 3]"]);
        yield return ("LogSoftmaxJvp", t => Ops.LogSoftmaxJvp(t(m), t([3, 2])), ["LogSoftmaxJvp", "[3, 2]", "[2, 3]"]);
        yield return ("CrossEntropy", t => Ops.CrossEntropy(t(m), [0]), ["CrossEntropy", "[2, 3]", "[1]"]);
        yield return ("CrossEntropy label", t => Ops.CrossEntropy(t(m), [0, 3]), ["CrossEntropy", "label 3", "[2, 3]"]);
        yield return ("CrossEntropyBackward", t => Ops.CrossEntropyBackward(t(m), [0, 1, 2], 1.0), ["CrossEntropyBackward", "[2, 3]", "[3]"]);
        yield return ("CrossEntropyJvp", t => Ops.CrossEntropyJvp(t(m), [0, 1], t([3, 2])), ["CrossEntropyJvp", "[3, 2]", "[2, 3]"]);
        yield return ("Mse", t => Ops.Mse(t(m), t([3, 2])), ["Mse", "[2, 3]", "[3, 2]"]);
        yield return ("MseBackward", t => Ops.MseBackward(t(m), t([6]), 1.0), ["MseBackward", "[2, 3]", "[6]"]);
        yield return ("MseJvp", t => Ops.MseJvp(t(m), t(m), t([3, 2]), null), ["MseJvp", "[3, 2]", "[2, 3]"]);
        yield return ("Sum axis", t => Ops.Sum(t(m), [2]), ["Sum", "axis 2"]);
        yield return ("SumBackward", t => Ops.SumBackward(t(m), t([3]), [1]), ["SumBackward", "[3]", "[2]"]);
        yield return ("SumJvp", t => Ops.SumJvp(t(m), t([3, 2]), [1]), ["SumJvp", "[3, 2]", "[2, 3]"]);
        yield return ("MeanBackward", t => Ops.MeanBackward(t(m), t([2, 1]), [1]), ["MeanBackward", "[2, 1]", "[2]"]);
        yield return ("MeanJvp", t => Ops.MeanJvp(t(m), t([6]), [1]), ["MeanJvp", "[6]", "[2, 3]"]);
        yield return ("Reshape", t => Ops.Reshape(t(m), 4, 2), ["Reshape", "[2, 3]", "[4, 2]"]);
        yield return ("ReshapeBackward", t => Ops.ReshapeBackward(t(m), t([5])), ["ReshapeBackward", "[5]", "[2, 3]"]);
        yield return ("FlattenBackward", t => Ops.FlattenBackward(t([2, 3, 2]), t([2, 5])), ["FlattenBackward", "[2, 5]", "[2, 3, 2]"]);
    }

    public static IEnumerable<object[]> ShapeErrorNames() => ShapeErrors().Select(o => new object[] { o.Name });

    /// <summary>A shape mismatch on device tensors throws an <see cref="ArgumentException"/> naming the op and the shapes involved.</summary>
    [Theory]
    [MemberData(nameof(ShapeErrorNames))]
    public void ShapeMismatchThrows(string op)
    {
        var entry = ShapeErrors().Single(o => o.Name == op);
        var made = new List<Tensor>();
        try
        {
            var e = Assert.ThrowsAny<ArgumentException>(() => OnDevice(() => entry.Call(s => Keep(made, Tensor.Zeros(s, DType.Float32, Device)))));
            string[] missing = entry.InMessage.Where(part => !e.Message.Contains(part, StringComparison.Ordinal)).ToArray();
            Assert.True(missing.Length == 0, $"{op}: the message lacks {string.Join(", ", missing)}: {e.Message}");
        }
        finally
        {
            DisposeAll(made);
        }
    }
}
