using SourceAD.Tensors;
using SourceAD.Tests.Tensors;
using TorchSharp;
using F = TorchSharp.torch.nn.functional;
using Tensor = SourceAD.Tensors.Tensor;

namespace SourceAD.TorchSharp.Tests.Tensors;

/// <summary>
/// Every op case of the finite-difference suite, in float32: the primal and every input adjoint against TorchSharp's
/// result and autograd; and at exact ties and zeros, the PyTorch policy reproduces torch's choices bit for bit.
/// </summary>
public class TorchOpParityTests
{
    private const double Tolerance = 1e-5;

    [Theory]
    [MemberData(nameof(OpCases.Names), MemberType = typeof(OpCases))]
    public void PrimalAndBackwardMatchTorchAutograd(string name)
    {
        (int index, OpCase c) = OpCases.Find(name);
        TensorOpRule rule = OpTable.All[c.Op];
        var rng = new SeededRandom(2000 + (ulong)index);
        Tensor?[] x = c.Inputs(rng, DType.Float32);
        using Tensor y = rule.Primal(x, c.Attributes);
        using Tensor u = TensorInit.Uniform(y.Shape, -1, 1, rng);
        Tensor?[] adjoints = rule.Backward(x, c.Attributes, y, u);

        torch.Tensor?[] tx = x.Select(t => t is null ? null : TorchInterop.ToTorch(t, requiresGrad: true)).ToArray();
        torch.Tensor ty = TorchOp(c, tx);
        TorchInterop.AssertClose(y, ty, Tolerance, $"{name} primal");
        (ty * TorchInterop.ToTorch(u)).sum().backward();
        for (int i = 0; i < x.Length; i++)
        {
            if (tx[i] is not null && adjoints[i] is not null)
            {
                TorchInterop.AssertClose(adjoints[i]!, tx[i]!.grad!, Tolerance, $"{name} adjoint of input {i}");
            }
        }
        foreach (Tensor? t in x.Concat(adjoints))
        {
            t?.Dispose();
        }
    }

    /// <summary>
    /// TorchSharp has no forward mode; its JVP is obtained by the double-backward trick: g(u) = Jᵀu is linear in u, so
    /// d⟨g(u), t⟩/du = J·t.
    /// </summary>
    [Theory]
    [MemberData(nameof(OpCases.Names), MemberType = typeof(OpCases))]
    public void ForwardRuleMatchesTorchThroughDoubleBackward(string name)
    {
        (int index, OpCase c) = OpCases.Find(name);
        TensorOpRule rule = OpTable.All[c.Op];
        var rng = new SeededRandom(3000 + (ulong)index);
        Tensor?[] x = c.Inputs(rng, DType.Float32);
        using Tensor y = rule.Primal(x, c.Attributes);
        using Tensor probe = Tensor.Zeros(y.Shape);
        Tensor?[] adjoints = rule.Backward(x, c.Attributes, y, probe);
        // Differentiable inputs are those with an adjoint (not absent, not state like running statistics).
        Tensor?[] tangents = x.Select((t, i) => t is null || adjoints[i] is null ? null : TensorInit.Uniform(t.Shape, -1, 1, rng)).ToArray();
        using Tensor jvp = rule.Jvp(x, c.Attributes, y, tangents);

        torch.Tensor?[] tx = x.Select(t => t is null ? null : TorchInterop.ToTorch(t, requiresGrad: true)).ToArray();
        torch.Tensor ty = TorchOp(c, tx);
        int[] active = Enumerable.Range(0, x.Length).Where(i => tangents[i] is not null).ToArray();
        torch.Tensor u = torch.zeros_like(ty).requires_grad_();
        var g = torch.autograd.grad([ty], active.Select(i => tx[i]!).ToArray(), [u], create_graph: true);
        torch.Tensor inner = torch.zeros(1);
        for (int k = 0; k < active.Length; k++)
        {
            inner = inner + (g[k] * TorchInterop.ToTorch(tangents[active[k]]!)).sum();
        }
        torch.Tensor expected = torch.autograd.grad([inner], [u])[0];
        TorchInterop.AssertClose(jvp, expected, Tolerance, $"{name} JVP");
        foreach (Tensor? t in x.Concat(adjoints).Concat(tangents))
        {
            t?.Dispose();
        }
    }

