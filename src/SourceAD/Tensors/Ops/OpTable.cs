using SourceAD.Tensors.Backends;

namespace SourceAD.Tensors;

/// <summary>
/// Every tensor op, one row each: primal, backward rule, forward (JVP) rule and their costs in flops. Table-driven tests
/// iterate <see cref="All"/>; adding an op means adding a row here.
/// </summary>
public static class OpTable
{
    /// <summary>All rows, by name.</summary>
    public static IReadOnlyDictionary<string, TensorOpRule> All { get; } = Build().ToDictionary(r => r.Name);

    private static IEnumerable<TensorOpRule> Build()
    {
        yield return new("MatMul", 2, NonsmoothKind.None,
            (x, _) => Ops.MatMul(x[0]!, x[1]!),
            (x, _, _, dy) => Pair(Ops.MatMulBackward(x[0]!, x[1]!, dy)),
            (x, _, _, t) => Ops.MatMulJvp(x[0]!, x[1]!, t[0], t[1]),
            (x, _) =>
            {
                long gemm = 2L * Math.Max(x[0]!.Rank == 3 ? x[0]!.Size(0) : 1, x[1]!.Rank == 3 ? x[1]!.Size(0) : 1)
                    * x[0]!.Size(-2) * x[0]!.Size(-1) * x[1]!.Size(-1);
                return new(gemm, 2 * gemm, 2 * gemm);
            });

        yield return new("Linear", 3, NonsmoothKind.None,
            (x, _) => Ops.Linear(x[0]!, x[1]!, x[2]),
            (x, _, _, dy) => Triple(Ops.LinearBackward(x[0]!, x[1]!, x[2] is not null, dy)),
            (x, _, _, t) => Ops.LinearJvp(x[0]!, x[1]!, t[0], t[1], x[2] is null ? null : t[2]),
            (x, _) =>
            {
                long rows = x[0]!.Length / x[0]!.Size(-1);
                long gemm = 2L * rows * x[0]!.Size(-1) * x[1]!.Size(0);
                long bias = x[2] is null ? 0 : rows * x[1]!.Size(0);
                return new(gemm + bias, 2 * gemm + bias, 2 * gemm + 2 * bias);
            });

        yield return new("Conv2d", 3, NonsmoothKind.None,
            (x, a) => Ops.Conv2d(x[0]!, x[1]!, x[2], a.Stride ?? 1, a.Padding),
            (x, a, _, dy) => Triple(Ops.Conv2dBackward(x[0]!, x[1]!, x[2] is not null, dy, a.Stride ?? 1, a.Padding)),
            (x, a, _, t) => Ops.Conv2dJvp(x[0]!, x[1]!, t[0], t[1], x[2] is null ? null : t[2], a.Stride ?? 1, a.Padding),
            (x, a) =>
            {
                long outputs = ConvOutputs(x[0]!, x[1]!, new Conv2dGeometry(a.Stride ?? 1, a.Padding));
                long gemm = 2L * outputs * x[1]!.Size(1) * x[1]!.Size(2) * x[1]!.Size(3);
                long bias = x[2] is null ? 0 : outputs;
                return new(gemm + bias, 2 * gemm + bias, 2 * gemm + 2 * bias);
            });

        yield return new("MaxPool2d", 1, NonsmoothKind.MaxLike,
            (x, a) => Ops.MaxPool2d(x[0]!, a.Kernel, a.Stride, a.Padding),
            (x, a, _, dy) => [Ops.MaxPool2dBackward(x[0]!, dy, a.EffectivePolicy, a.Kernel, a.Stride, a.Padding)],
            (x, a, _, t) => Ops.MaxPool2dJvp(x[0]!, Need(t[0], x[0]!), a.EffectivePolicy, a.Kernel, a.Stride, a.Padding),
            // The derivative rules recompute the window max, scan for its active set and apply the shares.
            (x, a) =>
            {
                long outputs = PoolOutputs(x[0]!, a), window = a.Kernel * a.Kernel;
                return new(outputs * (window - 1), outputs * 3 * window, outputs * 3 * window);
            });

        yield return new("AvgPool2d", 1, NonsmoothKind.None,
            (x, a) => Ops.AvgPool2d(x[0]!, a.Kernel, a.Stride, a.Padding),
            (x, a, _, dy) => [Ops.AvgPool2dBackward(x[0]!, dy, a.Kernel, a.Stride, a.Padding)],
            (x, a, _, t) => Ops.AvgPool2dJvp(x[0]!, Need(t[0], x[0]!), a.Kernel, a.Stride, a.Padding),
            (x, a) =>
            {
                long flops = PoolOutputs(x[0]!, a) * a.Kernel * a.Kernel;
                return new(flops, flops, flops);
            });

        // Inputs: x, gamma, beta, running mean, running var (the last two are state, not differentiated).
        yield return new("BatchNorm2d", 5, NonsmoothKind.None,
            (x, a) => Ops.BatchNorm2d(x[0]!, x[1]!, x[2]!, x[3]!, x[4]!, a.Training),
            (x, a, _, dy) =>
            {
                (Tensor dx, Tensor dgamma, Tensor dbeta) = Ops.BatchNorm2dBackward(x[0]!, x[1]!, x[3]!, x[4]!, dy, a.Training);
                return [dx, dgamma, dbeta, null, null];
            },
            (x, a, _, t) => Ops.BatchNorm2dJvp(x[0]!, x[1]!, x[3]!, x[4]!, t[0], t[1], t[2], a.Training),
            (x, _) => PerElement(x[0]!, 7, 12, 12));

        yield return Elementwise("Relu", NonsmoothKind.ReluLike, (1, 2, 2),
            (x, _) => Ops.Relu(x),
            (x, a, _, dy) => Ops.ReluBackward(x, dy, a.EffectivePolicy),
            (x, a, _, t) => Ops.ReluJvp(x, t, a.EffectivePolicy));

        yield return Elementwise("Abs", NonsmoothKind.AbsLike, (1, 2, 2),
            (x, _) => Ops.Abs(x),
            (x, a, _, dy) => Ops.AbsBackward(x, dy, a.EffectivePolicy),
            (x, a, _, t) => Ops.AbsJvp(x, t, a.EffectivePolicy));

        yield return Elementwise("LeakyRelu", NonsmoothKind.ReluLike, (2, 2, 2),
            (x, a) => Ops.LeakyRelu(x, a.Slope),
            (x, a, _, dy) => Ops.LeakyReluBackward(x, dy, a.Slope, a.EffectivePolicy),
            (x, a, _, t) => Ops.LeakyReluJvp(x, t, a.Slope, a.EffectivePolicy));

        yield return Elementwise("Tanh", NonsmoothKind.None, (TranscendentalFlops, 3, 3),
            (x, _) => Ops.Tanh(x),
            (_, _, y, dy) => Ops.TanhBackward(y, dy),
            (_, _, y, t) => Ops.TanhJvp(y, t));

        yield return Elementwise("Sigmoid", NonsmoothKind.None, (TranscendentalFlops, 3, 3),
            (x, _) => Ops.Sigmoid(x),
            (_, _, y, dy) => Ops.SigmoidBackward(y, dy),
            (_, _, y, t) => Ops.SigmoidJvp(y, t));

        yield return Elementwise("Softmax", NonsmoothKind.None, (TranscendentalFlops + 3, 4, 4),
            (x, a) => Ops.Softmax(x, a.Axis),
            (_, a, y, dy) => Ops.SoftmaxBackward(y, dy, a.Axis),
            (_, a, y, t) => Ops.SoftmaxJvp(y, t, a.Axis));

        yield return Elementwise("LogSoftmax", NonsmoothKind.None, (TranscendentalFlops + 3, TranscendentalFlops + 2, 3),
            (x, a) => Ops.LogSoftmax(x, a.Axis),
            (_, a, y, dy) => Ops.LogSoftmaxBackward(y, dy, a.Axis),
            (_, a, y, t) => Ops.LogSoftmaxJvp(y, t, a.Axis));

        yield return new("CrossEntropy", 1, NonsmoothKind.None,
            (x, a) => Ops.CrossEntropy(x[0]!, a.RequiredLabels),
            (x, a, _, dy) => [Ops.CrossEntropyBackward(x[0]!, a.RequiredLabels, dy.Item())],
            (x, a, _, t) => Ops.CrossEntropyJvp(x[0]!, a.RequiredLabels, Need(t[0], x[0]!)),
            (x, _) => PerElement(x[0]!, TranscendentalFlops + 3, TranscendentalFlops + 5, TranscendentalFlops + 7));

        yield return new("Mse", 2, NonsmoothKind.None,
            (x, _) => Ops.Mse(x[0]!, x[1]!),
            (x, _, _, dy) => Pair(Ops.MseBackward(x[0]!, x[1]!, dy.Item())),
            (x, _, _, t) => Ops.MseJvp(x[0]!, x[1]!, t[0], t[1]),
            (x, _) => PerElement(x[0]!, 3, 3, 5));

        foreach (BinaryKind kind in new[] { BinaryKind.Add, BinaryKind.Sub, BinaryKind.Mul, BinaryKind.Div })
        {
            yield return new(kind.ToString(), 2, NonsmoothKind.None,
                (x, _) => kind switch
                {
                    BinaryKind.Add => Ops.Add(x[0]!, x[1]!),
                    BinaryKind.Sub => Ops.Sub(x[0]!, x[1]!),
                    BinaryKind.Mul => Ops.Mul(x[0]!, x[1]!),
                    _ => Ops.Div(x[0]!, x[1]!),
                },
                (x, _, _, dy) => Pair(Ops.BinaryBackward(kind, x[0]!, x[1]!, dy)),
                (x, _, _, t) => Ops.BinaryJvp(kind, x[0]!, x[1]!, t[0], t[1]),
                (x, _) =>
                {
                    long n = TensorShape.Count(TensorShape.Broadcast(kind.ToString(), x[0]!.Shape, x[1]!.Shape));
                    // Backward: the partial products, then one sum back to each operand's shape.
                    return kind switch
                    {
                        BinaryKind.Add or BinaryKind.Sub => new(n, 2 * n, n),
                        BinaryKind.Mul => new(n, 4 * n, 3 * n),
                        _ => new(n, 6 * n, 4 * n),
                    };
                });
        }

        yield return new("Maximum", 2, NonsmoothKind.MaxLike,
            (x, _) => Ops.Maximum(x[0]!, x[1]!),
            (x, a, _, dy) => Pair(Ops.MaximumBackward(x[0]!, x[1]!, dy, a.EffectivePolicy)),
            (x, a, _, t) => Ops.MaximumJvp(x[0]!, x[1]!, t[0], t[1], a.EffectivePolicy),
            (x, _) =>
            {
                long n = TensorShape.Count(TensorShape.Broadcast("Maximum", x[0]!.Shape, x[1]!.Shape));
                return new(n, 4 * n, 4 * n);
            });

        yield return new("Max", 1, NonsmoothKind.MaxLike,
            (x, a) => Ops.Max(x[0]!, a.Axes, a.KeepDims),
            (x, a, _, dy) => [Ops.MaxBackward(x[0]!, dy, a.EffectivePolicy, a.Axes, a.KeepDims)],
            (x, a, _, t) => Ops.MaxJvp(x[0]!, Need(t[0], x[0]!), a.EffectivePolicy, a.Axes, a.KeepDims),
            // The rules recompute the max, count the active set and apply the shares.
            (x, _) => PerElement(x[0]!, 1, 3, 3));

        yield return new("Sum", 1, NonsmoothKind.None,
            (x, a) => Ops.Sum(x[0]!, a.Axes, a.KeepDims),
            (x, a, _, dy) => [Ops.SumBackward(x[0]!, dy, a.Axes, a.KeepDims)],
            (x, a, _, t) => Ops.SumJvp(x[0]!, Need(t[0], x[0]!), a.Axes, a.KeepDims),
            (x, _) => PerElement(x[0]!, 1, 1, 1));

        yield return new("Mean", 1, NonsmoothKind.None,
            (x, a) => Ops.Mean(x[0]!, a.Axes, a.KeepDims),
            (x, a, _, dy) => [Ops.MeanBackward(x[0]!, dy, a.Axes, a.KeepDims)],
            (x, a, _, t) => Ops.MeanJvp(x[0]!, Need(t[0], x[0]!), a.Axes, a.KeepDims),
            (x, _) => PerElement(x[0]!, 1, 2, 1));

        yield return new("Reshape", 1, NonsmoothKind.None,
            (x, a) => Ops.Reshape(x[0]!, a.Shape ?? [-1]),
            (x, _, _, dy) => [Ops.ReshapeBackward(x[0]!, dy)],
            (x, a, _, t) => Ops.ReshapeJvp(Need(t[0], x[0]!), a.Shape ?? [-1]),
            (_, _) => default);

        yield return new("Flatten", 1, NonsmoothKind.None,
            (x, _) => Ops.Flatten(x[0]!),
            (x, _, _, dy) => [Ops.FlattenBackward(x[0]!, dy)],
            (x, _, _, t) => Ops.FlattenJvp(Need(t[0], x[0]!)),
            (_, _) => default);
    }

