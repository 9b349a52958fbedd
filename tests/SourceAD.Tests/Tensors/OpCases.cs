using SourceAD.Tensors;

namespace SourceAD.Tests.Tensors;

/// <summary>One call of an <see cref="OpTable"/> row: input shapes, how to draw each input, and attributes.</summary>
internal sealed record OpCase(string Op, int[]?[] Shapes, OpAttributes Attributes, double Low = -1, double High = 1)
{
    public override string ToString() =>
        $"{Op}({string.Join(", ", Shapes.Select(s => s is null ? "null" : TensorShape.Format(s)))}){(Op is "BatchNorm2d" or "BatchNorm1d" or "Dropout" ? (Attributes.Training ? " train" : " eval") : "")}{(Attributes.Axis != -1 ? $" axis {Attributes.Axis}" : "")}{(Attributes.Causal ? " causal" : "")}{(Attributes.Dilation != 1 ? $" d{Attributes.Dilation}" : "")}{(Attributes.Groups != 1 ? $" g{Attributes.Groups}" : "")}{(Op.EndsWith("Pool2d", StringComparison.Ordinal) ? $" k{Attributes.Kernel} s{Attributes.Stride ?? Attributes.Kernel} p{Attributes.Padding}" : "")}";

    public Tensor?[] Inputs(SeededRandom rng, DType dtype) =>
        Shapes.Select(s => s is null ? null : TensorInit.Uniform(s, Low, High, rng, dtype)).ToArray();
}

/// <summary>Test inputs for every row of <see cref="OpTable"/>; a test fails when a row has none.</summary>
internal static class OpCases
{
    private static readonly OpAttributes None = new();

    /// <summary>Theory data: one display name per case, "#index Op(shapes)".</summary>
    public static IEnumerable<object[]> Names() => All().Select((c, i) => new object[] { $"#{i} {c}" });

    /// <summary>The case a name from <see cref="Names"/> denotes, and its index (a stable seed).</summary>
    public static (int Index, OpCase Case) Find(string name)
    {
        int index = int.Parse(name[1..name.IndexOf(' ')]);
        return (index, All().ElementAt(index));
    }

