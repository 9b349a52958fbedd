using System.Numerics;
using ILGPU;
using ILGPU.Runtime;
using System.Runtime.CompilerServices;

namespace SourceAD.Ilgpu.Kernels;

/// <summary>
/// The kernels of one element type on one accelerator, each compiled on first use and then reused: compiling is the
/// expensive part (tens of milliseconds to seconds), launching is cheap. Callers hold the backend's lock.
/// </summary>
internal sealed class KernelSet<T, TReal>(Func<string, Func<Accelerator, Delegate>, Delegate> compile)
    where T : unmanaged, IFloatingPointIeee754<T>
    where TReal : struct, IReal<T>
{
    private Action<Index1D, ArrayView<T>, T, int, int>? _fill;
    private Action<Index1D, ArrayView<T>, ArrayView<T>, int, T, int, int>? _unary;
    private Action<Index1D, ArrayView<T>, ArrayView<T>, ArrayView<T>, ArrayView<T>, int, T, T, T, T, int, ArrayView<int>, int, int>? _derivativeProduct;
    private Action<Index1D, ArrayView<T>, ArrayView<T>, ArrayView<T>, int, int, int>? _binary;
    private Action<Index1D, ArrayView<T>, ArrayView<T>, ArrayView<T>, int, ArrayView<int>, int, int>? _binaryBroadcast;
    private Action<Index1D, ArrayView<T>, ArrayView<T>, ArrayView<int>, int, int>? _sumTo;
    private Action<Index1D, ArrayView<T>, ArrayView<T>, int, int, int, int>? _addBias;
    private Action<Index1D, ArrayView<T>, ArrayView<T>, int, int, int, int, int>? _sumToBias;
    private Action<Index1D, ArrayView<T>, ArrayView<T>, ArrayView<T>, GemmArgs, T, int, int>? _gemmSimple;
    private Action<KernelConfig, ArrayView<T>, ArrayView<T>, ArrayView<T>, GemmArgs, T>? _gemmTiled16;
    private Action<KernelConfig, ArrayView<T>, ArrayView<T>, ArrayView<T>, GemmArgs, T>? _gemmTiled4;
    private Action<Index1D, ArrayView<T>, ArrayView<T>, int, int, int, int, int>? _softmax;
    private Action<Index1D, ArrayView<T>, ArrayView<T>, ArrayView<T>, int, int, int, int, int, int>? _softmaxDerivative;
    private Action<Index1D, ArrayView<T>, ArrayView<int>, ArrayView<double>, int, int, int>? _crossEntropyRows;
    private Action<Index1D, ArrayView<double>, ArrayView<T>, int, double, int, int>? _sumScaled;
    private Action<Index1D, ArrayView<T>, ArrayView<int>, ArrayView<T>, int, double, int, int>? _crossEntropyBackward;
    private Action<Index1D, ArrayView<T>, ArrayView<T>, ArrayView<double>, int, int, int>? _rowDots;
    private Action<Index1D, ArrayView<T>, ArrayView<T>, ConvArgs, int, int>? _im2Col;
    private Action<Index1D, ArrayView<T>, ArrayView<T>, ConvArgs, int, int>? _col2Im;
    private Action<Index1D, ArrayView<T>, ArrayView<T>, ArrayView<T>, ConvArgs, int, int, int>? _toBatchFirst;
    private Action<Index1D, ArrayView<T>, ArrayView<T>, ConvArgs, int, int>? _toChannelsFirst;
    private Action<Index1D, ArrayView<T>, ArrayView<T>, PoolArgs, int, int>? _maxPool;
    private Action<Index1D, ArrayView<T>, ArrayView<T>, ArrayView<T>, PoolArgs, int, double, int, int>? _maxPoolBackward;
    private Action<Index1D, ArrayView<T>, ArrayView<T>, ArrayView<T>, PoolArgs, int, double, int, ArrayView<int>, int, int>? _maxPoolJvp;
    private Action<Index1D, ArrayView<T>, PoolArgs, ArrayView<int>, int, int>? _maxPoolTies;
    private Action<Index1D, ArrayView<T>, ArrayView<T>, PoolArgs, T, int, int>? _avgPool;
    private Action<Index1D, ArrayView<T>, ArrayView<T>, PoolArgs, T, int, int>? _avgPoolBackward;
    private Action<Index1D, ArrayView<T>, ArrayView<T>, ArrayView<T>, ArrayView<T>, ArrayView<T>, int, int, int, double, double, int, int, int>? _bnStatistics;
    private Action<Index1D, ArrayView<T>, ArrayView<T>, ArrayView<T>, ArrayView<T>, ArrayView<T>, ArrayView<T>, int, int, int, int>? _bnApply;
    private Action<Index1D, ArrayView<T>, ArrayView<T>, ArrayView<T>, ArrayView<T>, ArrayView<double>, int, int, int, int, int>? _bnChannelSums;
    private Action<Index1D, ArrayView<T>, ArrayView<T>, ArrayView<T>, ArrayView<T>, ArrayView<T>, ArrayView<T>, ArrayView<double>, int, int, long, int, int, int>? _bnInputDerivative;
    private Action<Index1D, ArrayView<double>, ArrayView<T>, ArrayView<T>, int, int, int>? _bnParameterGradients;
    private Action<Index1D, ArrayView<T>, ArrayView<T>, ArrayView<T>, ArrayView<T>, ArrayView<T>, T, T, int, ArrayView<int>, int, int>? _maximumDerivative;
    private Action<Index1D, ArrayView<T>, ArrayView<T>, ArrayView<int>, int, int>? _maxReduce;
    private Action<Index1D, ArrayView<T>, ArrayView<T>, ArrayView<T>, ArrayView<T>, ArrayView<int>, int, double, int, int, ArrayView<int>, int, int>? _maxReduceDerivative;

    private Action<Index1D, ArrayView<T>, ArrayView<T>, ArrayView<T>, T, ArrayView<int>, int, int>? _maskedFill;
    private Action<Index1D, ArrayView<T>, ArrayView<T>, uint, uint, T, int, int>? _dropout;
    private Action<Index1D, ArrayView<T>, ArrayView<T>, BlockCopy, int, int>? _copyBlocks;
    private Action<Index1D, ArrayView<T>, ArrayView<int>, ArrayView<T>, int, int, int>? _gatherRows;
    private Action<Index1D, ArrayView<T>, ArrayView<int>, ArrayView<int>, ArrayView<T>, int, int, int>? _scatterAddRows;

    private TDelegate Load<TDelegate>(ref TDelegate? slot, Func<Accelerator, TDelegate> load, [CallerMemberName] string name = "")
        where TDelegate : Delegate =>
        slot ??= (TDelegate)compile($"{name}<{typeof(T).Name}>", load);

    public Action<Index1D, ArrayView<T>, T, int, int> Fill => Load(ref _fill, a => a.LoadAutoGroupedStreamKernel<Index1D, ArrayView<T>, T, int, int>(ElementwiseKernels.Fill));

    public Action<Index1D, ArrayView<T>, ArrayView<T>, int, T, int, int> Unary =>
        Load(ref _unary, a => a.LoadAutoGroupedStreamKernel<Index1D, ArrayView<T>, ArrayView<T>, int, T, int, int>(ElementwiseKernels.Unary));

    public Action<Index1D, ArrayView<T>, ArrayView<T>, ArrayView<T>, ArrayView<T>, int, T, T, T, T, int, ArrayView<int>, int, int> DerivativeProduct =>
        Load(ref _derivativeProduct, a => a.LoadAutoGroupedStreamKernel<Index1D, ArrayView<T>, ArrayView<T>, ArrayView<T>, ArrayView<T>, int, T, T, T, T, int, ArrayView<int>, int, int>(
            ElementwiseKernels.DerivativeProduct));

    public Action<Index1D, ArrayView<T>, ArrayView<T>, ArrayView<T>, int, int, int> Binary =>
        Load(ref _binary, a => a.LoadAutoGroupedStreamKernel<Index1D, ArrayView<T>, ArrayView<T>, ArrayView<T>, int, int, int>(ElementwiseKernels.Binary));

    public Action<Index1D, ArrayView<T>, ArrayView<T>, ArrayView<T>, int, ArrayView<int>, int, int> BinaryBroadcast =>
        Load(ref _binaryBroadcast, a => a.LoadAutoGroupedStreamKernel<Index1D, ArrayView<T>, ArrayView<T>, ArrayView<T>, int, ArrayView<int>, int, int>(ElementwiseKernels.BinaryBroadcast));

    public Action<Index1D, ArrayView<T>, ArrayView<T>, ArrayView<int>, int, int> SumTo =>
        Load(ref _sumTo, a => a.LoadAutoGroupedStreamKernel<Index1D, ArrayView<T>, ArrayView<T>, ArrayView<int>, int, int>(ElementwiseKernels.SumTo<T, TReal>));

    public Action<Index1D, ArrayView<T>, ArrayView<T>, int, int, int, int> AddBias =>
        Load(ref _addBias, a => a.LoadAutoGroupedStreamKernel<Index1D, ArrayView<T>, ArrayView<T>, int, int, int, int>(ElementwiseKernels.AddBias));

    public Action<Index1D, ArrayView<T>, ArrayView<T>, int, int, int, int, int> SumToBias =>
        Load(ref _sumToBias, a => a.LoadAutoGroupedStreamKernel<Index1D, ArrayView<T>, ArrayView<T>, int, int, int, int, int>(ElementwiseKernels.SumToBias<T, TReal>));

    public Action<Index1D, ArrayView<T>, ArrayView<T>, ArrayView<T>, GemmArgs, T, int, int> GemmSimple =>
        Load(ref _gemmSimple, a => a.LoadAutoGroupedStreamKernel<Index1D, ArrayView<T>, ArrayView<T>, ArrayView<T>, GemmArgs, T, int, int>(GemmKernels.Simple));

    public Action<KernelConfig, ArrayView<T>, ArrayView<T>, ArrayView<T>, GemmArgs, T> GemmTiled16 =>
        Load(ref _gemmTiled16, a => a.LoadStreamKernel<ArrayView<T>, ArrayView<T>, ArrayView<T>, GemmArgs, T>(GemmKernels.Tiled<T, Tile16>));

    public Action<KernelConfig, ArrayView<T>, ArrayView<T>, ArrayView<T>, GemmArgs, T> GemmTiled4 =>
        Load(ref _gemmTiled4, a => a.LoadStreamKernel<ArrayView<T>, ArrayView<T>, ArrayView<T>, GemmArgs, T>(GemmKernels.Tiled<T, Tile4>));

    public Action<Index1D, ArrayView<T>, ArrayView<T>, int, int, int, int, int> Softmax =>
        Load(ref _softmax, a => a.LoadAutoGroupedStreamKernel<Index1D, ArrayView<T>, ArrayView<T>, int, int, int, int, int>(SoftmaxKernels.Softmax<T, TReal>));

    public Action<Index1D, ArrayView<T>, ArrayView<T>, ArrayView<T>, int, int, int, int, int, int> SoftmaxDerivative =>
        Load(ref _softmaxDerivative, a => a.LoadAutoGroupedStreamKernel<Index1D, ArrayView<T>, ArrayView<T>, ArrayView<T>, int, int, int, int, int, int>(
            SoftmaxKernels.SoftmaxDerivative<T, TReal>));

    public Action<Index1D, ArrayView<T>, ArrayView<int>, ArrayView<double>, int, int, int> CrossEntropyRows =>
        Load(ref _crossEntropyRows, a => a.LoadAutoGroupedStreamKernel<Index1D, ArrayView<T>, ArrayView<int>, ArrayView<double>, int, int, int>(
            SoftmaxKernels.CrossEntropyRows<T, TReal>));

    public Action<Index1D, ArrayView<double>, ArrayView<T>, int, double, int, int> SumScaled =>
        Load(ref _sumScaled, a => a.LoadAutoGroupedStreamKernel<Index1D, ArrayView<double>, ArrayView<T>, int, double, int, int>(SoftmaxKernels.SumScaled<T, TReal>));

    public Action<Index1D, ArrayView<T>, ArrayView<int>, ArrayView<T>, int, double, int, int> CrossEntropyBackward =>
        Load(ref _crossEntropyBackward, a => a.LoadAutoGroupedStreamKernel<Index1D, ArrayView<T>, ArrayView<int>, ArrayView<T>, int, double, int, int>(
            SoftmaxKernels.CrossEntropyBackward<T, TReal>));

    public Action<Index1D, ArrayView<T>, ArrayView<T>, ArrayView<double>, int, int, int> RowDots =>
        Load(ref _rowDots, a => a.LoadAutoGroupedStreamKernel<Index1D, ArrayView<T>, ArrayView<T>, ArrayView<double>, int, int, int>(SoftmaxKernels.RowDots<T, TReal>));

    public Action<Index1D, ArrayView<T>, ArrayView<T>, ConvArgs, int, int> Im2Col =>
        Load(ref _im2Col, a => a.LoadAutoGroupedStreamKernel<Index1D, ArrayView<T>, ArrayView<T>, ConvArgs, int, int>(ConvKernels.Im2Col));

    public Action<Index1D, ArrayView<T>, ArrayView<T>, ConvArgs, int, int> Col2Im =>
        Load(ref _col2Im, a => a.LoadAutoGroupedStreamKernel<Index1D, ArrayView<T>, ArrayView<T>, ConvArgs, int, int>(ConvKernels.Col2Im));

    public Action<Index1D, ArrayView<T>, ArrayView<T>, ArrayView<T>, ConvArgs, int, int, int> ToBatchFirst =>
        Load(ref _toBatchFirst, a => a.LoadAutoGroupedStreamKernel<Index1D, ArrayView<T>, ArrayView<T>, ArrayView<T>, ConvArgs, int, int, int>(ConvKernels.ToBatchFirst));

    public Action<Index1D, ArrayView<T>, ArrayView<T>, ConvArgs, int, int> ToChannelsFirst =>
        Load(ref _toChannelsFirst, a => a.LoadAutoGroupedStreamKernel<Index1D, ArrayView<T>, ArrayView<T>, ConvArgs, int, int>(ConvKernels.ToChannelsFirst));

    public Action<Index1D, ArrayView<T>, ArrayView<T>, PoolArgs, int, int> MaxPool =>
        Load(ref _maxPool, a => a.LoadAutoGroupedStreamKernel<Index1D, ArrayView<T>, ArrayView<T>, PoolArgs, int, int>(PoolKernels.MaxPool));

    public Action<Index1D, ArrayView<T>, ArrayView<T>, ArrayView<T>, PoolArgs, int, double, int, int> MaxPoolBackward =>
        Load(ref _maxPoolBackward, a => a.LoadAutoGroupedStreamKernel<Index1D, ArrayView<T>, ArrayView<T>, ArrayView<T>, PoolArgs, int, double, int, int>(
            PoolKernels.MaxPoolBackward<T, TReal>));

    public Action<Index1D, ArrayView<T>, ArrayView<T>, ArrayView<T>, PoolArgs, int, double, int, ArrayView<int>, int, int> MaxPoolJvp =>
        Load(ref _maxPoolJvp, a => a.LoadAutoGroupedStreamKernel<Index1D, ArrayView<T>, ArrayView<T>, ArrayView<T>, PoolArgs, int, double, int, ArrayView<int>, int, int>(
            PoolKernels.MaxPoolJvp<T, TReal>));

    public Action<Index1D, ArrayView<T>, PoolArgs, ArrayView<int>, int, int> MaxPoolTies =>
        Load(ref _maxPoolTies, a => a.LoadAutoGroupedStreamKernel<Index1D, ArrayView<T>, PoolArgs, ArrayView<int>, int, int>(PoolKernels.MaxPoolTies));

    public Action<Index1D, ArrayView<T>, ArrayView<T>, PoolArgs, T, int, int> AvgPool =>
        Load(ref _avgPool, a => a.LoadAutoGroupedStreamKernel<Index1D, ArrayView<T>, ArrayView<T>, PoolArgs, T, int, int>(PoolKernels.AvgPool));

    public Action<Index1D, ArrayView<T>, ArrayView<T>, PoolArgs, T, int, int> AvgPoolBackward =>
        Load(ref _avgPoolBackward, a => a.LoadAutoGroupedStreamKernel<Index1D, ArrayView<T>, ArrayView<T>, PoolArgs, T, int, int>(PoolKernels.AvgPoolBackward));

    public Action<Index1D, ArrayView<T>, ArrayView<T>, ArrayView<T>, ArrayView<T>, ArrayView<T>, int, int, int, double, double, int, int, int> BnStatistics =>
        Load(ref _bnStatistics, a => a.LoadAutoGroupedStreamKernel<Index1D, ArrayView<T>, ArrayView<T>, ArrayView<T>, ArrayView<T>, ArrayView<T>, int, int, int, double, double, int, int, int>(
            BatchNormKernels.Statistics<T, TReal>));

    public Action<Index1D, ArrayView<T>, ArrayView<T>, ArrayView<T>, ArrayView<T>, ArrayView<T>, ArrayView<T>, int, int, int, int> BnApply =>
        Load(ref _bnApply, a => a.LoadAutoGroupedStreamKernel<Index1D, ArrayView<T>, ArrayView<T>, ArrayView<T>, ArrayView<T>, ArrayView<T>, ArrayView<T>, int, int, int, int>(
            BatchNormKernels.Apply));

    public Action<Index1D, ArrayView<T>, ArrayView<T>, ArrayView<T>, ArrayView<T>, ArrayView<double>, int, int, int, int, int> BnChannelSums =>
        Load(ref _bnChannelSums, a => a.LoadAutoGroupedStreamKernel<Index1D, ArrayView<T>, ArrayView<T>, ArrayView<T>, ArrayView<T>, ArrayView<double>, int, int, int, int, int>(
            BatchNormKernels.ChannelSums<T, TReal>));

    public Action<Index1D, ArrayView<T>, ArrayView<T>, ArrayView<T>, ArrayView<T>, ArrayView<T>, ArrayView<T>, ArrayView<double>, int, int, long, int, int, int> BnInputDerivative =>
        Load(ref _bnInputDerivative, a => a.LoadAutoGroupedStreamKernel<Index1D, ArrayView<T>, ArrayView<T>, ArrayView<T>, ArrayView<T>, ArrayView<T>, ArrayView<T>, ArrayView<double>, int, int, long, int, int, int>(
            BatchNormKernels.InputDerivative<T, TReal>));

    public Action<Index1D, ArrayView<double>, ArrayView<T>, ArrayView<T>, int, int, int> BnParameterGradients =>
        Load(ref _bnParameterGradients, a => a.LoadAutoGroupedStreamKernel<Index1D, ArrayView<double>, ArrayView<T>, ArrayView<T>, int, int, int>(
            BatchNormKernels.ParameterGradients<T, TReal>));

    public Action<Index1D, ArrayView<T>, ArrayView<T>, ArrayView<T>, ArrayView<T>, ArrayView<T>, T, T, int, ArrayView<int>, int, int> MaximumDerivative =>
        Load(ref _maximumDerivative, a => a.LoadAutoGroupedStreamKernel<Index1D, ArrayView<T>, ArrayView<T>, ArrayView<T>, ArrayView<T>, ArrayView<T>, T, T, int, ArrayView<int>, int, int>(
            MaxKernels.MaximumDerivative));

    public Action<Index1D, ArrayView<T>, ArrayView<T>, ArrayView<int>, int, int> MaxReduce =>
        Load(ref _maxReduce, a => a.LoadAutoGroupedStreamKernel<Index1D, ArrayView<T>, ArrayView<T>, ArrayView<int>, int, int>(MaxKernels.MaxReduce));

    public Action<Index1D, ArrayView<T>, ArrayView<T>, ArrayView<T>, ArrayView<T>, ArrayView<int>, int, double, int, int, ArrayView<int>, int, int> MaxReduceDerivative =>
        Load(ref _maxReduceDerivative, a => a.LoadAutoGroupedStreamKernel<Index1D, ArrayView<T>, ArrayView<T>, ArrayView<T>, ArrayView<T>, ArrayView<int>, int, double, int, int, ArrayView<int>, int, int>(
            MaxKernels.MaxReduceDerivative<T, TReal>));

    public Action<Index1D, ArrayView<T>, ArrayView<T>, ArrayView<T>, T, ArrayView<int>, int, int> MaskedFill =>
        Load(ref _maskedFill, a => a.LoadAutoGroupedStreamKernel<Index1D, ArrayView<T>, ArrayView<T>, ArrayView<T>, T, ArrayView<int>, int, int>(IndexingKernels.MaskedFill));

    public Action<Index1D, ArrayView<T>, ArrayView<T>, uint, uint, T, int, int> Dropout =>
        Load(ref _dropout, a => a.LoadAutoGroupedStreamKernel<Index1D, ArrayView<T>, ArrayView<T>, uint, uint, T, int, int>(DropoutKernels.Dropout));

    public Action<Index1D, ArrayView<T>, ArrayView<T>, BlockCopy, int, int> CopyBlocks =>
        Load(ref _copyBlocks, a => a.LoadAutoGroupedStreamKernel<Index1D, ArrayView<T>, ArrayView<T>, BlockCopy, int, int>(IndexingKernels.CopyBlocks));

    public Action<Index1D, ArrayView<T>, ArrayView<int>, ArrayView<T>, int, int, int> GatherRows =>
        Load(ref _gatherRows, a => a.LoadAutoGroupedStreamKernel<Index1D, ArrayView<T>, ArrayView<int>, ArrayView<T>, int, int, int>(IndexingKernels.GatherRows));

    public Action<Index1D, ArrayView<T>, ArrayView<int>, ArrayView<int>, ArrayView<T>, int, int, int> ScatterAddRows =>
        Load(ref _scatterAddRows, a => a.LoadAutoGroupedStreamKernel<Index1D, ArrayView<T>, ArrayView<int>, ArrayView<int>, ArrayView<T>, int, int, int>(
            IndexingKernels.ScatterAddRows));
}
