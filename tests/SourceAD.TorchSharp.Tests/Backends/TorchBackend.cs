using System.Runtime.InteropServices;
using SourceAD.Tensors;
using SourceAD.Tensors.Backends;
using TorchSharp;
using F = TorchSharp.torch.nn.functional;
using Tensor = SourceAD.Tensors.Tensor;

namespace SourceAD.TorchSharp.Tests.Backends;

/// <summary>
/// A prototype <see cref="ITensorBackend"/> on libtorch (test-only) proving the interface fits a second implementation
/// and that ops dispatch on the tensor's device. MaxPool's derivative rules support only the Native tie rule (libtorch's). Each SourceAD tensor on <see cref="Device"/> owns a flat
/// libtorch tensor; kernels view it with the SourceAD shape. The real TorchSharp backend belongs in its own assembly.
/// </summary>
internal sealed class TorchBackend : ITensorBackend
{
    public static readonly Device TorchCpu = new(DeviceKind.Torch);

    public Device Device => TorchCpu;

    private sealed class TorchStorage(torch.Tensor flat, DType dtype) : TensorStorage
    {
        public torch.Tensor Flat { get; } = flat;

        public override DType DType => dtype;

        public override Device Device => TorchCpu;

        public override int Length => (int)Flat.shape[0];

        protected override void Release() => Flat.Dispose();
    }

    private static torch.ScalarType Scalar(DType dtype) => dtype switch
    {
        DType.Float64 => torch.ScalarType.Float64,
        DType.Float16 => torch.ScalarType.Float16,
        _ => torch.ScalarType.Float32,
    };

    private static torch.Tensor View(Tensor t) => ((TorchStorage)t.Storage).Flat.view(t.ShapeArray.Select(d => (long)d).ToArray());

    private static void Write(Tensor destination, torch.Tensor value)
    {
        using var _ = torch.no_grad();
        View(destination).copy_(value);
    }

    public TensorStorage Allocate(DType dtype, int length, bool clear) =>
        new TorchStorage(clear ? torch.zeros(length, Scalar(dtype)) : torch.empty(length, Scalar(dtype)), dtype);

    public void CopyFromHost(ReadOnlySpan<byte> source, DType sourceType, Tensor destination)
    {
        using torch.Tensor host = sourceType switch
        {
            DType.Float64 => torch.tensor(MemoryMarshal.Cast<byte, double>(source).ToArray()),
            DType.Float16 => torch.tensor(MemoryMarshal.Cast<byte, Half>(source).ToArray().Select(h => (float)h).ToArray()),
            _ => torch.tensor(MemoryMarshal.Cast<byte, float>(source).ToArray()),
        };
        ((TorchStorage)destination.Storage).Flat.copy_(host);
    }

    public void CopyToHost(Tensor source, Span<byte> destination, DType destinationType)
    {
        using torch.Tensor flat = ((TorchStorage)source.Storage).Flat.to_type(torch.ScalarType.Float64);
        double[] values = flat.data<double>().ToArray();
        switch (destinationType)
        {
            case DType.Float64: values.CopyTo(MemoryMarshal.Cast<byte, double>(destination)); break;
            case DType.Float16: values.Select(v => (Half)v).ToArray().CopyTo(MemoryMarshal.Cast<byte, Half>(destination)); break;
            default: values.Select(v => (float)v).ToArray().CopyTo(MemoryMarshal.Cast<byte, float>(destination)); break;
        }
    }

    public void Convert(Tensor source, Tensor destination) => Write(destination, View(source).to_type(Scalar(destination.DType)));

    public void Fill(Tensor destination, double value) => ((TorchStorage)destination.Storage).Flat.fill_(value);

    public void MatMul(Tensor a, bool transposeA, Tensor b, bool transposeB, Tensor y, double beta)
    {
        torch.Tensor ta = transposeA ? View(a).transpose(-1, -2) : View(a);
        torch.Tensor tb = transposeB ? View(b).transpose(-1, -2) : View(b);
        torch.Tensor r = ta.matmul(tb);
        if (y.Rank == 2 && r.dim() == 3)
        {
            r = r.sum(0L); // not sum(0): a literal 0 converts to ScalarType and would pick the dtype overload
        }
        Write(y, beta == 0 ? r : View(y) * beta + r);
    }

    public void AddBias(Tensor y, Tensor bias, int axis) => Write(y, View(y) + View(bias).view(BiasShape(y, axis)));

    public void SumToBias(Tensor x, Tensor bias, int axis) =>
        Write(bias, View(x).sum(Enumerable.Range(0, x.Rank).Where(i => i != axis).Select(i => (long)i).ToArray()));