    [Theory]
    [InlineData(2, 2, 0)]
    [InlineData(3, 2, 0)]
    [InlineData(3, 1, 0)]
    [InlineData(3, 2, 1)]
    public void MaxPoolTiesGoToTorchsIndexUnderThePyTorchPolicy(int kernel, int stride, int padding)
    {
        var rng = new SeededRandom(77);
        // Values in {0, 1, 2}: almost every window has tied maxima.
        float[] values = Enumerable.Range(0, 2 * 3 * 9 * 9).Select(_ => (float)rng.NextInt(3)).ToArray();
        using Tensor x = Tensor.FromArray(values, 2, 3, 9, 9);
        using Tensor y = Ops.MaxPool2d(x, kernel, stride, padding);
        using Tensor u = TensorInit.Uniform(y.Shape, -1, 1, rng);
        using Tensor dx = Ops.MaxPool2dBackward(x, u, DerivativePolicy.PyTorch, kernel, stride, padding);

        torch.Tensor tx = TorchInterop.ToTorch(x, requiresGrad: true);
        torch.Tensor ty = F.max_pool2d(tx, [kernel, kernel], [stride, stride], [padding, padding]);
        (ty * TorchInterop.ToTorch(u)).sum().backward();
        Assert.Equal(TorchInterop.Values(ty), y.ToDoubleArray());
        // Native ties: the same single index gets each window's adjoint. Overlapping windows add in a different order
        // than torch, so compare to float rounding there and exactly otherwise.
        double tolerance = stride < kernel ? 1e-6 : 0;
        Assert.True(TorchInterop.RelativeError(dx, tx.grad!) <= tolerance);
    }

    [Fact]
    public void ReluAndLeakyReluAtZeroFollowTorchUnderThePyTorchPolicy()
    {
        float[] values = [-1, 0, 2, -0f, 0, 3, -2, 0];
        using Tensor x = Tensor.FromArray(values, 2, 4);
        using Tensor g = Tensor.FromArray(new float[] { 1, 2, 3, 4, 5, 6, 7, 8 }, 2, 4);
        using Tensor relu = Ops.ReluBackward(x, g, DerivativePolicy.PyTorch);
        using Tensor leaky = Ops.LeakyReluBackward(x, g, 0.1, DerivativePolicy.PyTorch);

        torch.Tensor tx = TorchInterop.ToTorch(x, requiresGrad: true);
        (F.relu(tx) * TorchInterop.ToTorch(g)).sum().backward();
        Assert.Equal(TorchInterop.Values(tx.grad!), relu.ToDoubleArray());

        torch.Tensor tx2 = TorchInterop.ToTorch(x, requiresGrad: true);
        (F.leaky_relu(tx2, 0.1) * TorchInterop.ToTorch(g)).sum().backward();
        Assert.Equal(TorchInterop.Values(tx2.grad!), leaky.ToDoubleArray());
    }

    [Fact]
    public void MaximumMaxAndAbsTiesFollowTorchUnderThePyTorchPolicy()
    {
        var rng = new SeededRandom(31);
        float[] Ints(int n) => Enumerable.Range(0, n).Select(_ => (float)(rng.NextInt(3) - 1)).ToArray();
        using Tensor a = Tensor.FromArray(Ints(24), 2, 3, 4), b = Tensor.FromArray(Ints(12), 3, 4);
        using Tensor u = TensorInit.Uniform([2, 3, 4], -1, 1, rng), v = TensorInit.Uniform([2, 4], -1, 1, rng);
        var policy = DerivativePolicy.PyTorch;

        (Tensor da, Tensor db) = Ops.MaximumBackward(a, b, u, policy);
        torch.Tensor ta = TorchInterop.ToTorch(a, requiresGrad: true), tb = TorchInterop.ToTorch(b, requiresGrad: true);
        (torch.maximum(ta, tb) * TorchInterop.ToTorch(u)).sum().backward();
        Assert.True(TorchInterop.RelativeError(da, ta.grad!) <= 1e-6, "maximum: adjoint of a");
        Assert.True(TorchInterop.RelativeError(db, tb.grad!) <= 1e-6, "maximum: adjoint of b");

        using Tensor dx = Ops.MaxBackward(a, v, policy, axes: [1]);
        torch.Tensor tx = TorchInterop.ToTorch(a, requiresGrad: true);
        (tx.amax([1]) * TorchInterop.ToTorch(v)).sum().backward();
        Assert.True(TorchInterop.RelativeError(dx, tx.grad!) <= 1e-6, "amax");

        using Tensor dabs = Ops.AbsBackward(a, u, policy);
        torch.Tensor tabs = TorchInterop.ToTorch(a, requiresGrad: true);
        (tabs.abs() * TorchInterop.ToTorch(u)).sum().backward();
        Assert.Equal(TorchInterop.Values(tabs.grad!), dabs.ToDoubleArray());
        da.Dispose();
        db.Dispose();
    }

