using SourceAD.Optimizers;
using SourceAD.Tensors;
using SourceAD.Tensors.Backends;

namespace SourceAD.Backends.Tests;

/// <summary>
/// A second device for the mixed-device tests, whatever the device under test is (the CPU included): a backend that
/// only allocates. Every kernel throws, so an op that dispatches before checking its inputs' devices fails the test
/// with that kernel's exception instead of the expected <see cref="ArgumentException"/>.
/// </summary>
internal sealed class ForeignDevice : ITensorBackend
{
    /// <summary>A device no real backend uses (ILGPU accelerator 9999).</summary>
    public static readonly Device Device = new(DeviceKind.Ilgpu, 9999);

    private static readonly Lazy<ForeignDevice> Instance = new(() =>
    {
        var backend = new ForeignDevice();
        TensorBackends.Register(backend);
        return backend;
    });

    /// <summary>An (uninitialized) tensor on the foreign device.</summary>
    public static Tensor Tensor(int[] shape, DType dtype) => Instance.Value.Make(shape, dtype);

    private Tensor Make(int[] shape, DType dtype) => SourceAD.Tensors.Tensor.Empty(shape, dtype, Device);

    Device ITensorBackend.Device => Device;

    private sealed class Storage(DType dtype, int length) : TensorStorage
    {
        public override DType DType => dtype;

        public override Device Device => ForeignDevice.Device;

        public override int Length => length;

        protected override void Release()
        {
        }
    }

    public TensorStorage Allocate(DType dtype, int length, bool clear) => new Storage(dtype, length);

    private static InvalidOperationException Dispatched(string kernel) =>
        new($"{kernel} ran on the foreign test device: the op dispatched without checking that its inputs share one device.");