    private static long[] BiasShape(Tensor y, int axis) => Enumerable.Range(0, y.Rank).Select(i => i == axis ? (long)y.Size(i) : 1L).ToArray();

    public void Unary(UnaryKind kind, double parameter, Tensor x, Tensor y) => Write(y, kind switch
    {
        UnaryKind.Relu => F.relu(View(x)),
        UnaryKind.LeakyRelu => F.leaky_relu(View(x), parameter),
        UnaryKind.Tanh => View(x).tanh(),
        UnaryKind.Sigmoid => View(x).sigmoid(),
        UnaryKind.Abs => View(x).abs(),
        _ => View(x) * parameter,
    });

    public void UnaryDerivativeProduct(UnaryKind kind, double parameter, DerivativePolicy policy, Tensor x, Tensor y, Tensor g, Tensor result)
    {
        torch.Tensor tx = View(x), ty = View(y);
        if (kind is UnaryKind.Relu or UnaryKind.LeakyRelu)
        {
            if (policy.Strict && (tx == 0).any().item<bool>())
            {
                throw new NonsmoothPointException($"{kind}: an input element is exactly 0 under a strict derivative policy.");
            }
            double left = kind == UnaryKind.Relu ? 0 : parameter;
            double atZero = left + policy.ReluAtZero * (1 - left);
            torch.Tensor slope = torch.where(tx > 0, 1.0, torch.where(tx < 0, left, atZero)).to_type(tx.dtype);
            Write(result, View(g) * slope);
            return;
        }
        if (kind == UnaryKind.Abs)
        {
            if (policy.Strict && (tx == 0).any().item<bool>())
            {
                throw new NonsmoothPointException("Abs: an input element is exactly 0 under a strict derivative policy.");
            }
            Write(result, View(g) * torch.where(tx > 0, 1.0, torch.where(tx < 0, -1.0, policy.AbsAtZero)).to_type(tx.dtype));
            return;
        }
        Write(result, kind switch
        {
            UnaryKind.Tanh => View(g) * (1 - ty * ty),
            UnaryKind.Sigmoid => View(g) * ty * (1 - ty),
            _ => View(g) * parameter,
        });
    }

    public void Binary(BinaryKind kind, Tensor a, Tensor b, Tensor y) => Write(y, kind switch
    {
        BinaryKind.Add => View(a) + View(b),
        BinaryKind.Sub => View(a) - View(b),
        BinaryKind.Mul => View(a) * View(b),
        BinaryKind.Div => View(a) / View(b),
        _ => torch.maximum(View(a), View(b)),
    });

    public void MaximumDerivative(Tensor a, Tensor b, Tensor g, Tensor ga, Tensor gb, TieChoice ties, bool strict)
    {
        torch.Tensor ta = View(a), tb = View(b);
        if (strict && (ta == tb).any().item<bool>())
        {
            throw new NonsmoothPointException("Maximum: a tie under a strict derivative policy.");
        }
        Write(ga, View(g) * torch.where(ta > tb, 1.0, torch.where(ta < tb, 0.0, ties.Share(0, 2))).to_type(ta.dtype));
        Write(gb, View(g) * torch.where(ta < tb, 1.0, torch.where(ta > tb, 0.0, ties.Share(1, 2))).to_type(ta.dtype));
    }

    /// <summary>The axes of x that a reduction to y's shape (right-aligned) removes.</summary>
    private static long[] ReducedAxes(Tensor x, Tensor y)
    {
        int lead = x.Rank - y.Rank;
        return Enumerable.Range(0, x.Rank).Where(i => i < lead || (y.Size(i - lead) == 1 && x.Size(i) != 1)).Select(i => (long)i).ToArray();
    }

    public void MaxReduce(Tensor x, Tensor y)
    {
        long[] axes = ReducedAxes(x, y);
        Write(y, (axes.Length == 0 ? View(x) : View(x).amax(axes, keepdim: true)).reshape(y.ShapeArray.Select(d => (long)d).ToArray()));
    }

    public void MaxReduceDerivative(Tensor x, Tensor y, Tensor g, Tensor result, TieChoice ties, bool strict, bool transpose)
    {
        // The even split over each group's active set is torch.amax's rule; other tie rules need a first-index scan.
        if (ties.Rule != TieRule.Minimal || strict)
        {
            throw Missing($"Max reduction derivative with {ties}{(strict ? ", strict" : "")}");
        }
        long[] axes = ReducedAxes(x, y);
        torch.Tensor mask = (View(x) == View(y)).to_type(Scalar(x.DType));
        torch.Tensor share = axes.Length == 0 ? mask : mask / mask.sum(axes, keepdim: true);
        Write(result, transpose ? View(g) * share : (View(g) * share).sum(axes, keepdim: true));
    }