    [Fact]
    public void BatchNormTrainingUpdatesRunningStatisticsLikeTorch()
    {
        var rng = new SeededRandom(12);
        using Tensor x = TensorInit.Uniform([4, 3, 5, 5], -2, 3, rng);
        using Tensor gamma = TensorInit.Uniform([3], 0.5, 1.5, rng), beta = TensorInit.Uniform([3], -1, 1, rng);
        using Tensor mean = Tensor.Zeros([3]), variance = Tensor.Full([3], 1.0);
        torch.Tensor tm = TorchInterop.ToTorch(mean), tv = TorchInterop.ToTorch(variance);
        for (int step = 0; step < 3; step++)
        {
            Ops.BatchNorm2d(x, gamma, beta, mean, variance, training: true).Dispose();
            F.batch_norm(TorchInterop.ToTorch(x), tm, tv, TorchInterop.ToTorch(gamma), TorchInterop.ToTorch(beta), true, OpDefaults.BatchNormMomentum, OpDefaults.BatchNormEps).Dispose();
        }
        TorchInterop.AssertClose(mean, tm, Tolerance, "running mean");
        TorchInterop.AssertClose(variance, tv, Tolerance, "running var");
    }

    /// <summary>Dropout's kept elements times 1/(1 − p), the mask from <see cref="SourceAD.Tensors.Backends.DropoutMask"/> on the host.</summary>
    private static torch.Tensor DropoutScale(torch.Tensor x, OpAttributes a)
    {
        uint key = SourceAD.Tensors.Backends.DropoutMask.Key(a.Seed, a.Step), threshold = SourceAD.Tensors.Backends.DropoutMask.Threshold(a.P!.Value);
        float scale = (float)(1 / (1 - a.P!.Value));
        float[] values = Enumerable.Range(0, (int)x.numel()).Select(i => SourceAD.Tensors.Backends.DropoutMask.Keeps(key, threshold, i) ? scale : 0f).ToArray();
        return torch.tensor(values).reshape(x.shape);
    }