    public void CopyFromHost(ReadOnlySpan<byte> source, DType sourceType, Tensor destination) => throw Dispatched(nameof(CopyFromHost));
    public void CopyToHost(Tensor source, Span<byte> destination, DType destinationType) => throw Dispatched(nameof(CopyToHost));
    public void Convert(Tensor source, Tensor destination) => throw Dispatched(nameof(Convert));
    public void Fill(Tensor destination, double value) => throw Dispatched(nameof(Fill));
    public void MatMul(Tensor a, bool transposeA, Tensor b, bool transposeB, Tensor y, double beta) => throw Dispatched(nameof(MatMul));
    public void AddBias(Tensor y, Tensor bias, int axis) => throw Dispatched(nameof(AddBias));
    public void SumToBias(Tensor x, Tensor bias, int axis) => throw Dispatched(nameof(SumToBias));
    public void Unary(UnaryKind kind, double parameter, Tensor x, Tensor y) => throw Dispatched(nameof(Unary));
    public void UnaryDerivativeProduct(UnaryKind kind, double parameter, DerivativePolicy policy, Tensor x, Tensor y, Tensor g, Tensor result) => throw Dispatched(nameof(UnaryDerivativeProduct));
    public void Binary(BinaryKind kind, Tensor a, Tensor b, Tensor y) => throw Dispatched(nameof(Binary));
    public void SumTo(Tensor x, Tensor y) => throw Dispatched(nameof(SumTo));
    public void BroadcastTo(Tensor x, Tensor y) => throw Dispatched(nameof(BroadcastTo));
    public void Permute(Tensor x, ReadOnlySpan<int> axes, Tensor y) => throw Dispatched(nameof(Permute));
    public void MaskedFill(Tensor x, Tensor mask, double value, Tensor y) => throw Dispatched(nameof(MaskedFill));
    public void Dropout(Tensor x, uint key, uint threshold, double scale, Tensor y) => throw Dispatched(nameof(Dropout));
    public void Narrow(Tensor x, int axis, int start, Tensor y) => throw Dispatched(nameof(Narrow));
    public void WriteSlice(Tensor source, int axis, int start, Tensor destination) => throw Dispatched(nameof(WriteSlice));
    public void GatherRows(Tensor table, ReadOnlySpan<int> indices, Tensor y) => throw Dispatched(nameof(GatherRows));
    public void ScatterAddRows(Tensor rows, ReadOnlySpan<int> indices, Tensor table) => throw Dispatched(nameof(ScatterAddRows));
    public void Softmax(Tensor x, Tensor y, int axis, bool log) => throw Dispatched(nameof(Softmax));
    public void SoftmaxDerivative(Tensor y, Tensor g, Tensor result, int axis, bool log, bool transpose) => throw Dispatched(nameof(SoftmaxDerivative));
    public void CrossEntropy(Tensor logits, ReadOnlySpan<int> labels, Tensor loss) => throw Dispatched(nameof(CrossEntropy));
    public void CrossEntropyBackward(Tensor logits, ReadOnlySpan<int> labels, double scale, Tensor result) => throw Dispatched(nameof(CrossEntropyBackward));
    public void CrossEntropyJvp(Tensor logits, ReadOnlySpan<int> labels, Tensor tangent, Tensor loss) => throw Dispatched(nameof(CrossEntropyJvp));
    public void Conv2d(Tensor x, Tensor w, Tensor? bias, Tensor y, Conv2dGeometry geometry) => throw Dispatched(nameof(Conv2d));
    public void Conv2dBackwardInput(Tensor dy, Tensor w, Tensor dx, Conv2dGeometry geometry) => throw Dispatched(nameof(Conv2dBackwardInput));
    public void Conv2dBackwardWeight(Tensor x, Tensor dy, Tensor dw, Conv2dGeometry geometry) => throw Dispatched(nameof(Conv2dBackwardWeight));
    public void MaxPool2d(Tensor x, Tensor y, Pool2dGeometry geometry) => throw Dispatched(nameof(MaxPool2d));
    public void MaxPool2dBackward(Tensor x, Tensor dy, Tensor dx, Pool2dGeometry geometry, TieChoice ties, bool strict) => throw Dispatched(nameof(MaxPool2dBackward));
    public void MaxPool2dJvp(Tensor x, Tensor tx, Tensor ty, Pool2dGeometry geometry, TieChoice ties, bool strict) => throw Dispatched(nameof(MaxPool2dJvp));
    public void AvgPool2d(Tensor x, Tensor y, Pool2dGeometry geometry) => throw Dispatched(nameof(AvgPool2d));
    public void AvgPool2dBackward(Tensor dy, Tensor dx, Pool2dGeometry geometry) => throw Dispatched(nameof(AvgPool2dBackward));
    public void BatchNormStatistics(Tensor x, Tensor mean, Tensor invStd, double eps, Tensor? runningMean, Tensor? runningVar, double momentum) => throw Dispatched(nameof(BatchNormStatistics));
    public void BatchNormApply(Tensor x, Tensor mean, Tensor invStd, Tensor gamma, Tensor beta, Tensor y) => throw Dispatched(nameof(BatchNormApply));
    public void BatchNormInputDerivative(Tensor x, Tensor mean, Tensor invStd, Tensor gamma, Tensor g, Tensor result, bool batchStatistics) => throw Dispatched(nameof(BatchNormInputDerivative));
    public void BatchNormParameterGradients(Tensor x, Tensor mean, Tensor invStd, Tensor g, Tensor dgamma, Tensor dbeta) => throw Dispatched(nameof(BatchNormParameterGradients));
    public void MaximumDerivative(Tensor a, Tensor b, Tensor g, Tensor ga, Tensor gb, TieChoice ties, bool strict) => throw Dispatched(nameof(MaximumDerivative));
    public void MaxReduce(Tensor x, Tensor y) => throw Dispatched(nameof(MaxReduce));
    public void MaxReduceDerivative(Tensor x, Tensor y, Tensor g, Tensor result, TieChoice ties, bool strict, bool transpose) => throw Dispatched(nameof(MaxReduceDerivative));
    public void ApplyUpdate<TRule>(TRule rule, ReadOnlySpan<Tensor> state, ReadOnlySpan<Tensor> inputs) where TRule : struct, IElementwiseUpdate => throw Dispatched(nameof(ApplyUpdate));
}