    public void CrossEntropy(Tensor logits, ReadOnlySpan<int> labels, Tensor loss) =>
        Write(loss, F.cross_entropy(View(logits), Labels(labels)));

    public void CrossEntropyBackward(Tensor logits, ReadOnlySpan<int> labels, double scale, Tensor result)
    {
        torch.Tensor p = View(logits).softmax(1);
        torch.Tensor onehot = F.one_hot(Labels(labels), logits.Size(1)).to_type(p.dtype);
        Write(result, (p - onehot) * (scale / logits.Size(0)));
    }

    private static torch.Tensor Labels(ReadOnlySpan<int> labels) => torch.tensor(labels.ToArray().Select(l => (long)l).ToArray());

    public void Conv2d(Tensor x, Tensor w, Tensor? bias, Tensor y, Conv2dGeometry geometry) =>
        Write(y, F.conv2d(View(x), View(w), bias is null ? null : View(bias), [geometry.Stride, geometry.Stride], [geometry.Padding, geometry.Padding]));

    // conv2d is linear in x and in w: the adjoint of each is the gradient of ⟨dy, conv⟩ at any point, zero included.
    public void Conv2dBackwardInput(Tensor dy, Tensor w, Tensor dx, Conv2dGeometry geometry)
    {
        torch.Tensor x0 = torch.zeros(dx.ShapeArray.Select(d => (long)d).ToArray(), Scalar(dx.DType)).requires_grad_();
        torch.Tensor y = F.conv2d(x0, View(w), null, [geometry.Stride, geometry.Stride], [geometry.Padding, geometry.Padding]);
        Write(dx, torch.autograd.grad([y], [x0], [View(dy)])[0]);
    }

    public void Conv2dBackwardWeight(Tensor x, Tensor dy, Tensor dw, Conv2dGeometry geometry)
    {
        torch.Tensor w0 = torch.zeros(dw.ShapeArray.Select(d => (long)d).ToArray(), Scalar(dw.DType)).requires_grad_();
        torch.Tensor y = F.conv2d(View(x), w0, null, [geometry.Stride, geometry.Stride], [geometry.Padding, geometry.Padding]);
        Write(dw, torch.autograd.grad([y], [w0], [View(dy)])[0]);
    }

    public void MaxPool2d(Tensor x, Tensor y, Pool2dGeometry g) =>
        Write(y, F.max_pool2d(View(x), [g.Kernel, g.Kernel], [g.Stride, g.Stride], [g.Padding, g.Padding]));

    public void MaxPool2dBackward(Tensor x, Tensor dy, Tensor dx, Pool2dGeometry g, TieChoice ties, bool strict)
    {
        // libtorch's kernel is the Native choice; other tie rules would need the active sets.
        if (ties.Rule != TieRule.Native || strict)
        {
            throw Missing($"MaxPool2d backward with {ties}{(strict ? ", strict" : "")}");
        }
        torch.Tensor x0 = View(x).detach().requires_grad_();
        torch.Tensor y = F.max_pool2d(x0, [g.Kernel, g.Kernel], [g.Stride, g.Stride], [g.Padding, g.Padding]);
        Write(dx, torch.autograd.grad([y], [x0], [View(dy)])[0]);
    }

    private static NotSupportedException Missing(string what) => new($"The TorchSharp test backend does not implement {what}.");

    public void SumTo(Tensor x, Tensor y)
    {
        // y's shape right-aligned to x's: sum the axes where y has 1 and x does not, and the leading axes y lacks.
        long[] axes = ReducedAxes(x, y);
        torch.Tensor r = axes.Length == 0 ? View(x) : View(x).sum(axes, keepdim: true);
        Write(y, r.reshape(y.ShapeArray.Select(d => (long)d).ToArray()));
    }

    public void BroadcastTo(Tensor x, Tensor y) => Write(y, View(x).expand(y.ShapeArray.Select(d => (long)d).ToArray()));

    public void Softmax(Tensor x, Tensor y, int axis, bool log) => Write(y, log ? View(x).log_softmax(axis) : View(x).softmax(axis));

    public void SoftmaxDerivative(Tensor y, Tensor g, Tensor result, int axis, bool log, bool transpose)
    {
        torch.Tensor ty = View(y), tg = View(g);
        torch.Tensor p = log ? ty.exp() : ty;
        Write(result, !log
            ? p * (tg - (p * tg).sum(axis, keepdim: true))
            : transpose ? tg - p * tg.sum(axis, keepdim: true) : tg - (p * tg).sum(axis, keepdim: true));
    }

