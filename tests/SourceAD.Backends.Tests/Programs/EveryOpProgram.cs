using SourceAD.Tensors;

namespace SourceAD.Backends.Tests.Programs;

/// <summary>
/// One generated tensor program that calls every public row of the op registry (<see cref="OpSpecs"/>) at least once,
/// so the derivative code the generator writes for each row is compiled and checked in both modes
/// (<c>EveryOpProgramTests</c> reads this file and fails when a row is missing). Written the way a user writes a model.
/// </summary>
public sealed partial class EveryOpProgram
{
    [Parameter] public Tensor Wc, Bc, Gamma, Beta, W1, B1, M;

    /// <summary>Batch norm's running statistics (state, not parameters).</summary>
    public Tensor RunningMean, RunningVar;

    /// <summary>BatchNorm1d's running statistics over the 4 channels of the pooled features (fresh per program).</summary>
    public Tensor RunningMean1 = Tensor.Zeros([4], DType.Float64), RunningVar1 = Tensor.Full([4], 1.0, DType.Float64);

    /// <summary>A causal attention mask over 5 positions: 1 above the diagonal (data).</summary>
    public Tensor Causal = Tensor.FromArray(Enumerable.Range(0, 25).Select(i => i % 5 > i / 5 ? 1.0 : 0.0).ToArray(), 5, 5);

    /// <summary>Wraps <see cref="Initial(SeededRandom)"/>'s tensors, then the running statistics.</summary>
    public EveryOpProgram(IReadOnlyList<Tensor> p) =>
        (Wc, Bc, Gamma, Beta, W1, B1, M, RunningMean, RunningVar) = (p[0], p[1], p[2], p[3], p[4], p[5], p[6], p[7].Clone(), p[8].Clone());

