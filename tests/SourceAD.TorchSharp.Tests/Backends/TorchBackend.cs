using System.Runtime.InteropServices;
using SourceAD.Tensors;
using SourceAD.Tensors.Backends;
using TorchSharp;
using F = TorchSharp.torch.nn.functional;
using Tensor = SourceAD.Tensors.Tensor;

namespace SourceAD.TorchSharp.Tests.Backends;

/// <summary>
/// A prototype <see cref="ITensorBackend"/> on libtorch, enough for LeNet-5, to prove the interface fits a second
/// implementation and that ops dispatch on the tensor's device. Each SourceAD tensor on <see cref="Device"/> owns a flat
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
            r = r.sum(0);
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
        UnaryKind.Scale => View(x) * parameter,
        _ => throw Missing(kind.ToString()),
    });

    public void UnaryDerivativeProduct(UnaryKind kind, double parameter, DerivativePolicy policy, Tensor x, Tensor y, Tensor g, Tensor result)
    {
        if (kind != UnaryKind.Relu)
        {
            throw Missing(kind + " derivative");
        }
        torch.Tensor tx = View(x);
        if (policy.Strict && (tx == 0).any().item<bool>())
        {
            throw new NonsmoothPointException("Relu: an input element is exactly 0 under a strict derivative policy.");
        }
        torch.Tensor slope = torch.where(tx > 0, 1.0, torch.where(tx < 0, 0.0, policy.ReluAtZero)).to_type(tx.dtype);
        Write(result, View(g) * slope);
    }

    public void Binary(BinaryKind kind, Tensor a, Tensor b, Tensor y) => Write(y, kind switch
    {
        BinaryKind.Add => View(a) + View(b),
        BinaryKind.Sub => View(a) - View(b),
        BinaryKind.Mul => View(a) * View(b),
        _ => View(a) / View(b),
    });

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

    public void SumTo(Tensor x, Tensor y) => throw Missing(nameof(SumTo));

    public void BroadcastTo(Tensor x, Tensor y) => throw Missing(nameof(BroadcastTo));

    public void Softmax(Tensor x, Tensor y, int axis, bool log) => throw Missing(nameof(Softmax));

    public void SoftmaxDerivative(Tensor y, Tensor g, Tensor result, int axis, bool log, bool transpose) => throw Missing(nameof(SoftmaxDerivative));

    public void CrossEntropyJvp(Tensor logits, ReadOnlySpan<int> labels, Tensor tangent, Tensor loss) => throw Missing(nameof(CrossEntropyJvp));

    public void MaxPool2dJvp(Tensor x, Tensor tx, Tensor ty, Pool2dGeometry geometry, TieChoice ties, bool strict) => throw Missing(nameof(MaxPool2dJvp));

    public void AvgPool2d(Tensor x, Tensor y, Pool2dGeometry geometry) => throw Missing(nameof(AvgPool2d));

    public void AvgPool2dBackward(Tensor dy, Tensor dx, Pool2dGeometry geometry) => throw Missing(nameof(AvgPool2dBackward));

    public void BatchNormStatistics(Tensor x, Tensor mean, Tensor invStd, double eps, Tensor? runningMean, Tensor? runningVar, double momentum) => throw Missing(nameof(BatchNormStatistics));

    public void BatchNormApply(Tensor x, Tensor mean, Tensor invStd, Tensor gamma, Tensor beta, Tensor y) => throw Missing(nameof(BatchNormApply));

    public void BatchNormInputDerivative(Tensor x, Tensor mean, Tensor invStd, Tensor gamma, Tensor g, Tensor result, bool batchStatistics) => throw Missing(nameof(BatchNormInputDerivative));

    public void BatchNormParameterGradients(Tensor x, Tensor mean, Tensor invStd, Tensor g, Tensor dgamma, Tensor dbeta) => throw Missing(nameof(BatchNormParameterGradients));
}