    public static IEnumerable<OpCase> All()
    {
        yield return new("MatMul", [[3, 4], [4, 5]], None);
        yield return new("MatMul", [[1, 37], [37, 19]], None);
        yield return new("MatMul", [[2, 3, 4], [2, 4, 5]], None);
        yield return new("MatMul", [[3, 3, 4], [4, 2]], None);
        yield return new("MatMul", [[5, 4], [2, 4, 3]], None);
        yield return new("Linear", [[3, 4], [5, 4], [5]], None);
        yield return new("Linear", [[2, 7], [3, 7], null], None);
        yield return new("Linear", [[2, 3, 4], [5, 4], [5]], None); // batch × sequence × features
        yield return new("Linear", [[4], [3, 4], [3]], None);
        yield return new("Conv2d", [[2, 3, 7, 6], [4, 3, 3, 3], [4]], new(Stride: 2, Padding: 1));
        yield return new("Conv2d", [[1, 2, 5, 5], [3, 2, 2, 3], null], new(Stride: 1, Padding: 0));
        yield return new("Conv2d", [[2, 1, 2, 2], [2, 1, 3, 3], [2]], new(Stride: 1, Padding: 2)); // kernel wider than the input
        yield return new("Conv2d", [[1, 2, 6, 7], [2, 2, 5, 5], null], new(Stride: 1, Padding: 2)); // LeNet's first layer
        yield return new("Conv2d", [[2, 4, 7, 6], [6, 2, 3, 3], [6]], new(Stride: 1, Padding: 1, Groups: 2));
        yield return new("Conv2d", [[2, 3, 6, 6], [3, 1, 3, 3], [3]], new(Stride: 2, Padding: 1, Groups: 3)); // depthwise
        yield return new("Conv2d", [[1, 2, 9, 8], [3, 2, 3, 2], [3]], new(Stride: 1, Padding: 2, Dilation: 2));
        yield return new("Conv2d", [[2, 4, 8, 8], [4, 1, 3, 3], null], new(Stride: 1, Padding: 2, Dilation: 2, Groups: 4)); // dilated depthwise
        yield return new("Conv1d", [[2, 3, 9], [4, 3, 3], [4]], new(Stride: 2, Padding: 1));
        yield return new("Conv1d", [[1, 2, 5], [3, 2, 5], null], new(Stride: 1, Padding: 0));
        yield return new("Conv1d", [[2, 1, 2], [2, 1, 3], [2]], new(Stride: 1, Padding: 2)); // kernel wider than the input
        yield return new("AdaptiveAvgPool2d", [[2, 3, 4, 6]], None); // global average pooling
        yield return new("AdaptiveAvgPool2d", [[2, 2, 6, 4]], new(OutputSize: 2));
        yield return new("MaxPool2d", [[2, 2, 6, 6]], new(Kernel: 2));
        yield return new("MaxPool2d", [[1, 3, 7, 7]], new(Kernel: 3, Stride: 2));
        yield return new("AvgPool2d", [[2, 2, 6, 6]], new(Kernel: 2));
        yield return new("AvgPool2d", [[1, 3, 7, 7]], new(Kernel: 3, Stride: 2));
        yield return new("MaxPool2d", [[2, 2, 5, 6]], new(Kernel: 3, Stride: 2, Padding: 1));
        yield return new("AvgPool2d", [[2, 2, 5, 6]], new(Kernel: 3, Stride: 2, Padding: 1));
        yield return new("BatchNorm2d", [[3, 2, 3, 4], [2], [2], [2], [2]], new(Training: true), 0.1, 1.5);
        yield return new("BatchNorm2d", [[2, 3, 2, 2], [3], [3], [3], [3]], new(Training: false), 0.1, 1.5);
        yield return new("BatchNorm1d", [[4, 3], [3], [3], [3], [3]], new(Training: true), 0.1, 1.5);
        yield return new("BatchNorm1d", [[3, 2, 5], [2], [2], [2], [2]], new(Training: true), 0.1, 1.5);
        yield return new("BatchNorm1d", [[2, 3, 4], [3], [3], [3], [3]], new(Training: false), 0.1, 1.5);
        yield return new("Relu", [[3, 5]], None);
        yield return new("LeakyRelu", [[3, 5]], new(Slope: 0.2));
        yield return new("Abs", [[3, 5]], None);
        yield return new("Maximum", [[2, 3, 4], [3, 1]], None);
        yield return new("Maximum", [[3, 4], [3, 4]], None);
        yield return new("Max", [[2, 3, 4]], new(Axes: [1]));
        yield return new("Max", [[2, 3, 4]], new(Axes: [0, 2], KeepDims: true));
        yield return new("Max", [[3, 4]], None);
        yield return new("Tanh", [[3, 5]], None);
        yield return new("Sigmoid", [[3, 5]], None);
        yield return new("Softmax", [[3, 5]], None);
        yield return new("LogSoftmax", [[2, 3, 4]], None);
        yield return new("Softmax", [[2, 3, 4]], new(Axis: 1));
        yield return new("LogSoftmax", [[3, 2, 2]], new(Axis: 0));
        yield return new("CrossEntropy", [[4, 5]], new(Labels: [0, 4, 2, 2]), -3, 3);
        yield return new("Mse", [[3, 4], [3, 4]], None);
        yield return new("Add", [[2, 3, 4], [3, 1]], None);
        yield return new("Add", [[4], [2, 4]], None);
        yield return new("Sub", [[2, 3, 4], [4]], None);
        yield return new("Mul", [[2, 1, 4], [3, 1]], None);
        yield return new("Div", [[2, 3, 4], [3, 4]], None, 0.5, 2);
        yield return new("Sum", [[2, 3, 4]], new(Axes: [1]));
        yield return new("Sum", [[2, 3, 4]], new(Axes: [0, 2], KeepDims: true));
        yield return new("Sum", [[3, 4]], None);
        yield return new("Mean", [[2, 3, 4]], new(Axes: [-1]));
        yield return new("Mean", [[5]], None);
        yield return new("Reshape", [[2, 3, 4]], new(Shape: [6, -1]));
        yield return new("Flatten", [[2, 3, 2, 2]], None);
        yield return new("Exp", [[3, 5]], None);
        yield return new("Log", [[3, 5]], None, 0.5, 2);
        yield return new("Sqrt", [[3, 5]], None, 0.5, 2);
        yield return new("Rsqrt", [[3, 5]], None, 0.5, 2);
        yield return new("Square", [[3, 5]], None);
        yield return new("Pow", [[3, 5]], new(Exponent: 2.5), 0.5, 2);
        yield return new("Pow", [[3, 5]], new(Exponent: -1.5), 0.5, 2);
        yield return new("Neg", [[3, 5]], None);
        yield return new("Clamp", [[4, 5]], new(Min: -0.5, Max: 0.3));
        yield return new("Minimum", [[2, 3, 4], [3, 1]], None);
        yield return new("Minimum", [[3, 4], [3, 4]], None);
        yield return new("Gelu", [[3, 5]], None, -3, 3);
        yield return new("Gelu", [[3, 5]], new(ApproximateTanh: true), -3, 3);
        yield return new("Silu", [[3, 5]], None, -3, 3);
        yield return new("Softplus", [[3, 5]], None, -3, 3);
        yield return new("Elu", [[3, 5]], new(Alpha: 0.7), -2, 2);
        yield return new("Elu", [[3, 5]], None, -2, 2);
        yield return new("AddScalar", [[3, 5]], new(Scalar: 0.3));
        yield return new("MulScalar", [[3, 5]], new(Scalar: -1.7));
        yield return new("Unsqueeze", [[3, 5]], new(Axis: 1));
        yield return new("Unsqueeze", [[3, 5]], new(Axis: -1));
        yield return new("Squeeze", [[3, 1, 5]], new(Axis: 1));
        yield return new("Squeeze", [[3, 5]], new(Axis: 0)); // size 3: no axis removed, as torch
        yield return new("MatMul", [[2, 3, 4, 5], [2, 3, 5, 2]], None); // attention: [B, H, T, D]·[B, H, D, T]
        yield return new("MatMul", [[2, 3, 4, 5], [5, 3]], None);
        yield return new("MatMul", [[4, 5], [2, 3, 5, 2]], None);
        yield return new("Permute", [[2, 3, 4]], new(Axes: [2, 0, 1]));
        yield return new("Permute", [[2, 3, 4, 5]], new(Axes: [0, 2, -3, 3])); // [B, T, H, D] to [B, H, T, D]
        yield return new("Transpose", [[2, 3, 4]], new(Axis0: -1, Axis1: -2));
        yield return new("Transpose", [[3, 5]], new(Axis0: 1, Axis1: 0));
        yield return new("LayerNorm", [[3, 5], [5], [5]], None, -2, 2);
        yield return new("LayerNorm", [[2, 3, 8], [8], [8]], None, -2, 2);
        yield return new("MaskedFill", [[2, 3, 4, 4], [4, 4]], new(Value: -2.5)); // mask drawn in (−1, 1): about half fills
        yield return new("MaskedFill", [[3, 5], [3, 1]], new(Value: 0.75));
        yield return new("Dropout", [[3, 5]], new(P: 0.3, Seed: 7, Step: 2, Training: true));
        yield return new("Dropout", [[2, 3, 4]], new(P: 0.5, Seed: 7, Step: 2, Training: false));
        yield return new("ScaledDotProductAttention", [[2, 4, 3], [2, 4, 3], [2, 4, 2]], new(Causal: true), -2, 2);
        yield return new("ScaledDotProductAttention", [[1, 2, 3, 4], [1, 2, 5, 4], [1, 2, 5, 3]], None, -2, 2); // T ≠ S, no mask
        yield return new("ScaledDotProductAttention", [[3, 5, 4], [3, 6, 4], [3, 6, 2]], new(Causal: true), -2, 2); // T < S, top-left mask
        yield return new("Narrow", [[2, 9, 3]], new(Axis: 1, Start: 3, Length: 4));
        yield return new("Narrow", [[4, 6]], new(Axis: -1, Start: 0, Length: 2)); // q of a fused q/k/v
        yield return new("Concat", [[2, 3, 4], [2, 5, 4]], new(Axis: 1));
        yield return new("Concat", [[3, 2], [1, 2]], new(Axis: 0));
        yield return new("CrossEntropy", [[5, 4]], new(Labels: [0, -100, 3, 1, -100]), -3, 3); // torch's default ignored label
        yield return new("CrossEntropy", [[4, 5]], new(Labels: [-1, 4, -1, 2], IgnoreIndex: -1), -3, 3); // nanoGPT's
        yield return new("Embedding", [[6, 4]], new(Indices: [3, 0, 3, 5, 1, 3, 0])); // repeats; rows 2 and 4 unused
    }
}