    /// <summary>A small conv net with every op; a scalar loss. Both inputs are differentiable.</summary>
    [Differentiable]
    public Tensor Loss(Tensor x, Tensor target, int[] labels)
    {
        var c = Ops.Conv2d(x, Wc, Bc, stride: 1, padding: 1);                     // [2, 4, 6, 6]
        var dw = Ops.Conv2d(c, Ops.Narrow(Wc, 1, 0, 1), Bc, padding: 2, dilation: 2, groups: 4); // depthwise, dilated: [2, 4, 6, 6]
        Tensor loss = Ops.Mean(Ops.Mul(c, dw));
        var n = Ops.BatchNorm2d(c, Gamma, Beta, RunningMean, RunningVar, training: true);
        var e = Ops.Add(Ops.Relu(n), Ops.LeakyRelu(n, slope: 0.2));
        e = Ops.Sub(e, Ops.Mul(Ops.Abs(n), Ops.Tanh(n)));
        e = Ops.Div(e, Ops.Add(Ops.Sigmoid(n), Ops.Sigmoid(c)));
        e = Ops.Maximum(e, Ops.Tanh(c));
        var p = Ops.Add(Ops.MaxPool2d(e, kernel: 2), Ops.AvgPool2d(e, 2, stride: 2));   // [2, 4, 3, 3]
        p = Ops.Reshape(Ops.BatchNorm1d(Ops.Reshape(p, 2, 4, 9), Gamma, Beta, RunningMean1, RunningVar1, training: true), 2, 4, 3, 3);
        var h = Ops.Linear(Ops.Flatten(p), W1, B1);                                // [2, 5]
        var c1 = Ops.Conv1d(Ops.Reshape(p, 2, 4, 9), Ops.Reshape(Ops.Narrow(Ops.Reshape(Wc, 4, 27), 1, 0, 12), 4, 4, 3), Bc, stride: 2, padding: 1); // [2, 4, 5]
        loss = Ops.Add(loss, Ops.Mean(Ops.Mul(Ops.AdaptiveAvgPool2d(Ops.Reshape(c1, 2, 4, 5, 1), outputSize: 1), Ops.AdaptiveAvgPool2d(e))));
        var q = Ops.MatMul(h, M);                                                  // [2, 5]
        var s = Ops.Add(Ops.Softmax(q), Ops.LogSoftmax(q, axis: 0));
        loss = Ops.Add(loss, Ops.CrossEntropy(q, labels));
        loss = Ops.Add(loss, Ops.Mse(s, target));
        loss = Ops.Add(loss, Ops.Mean(Ops.Max(Ops.Reshape(s, 5, 2), axes: new[] { 1 })));
        loss = Ops.Add(loss, Ops.MulScalar(Ops.Sum(Ops.Mul(h, h), axes: new[] { 0, 1 }), 0.01));
        var r = Ops.LayerNorm(Ops.Add(h, Ops.Embedding(M, labels)), Ops.Sum(M, axes: new[] { 0 }), B1); // [2, 5]
        var r4 = Ops.Reshape(r, 1, 2, 5, 1);
        var scores = Ops.MaskedFill(Ops.MatMul(r4, Ops.Transpose(r4, -1, -2)), Causal, double.NegativeInfinity); // [1, 2, 5, 5]
        var context = Ops.Permute(Ops.MatMul(Ops.Softmax(scores), r4), 0, 2, 1, 3);                // [1, 5, 2, 1]
        loss = Ops.Add(loss, Ops.Mean(Ops.Square(Ops.Add(context, Ops.Permute(Ops.ScaledDotProductAttention(r4, r4, r4, causal: true), 0, 2, 1, 3)))));
        var dropped = Ops.Dropout(h, 0.3, seed: 7, step: 2, training: true);                     // [2, 5]
        loss = Ops.Add(loss, Ops.Mean(Ops.Mul(dropped, Ops.Dropout(r, 0.5, 7, 3, training: false))));
        var qk = Ops.Concat(Ops.Narrow(r, -1, 3, 2), Ops.Narrow(h, 1, 0, 3), axis: 1);           // [2, 5]
        loss = Ops.Add(loss, Ops.Mean(Ops.Mul(qk, r)));
        loss = Ops.Add(loss, Ops.CrossEntropy(r, labels, ignoreIndex: 1));                        // row 1 ignored
        var g = Ops.MulScalar(Ops.Tanh(Ops.MulScalar(h, 0.2)), 2.0);              // in (−2, 2): Exp stays moderate
        var z = Ops.AddScalar(Ops.Softplus(g), 0.5);                             // > 0.5: in Log's, Sqrt's and Pow's domain
        var u = Ops.Add(Ops.Log(z), Ops.Sqrt(z));
        u = Ops.Sub(u, Ops.Mul(Ops.Rsqrt(z), Ops.Pow(z, 1.5)));
        u = Ops.Add(u, Ops.Square(Ops.Neg(Ops.Clamp(g, -0.5, 0.5))));
        u = Ops.Add(u, Ops.Minimum(Ops.Gelu(g), Ops.Silu(g)));
        u = Ops.Add(u, Ops.Mul(Ops.Gelu(g, approximateTanh: true), Ops.Elu(g, alpha: 0.7)));
        u = Ops.MulScalar(Ops.Exp(Ops.MulScalar(u, 0.1)), 2.0);
        u = Ops.Squeeze(Ops.Unsqueeze(u, axis: 1), axis: -2);
        return Ops.Add(loss, Ops.Mean(u));
    }

    /// <summary>The parameters in declaration order, then the running statistics, in float64.</summary>
    public static Tensor[] Initial(SeededRandom rng)
    {
        Tensor U(int[] shape, double low = -1, double high = 1) => TensorInit.Uniform(shape, low, high, rng, DType.Float64);
        return [U([4, 3, 3, 3]), U([4]), U([4], 0.5, 1.5), U([4]), U([5, 36]), U([5]), U([5, 5]), U([4]), U([4], 0.5, 1.5)];
    }

    /// <summary>The parameter count (the first tensors of <see cref="Initial(SeededRandom)"/>).</summary>
    public const int ParameterCount = 7;

    /// <summary>The inputs x [2, 3, 6, 6] and target [2, 5].</summary>
    public static Tensor[] Inputs(SeededRandom rng) =>
        [TensorInit.Uniform([2, 3, 6, 6], -1, 1, rng, DType.Float64), TensorInit.Uniform([2, 5], -1, 1, rng, DType.Float64)];

    /// <summary>The labels of <see cref="Loss"/>.</summary>
    public static readonly int[] Labels = [3, 1];
}