    private static torch.Tensor TorchOp(OpCase c, torch.Tensor?[] p)
    {
        OpAttributes a = c.Attributes;
        long stride = a.Stride ?? 1, poolStride = a.Stride ?? a.Kernel;
        long[]? axes = a.Axes?.Select(v => (long)v).ToArray();
        return c.Op switch
        {
            "MatMul" => p[0]!.matmul(p[1]!),
            "Linear" => F.linear(p[0]!, p[1]!, p[2]),
            "Conv2d" => F.conv2d(p[0]!, p[1]!, p[2], strides: [stride, stride], padding: [a.Padding, a.Padding], dilation: [a.Dilation, a.Dilation], groups: a.Groups),
            "Conv1d" => F.conv1d(p[0]!, p[1]!, p[2], stride: stride, padding: a.Padding),
            "AdaptiveAvgPool2d" => F.adaptive_avg_pool2d(p[0]!, [a.OutputSize, a.OutputSize]),
            "MaxPool2d" => F.max_pool2d(p[0]!, [a.Kernel, a.Kernel], [poolStride, poolStride], [a.Padding, a.Padding]),
            "AvgPool2d" => F.avg_pool2d(p[0]!, [a.Kernel, a.Kernel], [poolStride, poolStride], [a.Padding, a.Padding]),
            "BatchNorm2d" or "BatchNorm1d" => F.batch_norm(p[0]!, p[3]!.detach(), p[4]!.detach(), p[1]!, p[2]!, a.Training, OpDefaults.BatchNormMomentum, OpDefaults.BatchNormEps),
            "Relu" => F.relu(p[0]!),
            "Abs" => p[0]!.abs(),
            "Maximum" => torch.maximum(p[0]!, p[1]!),
            "Max" => axes is null ? p[0]!.amax(Enumerable.Range(0, (int)p[0]!.dim()).Select(i => (long)i).ToArray()) : p[0]!.amax(axes, a.KeepDims),
            "LeakyRelu" => F.leaky_relu(p[0]!, a.Slope ?? OpDefaults.LeakyReluSlope),
            "Tanh" => p[0]!.tanh(),
            "Sigmoid" => p[0]!.sigmoid(),
            "Softmax" => p[0]!.softmax(a.Axis),
            "LogSoftmax" => p[0]!.log_softmax(a.Axis),
            "CrossEntropy" => F.cross_entropy(p[0]!, torch.tensor(a.RequiredLabels.Select(l => (long)l).ToArray()), ignore_index: a.IgnoreIndex),
            "Mse" => F.mse_loss(p[0]!, p[1]!),
            "Add" => p[0]! + p[1]!,
            "Sub" => p[0]! - p[1]!,
            "Mul" => p[0]! * p[1]!,
            "Div" => p[0]! / p[1]!,
            "Sum" => axes is null ? p[0]!.sum() : p[0]!.sum(axes, a.KeepDims),
            "Mean" => axes is null ? p[0]!.mean() : p[0]!.mean(axes, a.KeepDims),
            "Reshape" => p[0]!.reshape(a.Shape!.Select(v => (long)v).ToArray()),
            "Flatten" => p[0]!.flatten(1),
            "Exp" => p[0]!.exp(),
            "Log" => p[0]!.log(),
            "Sqrt" => p[0]!.sqrt(),
            "Rsqrt" => p[0]!.rsqrt(),
            "Square" => p[0]!.square(),
            "Pow" => p[0]!.pow(a.Exponent!.Value),
            "Neg" => -p[0]!,
            "Clamp" => p[0]!.clamp(a.Min!.Value, a.Max!.Value),
            "Minimum" => torch.minimum(p[0]!, p[1]!),
            // The tanh form written out (torch's approximate='tanh' formula); autograd differentiates it.
            "Gelu" => a.ApproximateTanh == true
                ? 0.5 * p[0]! * (1 + (Math.Sqrt(2 / Math.PI) * (p[0]! + 0.044715 * p[0]!.pow(3))).tanh())
                : F.gelu(p[0]!),
            "Silu" => F.silu(p[0]!),
            "Softplus" => F.softplus(p[0]!),
            "Elu" => F.elu(p[0]!, a.Alpha ?? OpDefaults.EluAlpha),
            "AddScalar" => p[0]! + a.Scalar!.Value,
            "MulScalar" => p[0]! * a.Scalar!.Value,
            "Unsqueeze" => p[0]!.unsqueeze(a.Axis),
            "Squeeze" => p[0]!.squeeze(a.Axis),
            "Permute" => p[0]!.permute(a.Axes!.Select(v => (long)v).ToArray()),
            "Transpose" => p[0]!.transpose(a.Axis0, a.Axis1),
            "MaskedFill" => p[0]!.masked_fill(p[1]!.gt(0), a.Value!.Value),
            "Dropout" => a.Training ? p[0]! * DropoutScale(p[0]!, a) : p[0]!.clone(),
            "ScaledDotProductAttention" => F.scaled_dot_product_attention(p[0]!, p[1]!, p[2]!, is_casual: a.Causal),
            "Narrow" => p[0]!.narrow(a.Axis, a.Start, a.Length),
            "Concat" => torch.cat([p[0]!, p[1]!], a.Axis),
            "LayerNorm" => F.layer_norm(p[0]!, [p[0]!.shape[^1]], p[1]!, p[2]!, OpDefaults.LayerNormEps),
            // TorchSharp has no F.embedding; index_select is the same lookup, and its autograd the same scatter-add.
            "Embedding" => p[0]!.index_select(0, torch.tensor(a.Indices!.Select(l => (long)l).ToArray())),
            _ => throw new NotSupportedException($"No TorchSharp counterpart for {c.Op}; add one here."),
        };
    }
}