    /// <summary>Flops charged per element for exp, log or tanh (thesis Table 2.2's c_nonlin, taken as 1 unit + the arithmetic around it).</summary>
    public const int TranscendentalFlops = 4;

    private static TensorOpRule Elementwise(
        string name, NonsmoothKind kind, (int Primal, int Backward, int Jvp) flopsPerElement,
        Func<Tensor, OpAttributes, Tensor> primal,
        Func<Tensor, OpAttributes, Tensor, Tensor, Tensor> backward,
        Func<Tensor, OpAttributes, Tensor, Tensor, Tensor> jvp) =>
        new(name, 1, kind,
            (x, a) => primal(x[0]!, a),
            (x, a, y, dy) => [backward(x[0]!, a, y, dy)],
            (x, a, y, t) => jvp(x[0]!, a, y, Need(t[0], x[0]!)),
            (x, _) => PerElement(x[0]!, flopsPerElement.Primal, flopsPerElement.Backward, flopsPerElement.Jvp));

    private static OpCost PerElement(Tensor x, int primal, int backward, int jvp) =>
        new((long)primal * x.Length, (long)backward * x.Length, (long)jvp * x.Length);

    private static long ConvOutputs(Tensor x, Tensor w, Conv2dGeometry g) =>
        (long)x.Size(0) * w.Size(0) * g.OutputSize(x.Size(2), w.Size(2)) * g.OutputSize(x.Size(3), w.Size(3));

    private static long PoolOutputs(Tensor x, OpAttributes a)
    {
        var g = new Pool2dGeometry(a.Kernel, a.Stride ?? a.Kernel, a.Padding);
        return (long)x.Size(0) * x.Size(1) * g.OutputSize(x.Size(2)) * g.OutputSize(x.Size(3));
    }

    private static Tensor Need(Tensor? tangent, Tensor like) => tangent ?? Tensor.Zeros(like.Shape, like.DType, like.Device);

    private static Tensor?[] Pair((Tensor A, Tensor B) g) => [g.A, g.B];

    private static Tensor?[] Triple((Tensor A, Tensor B, Tensor? C) g) => [g.A, g.B, g.C];
}