    public void CrossEntropyJvp(Tensor logits, ReadOnlySpan<int> labels, Tensor tangent, Tensor loss)
    {
        torch.Tensor p = View(logits).softmax(1);
        torch.Tensor onehot = F.one_hot(Labels(labels), logits.Size(1)).to_type(p.dtype);
        Write(loss, ((p - onehot) * View(tangent)).sum() / logits.Size(0));
    }

    public void MaxPool2dJvp(Tensor x, Tensor tx, Tensor ty, Pool2dGeometry g, TieChoice ties, bool strict)
    {
        if (ties.Rule != TieRule.Native || strict)
        {
            throw Missing($"MaxPool2d JVP with {ties}{(strict ? ", strict" : "")}");
        }
        // Native: each output's tangent is the tangent at torch's argmax (flat index within the plane).
        (torch.Tensor _, torch.Tensor indices) = F.max_pool2d_with_indices(View(x), [g.Kernel, g.Kernel], [g.Stride, g.Stride], [g.Padding, g.Padding]);
        torch.Tensor planes = View(tx).flatten(2);
        Write(ty, planes.gather(2, indices.flatten(2)).view(indices.shape));
    }

    public void AvgPool2d(Tensor x, Tensor y, Pool2dGeometry g) =>
        Write(y, F.avg_pool2d(View(x), [g.Kernel, g.Kernel], [g.Stride, g.Stride], [g.Padding, g.Padding]));

    public void AvgPool2dBackward(Tensor dy, Tensor dx, Pool2dGeometry g)
    {
        torch.Tensor x0 = torch.zeros(dx.ShapeArray.Select(d => (long)d).ToArray(), Scalar(dx.DType)).requires_grad_();
        torch.Tensor y = F.avg_pool2d(x0, [g.Kernel, g.Kernel], [g.Stride, g.Stride], [g.Padding, g.Padding]);
        Write(dx, torch.autograd.grad([y], [x0], [View(dy)])[0]);
    }

    private static torch.Tensor PerChannel(Tensor t, Tensor like) => View(t).view(BiasShape(like, 1));

    public void BatchNormStatistics(Tensor x, Tensor mean, Tensor invStd, double eps, Tensor? runningMean, Tensor? runningVar, double momentum)
    {
        long[] axes = [0, 2, 3];
        torch.Tensor tx = View(x).to_type(torch.ScalarType.Float64);
        torch.Tensor mu = tx.mean(axes), variance = tx.var(axes, unbiased: false);
        Write(mean, mu);
        Write(invStd, (variance + eps).rsqrt());
        if (runningMean is not null && runningVar is not null)
        {
            long count = x.Length / x.Size(1);
            Write(runningMean, View(runningMean) * (1 - momentum) + mu * momentum);
            Write(runningVar, View(runningVar) * (1 - momentum) + variance * (count / (double)Math.Max(1, count - 1)) * momentum);
        }
    }

    public void BatchNormApply(Tensor x, Tensor mean, Tensor invStd, Tensor gamma, Tensor beta, Tensor y) =>
        Write(y, (View(x) - PerChannel(mean, x)) * PerChannel(invStd, x) * PerChannel(gamma, x) + PerChannel(beta, x));

    public void BatchNormInputDerivative(Tensor x, Tensor mean, Tensor invStd, Tensor gamma, Tensor g, Tensor result, bool batchStatistics)
    {
        long[] axes = [0, 2, 3];
        torch.Tensor tg = View(g), scale = PerChannel(gamma, x) * PerChannel(invStd, x);
        if (!batchStatistics)
        {
            Write(result, scale * tg);
            return;
        }
        torch.Tensor xhat = (View(x) - PerChannel(mean, x)) * PerChannel(invStd, x);
        Write(result, scale * (tg - tg.mean(axes, keepdim: true) - xhat * (xhat * tg).mean(axes, keepdim: true)));
    }

    public void BatchNormParameterGradients(Tensor x, Tensor mean, Tensor invStd, Tensor g, Tensor dgamma, Tensor dbeta)
    {
        long[] axes = [0, 2, 3];
        torch.Tensor xhat = (View(x) - PerChannel(mean, x)) * PerChannel(invStd, x);
        Write(dgamma, (xhat * View(g)).sum(axes));
        Write(dbeta, View(g).sum(axes));
    }

    public void ApplyUpdate<TRule>(TRule rule, ReadOnlySpan<Tensor> state, ReadOnlySpan<Tensor> inputs)
        where TRule : struct, SourceAD.Optimizers.IElementwiseUpdate =>
        throw new NotSupportedException("The test prototype has no optimizer kernels; src/SourceAD.TorchSharp replaces it.");
}
