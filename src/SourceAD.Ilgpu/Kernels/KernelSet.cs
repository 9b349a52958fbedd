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
    private Action<Index1D, ArrayView<T>, T>? _fill;
    private Action<Index1D, ArrayView<T>, ArrayView<T>, int, T>? _unary;
    private Action<Index1D, ArrayView<T>, ArrayView<T>, ArrayView<T>, ArrayView<T>, int, T, T, int, ArrayView<int>>? _derivativeProduct;
    private Action<Index1D, ArrayView<T>, ArrayView<T>, ArrayView<T>, int>? _binary;
    private Action<Index1D, ArrayView<T>, ArrayView<T>, ArrayView<T>, int, ArrayView<int>>? _binaryBroadcast;
    private Action<Index1D, ArrayView<T>, ArrayView<T>, ArrayView<int>>? _sumTo;
    private Action<Index1D, ArrayView<T>, ArrayView<T>, int, int>? _addBias;
    private Action<Index1D, ArrayView<T>, ArrayView<T>, int, int, int>? _sumToBias;
    private Action<Index3D, ArrayView<T>, ArrayView<T>, ArrayView<T>, GemmArgs, T>? _gemmSimple;
    private Action<KernelConfig, ArrayView<T>, ArrayView<T>, ArrayView<T>, GemmArgs, T>? _gemmTiled16;
    private Action<KernelConfig, ArrayView<T>, ArrayView<T>, ArrayView<T>, GemmArgs, T>? _gemmTiled4;
    private Action<Index1D, ArrayView<T>, ArrayView<T>, int, int, int>? _softmax;
    private Action<Index1D, ArrayView<T>, ArrayView<T>, ArrayView<T>, int, int, int, int>? _softmaxDerivative;
    private Action<Index1D, ArrayView<T>, ArrayView<int>, ArrayView<double>, int>? _crossEntropyRows;
    private Action<Index1D, ArrayView<double>, ArrayView<T>, int, double>? _sumScaled;
    private Action<Index1D, ArrayView<T>, ArrayView<int>, ArrayView<T>, int, double>? _crossEntropyBackward;
    private Action<Index1D, ArrayView<T>, ArrayView<T>, ArrayView<double>, int>? _rowDots;
    private Action<Index1D, ArrayView<T>, ArrayView<T>, ConvArgs>? _im2Col;
    private Action<Index1D, ArrayView<T>, ArrayView<T>, ConvArgs>? _col2Im;
    private Action<Index1D, ArrayView<T>, ArrayView<T>, ArrayView<T>, ConvArgs, int>? _toBatchFirst;
    private Action<Index1D, ArrayView<T>, ArrayView<T>, ConvArgs>? _toChannelsFirst;
    private Action<Index1D, ArrayView<T>, ArrayView<T>, PoolArgs>? _maxPool;
    private Action<Index1D, ArrayView<T>, ArrayView<T>, ArrayView<T>, PoolArgs, int, double>? _maxPoolBackward;
    private Action<Index1D, ArrayView<T>, ArrayView<T>, ArrayView<T>, PoolArgs, int, double, int, ArrayView<int>>? _maxPoolJvp;
    private Action<Index1D, ArrayView<T>, PoolArgs, ArrayView<int>>? _maxPoolTies;
    private Action<Index1D, ArrayView<T>, ArrayView<T>, PoolArgs, T>? _avgPool;
    private Action<Index1D, ArrayView<T>, ArrayView<T>, PoolArgs, T>? _avgPoolBackward;
    private Action<Index1D, ArrayView<T>, ArrayView<T>, ArrayView<T>, ArrayView<T>, ArrayView<T>, int, int, int, double, double, int>? _bnStatistics;
    private Action<Index1D, ArrayView<T>, ArrayView<T>, ArrayView<T>, ArrayView<T>, ArrayView<T>, ArrayView<T>, int, int>? _bnApply;
    private Action<Index1D, ArrayView<T>, ArrayView<T>, ArrayView<T>, ArrayView<T>, ArrayView<double>, int, int, int>? _bnChannelSums;
    private Action<Index1D, ArrayView<T>, ArrayView<T>, ArrayView<T>, ArrayView<T>, ArrayView<T>, ArrayView<T>, ArrayView<double>, int, int, long, int>? _bnInputDerivative;
    private Action<Index1D, ArrayView<double>, ArrayView<T>, ArrayView<T>, int>? _bnParameterGradients;
    private Action<Index1D, ArrayView<T>, ArrayView<T>, ArrayView<T>, ArrayView<T>, ArrayView<T>, T, T, int, ArrayView<int>>? _maximumDerivative;
    private Action<Index1D, ArrayView<T>, ArrayView<T>, ArrayView<int>>? _maxReduce;
    private Action<Index1D, ArrayView<T>, ArrayView<T>, ArrayView<T>, ArrayView<T>, ArrayView<int>, int, double, int, int, ArrayView<int>>? _maxReduceDerivative;

    private TDelegate Load<TDelegate>(ref TDelegate? slot, Func<Accelerator, TDelegate> load, [CallerMemberName] string name = "")
        where TDelegate : Delegate =>
        slot ??= (TDelegate)compile($"{name}<{typeof(T).Name}>", load);

    public Action<Index1D, ArrayView<T>, T> Fill => Load(ref _fill, a => a.LoadAutoGroupedStreamKernel<Index1D, ArrayView<T>, T>(ElementwiseKernels.Fill));

    public Action<Index1D, ArrayView<T>, ArrayView<T>, int, T> Unary =>
        Load(ref _unary, a => a.LoadAutoGroupedStreamKernel<Index1D, ArrayView<T>, ArrayView<T>, int, T>(ElementwiseKernels.Unary));

    public Action<Index1D, ArrayView<T>, ArrayView<T>, ArrayView<T>, ArrayView<T>, int, T, T, int, ArrayView<int>> DerivativeProduct =>
        Load(ref _derivativeProduct, a => a.LoadAutoGroupedStreamKernel<Index1D, ArrayView<T>, ArrayView<T>, ArrayView<T>, ArrayView<T>, int, T, T, int, ArrayView<int>>(
            ElementwiseKernels.DerivativeProduct));

    public Action<Index1D, ArrayView<T>, ArrayView<T>, ArrayView<T>, int> Binary =>
        Load(ref _binary, a => a.LoadAutoGroupedStreamKernel<Index1D, ArrayView<T>, ArrayView<T>, ArrayView<T>, int>(ElementwiseKernels.Binary));

    public Action<Index1D, ArrayView<T>, ArrayView<T>, ArrayView<T>, int, ArrayView<int>> BinaryBroadcast =>
        Load(ref _binaryBroadcast, a => a.LoadAutoGroupedStreamKernel<Index1D, ArrayView<T>, ArrayView<T>, ArrayView<T>, int, ArrayView<int>>(ElementwiseKernels.BinaryBroadcast));

    public Action<Index1D, ArrayView<T>, ArrayView<T>, ArrayView<int>> SumTo =>
        Load(ref _sumTo, a => a.LoadAutoGroupedStreamKernel<Index1D, ArrayView<T>, ArrayView<T>, ArrayView<int>>(ElementwiseKernels.SumTo<T, TReal>));

    public Action<Index1D, ArrayView<T>, ArrayView<T>, int, int> AddBias =>
        Load(ref _addBias, a => a.LoadAutoGroupedStreamKernel<Index1D, ArrayView<T>, ArrayView<T>, int, int>(ElementwiseKernels.AddBias));

    public Action<Index1D, ArrayView<T>, ArrayView<T>, int, int, int> SumToBias =>
        Load(ref _sumToBias, a => a.LoadAutoGroupedStreamKernel<Index1D, ArrayView<T>, ArrayView<T>, int, int, int>(ElementwiseKernels.SumToBias<T, TReal>));

    public Action<Index3D, ArrayView<T>, ArrayView<T>, ArrayView<T>, GemmArgs, T> GemmSimple =>
        Load(ref _gemmSimple, a => a.LoadAutoGroupedStreamKernel<Index3D, ArrayView<T>, ArrayView<T>, ArrayView<T>, GemmArgs, T>(GemmKernels.Simple));

    public Action<KernelConfig, ArrayView<T>, ArrayView<T>, ArrayView<T>, GemmArgs, T> GemmTiled16 =>
        Load(ref _gemmTiled16, a => a.LoadStreamKernel<ArrayView<T>, ArrayView<T>, ArrayView<T>, GemmArgs, T>(GemmKernels.Tiled<T, Tile16>));

    public Action<KernelConfig, ArrayView<T>, ArrayView<T>, ArrayView<T>, GemmArgs, T> GemmTiled4 =>
        Load(ref _gemmTiled4, a => a.LoadStreamKernel<ArrayView<T>, ArrayView<T>, ArrayView<T>, GemmArgs, T>(GemmKernels.Tiled<T, Tile4>));

    public Action<Index1D, ArrayView<T>, ArrayView<T>, int, int, int> Softmax =>
        Load(ref _softmax, a => a.LoadAutoGroupedStreamKernel<Index1D, ArrayView<T>, ArrayView<T>, int, int, int>(SoftmaxKernels.Softmax<T, TReal>));

    public Action<Index1D, ArrayView<T>, ArrayView<T>, ArrayView<T>, int, int, int, int> SoftmaxDerivative =>
        Load(ref _softmaxDerivative, a => a.LoadAutoGroupedStreamKernel<Index1D, ArrayView<T>, ArrayView<T>, ArrayView<T>, int, int, int, int>(
            SoftmaxKernels.SoftmaxDerivative<T, TReal>));

    public Action<Index1D, ArrayView<T>, ArrayView<int>, ArrayView<double>, int> CrossEntropyRows =>
        Load(ref _crossEntropyRows, a => a.LoadAutoGroupedStreamKernel<Index1D, ArrayView<T>, ArrayView<int>, ArrayView<double>, int>(
            SoftmaxKernels.CrossEntropyRows<T, TReal>));

    public Action<Index1D, ArrayView<double>, ArrayView<T>, int, double> SumScaled =>
        Load(ref _sumScaled, a => a.LoadAutoGroupedStreamKernel<Index1D, ArrayView<double>, ArrayView<T>, int, double>(SoftmaxKernels.SumScaled<T, TReal>));

    public Action<Index1D, ArrayView<T>, ArrayView<int>, ArrayView<T>, int, double> CrossEntropyBackward =>
        Load(ref _crossEntropyBackward, a => a.LoadAutoGroupedStreamKernel<Index1D, ArrayView<T>, ArrayView<int>, ArrayView<T>, int, double>(
            SoftmaxKernels.CrossEntropyBackward<T, TReal>));

    public Action<Index1D, ArrayView<T>, ArrayView<T>, ArrayView<double>, int> RowDots =>
        Load(ref _rowDots, a => a.LoadAutoGroupedStreamKernel<Index1D, ArrayView<T>, ArrayView<T>, ArrayView<double>, int>(SoftmaxKernels.RowDots<T, TReal>));

    public Action<Index1D, ArrayView<T>, ArrayView<T>, ConvArgs> Im2Col =>
        Load(ref _im2Col, a => a.LoadAutoGroupedStreamKernel<Index1D, ArrayView<T>, ArrayView<T>, ConvArgs>(ConvKernels.Im2Col));

    public Action<Index1D, ArrayView<T>, ArrayView<T>, ConvArgs> Col2Im =>
        Load(ref _col2Im, a => a.LoadAutoGroupedStreamKernel<Index1D, ArrayView<T>, ArrayView<T>, ConvArgs>(ConvKernels.Col2Im));

    public Action<Index1D, ArrayView<T>, ArrayView<T>, ArrayView<T>, ConvArgs, int> ToBatchFirst =>
        Load(ref _toBatchFirst, a => a.LoadAutoGroupedStreamKernel<Index1D, ArrayView<T>, ArrayView<T>, ArrayView<T>, ConvArgs, int>(ConvKernels.ToBatchFirst));

    public Action<Index1D, ArrayView<T>, ArrayView<T>, ConvArgs> ToChannelsFirst =>
        Load(ref _toChannelsFirst, a => a.LoadAutoGroupedStreamKernel<Index1D, ArrayView<T>, ArrayView<T>, ConvArgs>(ConvKernels.ToChannelsFirst));

    public Action<Index1D, ArrayView<T>, ArrayView<T>, PoolArgs> MaxPool =>
        Load(ref _maxPool, a => a.LoadAutoGroupedStreamKernel<Index1D, ArrayView<T>, ArrayView<T>, PoolArgs>(PoolKernels.MaxPool));

    public Action<Index1D, ArrayView<T>, ArrayView<T>, ArrayView<T>, PoolArgs, int, double> MaxPoolBackward =>
        Load(ref _maxPoolBackward, a => a.LoadAutoGroupedStreamKernel<Index1D, ArrayView<T>, ArrayView<T>, ArrayView<T>, PoolArgs, int, double>(
            PoolKernels.MaxPoolBackward<T, TReal>));

    public Action<Index1D, ArrayView<T>, ArrayView<T>, ArrayView<T>, PoolArgs, int, double, int, ArrayView<int>> MaxPoolJvp =>
        Load(ref _maxPoolJvp, a => a.LoadAutoGroupedStreamKernel<Index1D, ArrayView<T>, ArrayView<T>, ArrayView<T>, PoolArgs, int, double, int, ArrayView<int>>(
            PoolKernels.MaxPoolJvp<T, TReal>));

    public Action<Index1D, ArrayView<T>, PoolArgs, ArrayView<int>> MaxPoolTies =>
        Load(ref _maxPoolTies, a => a.LoadAutoGroupedStreamKernel<Index1D, ArrayView<T>, PoolArgs, ArrayView<int>>(PoolKernels.MaxPoolTies));

    public Action<Index1D, ArrayView<T>, ArrayView<T>, PoolArgs, T> AvgPool =>
        Load(ref _avgPool, a => a.LoadAutoGroupedStreamKernel<Index1D, ArrayView<T>, ArrayView<T>, PoolArgs, T>(PoolKernels.AvgPool));

    public Action<Index1D, ArrayView<T>, ArrayView<T>, PoolArgs, T> AvgPoolBackward =>
        Load(ref _avgPoolBackward, a => a.LoadAutoGroupedStreamKernel<Index1D, ArrayView<T>, ArrayView<T>, PoolArgs, T>(PoolKernels.AvgPoolBackward));

    public Action<Index1D, ArrayView<T>, ArrayView<T>, ArrayView<T>, ArrayView<T>, ArrayView<T>, int, int, int, double, double, int> BnStatistics =>
        Load(ref _bnStatistics, a => a.LoadAutoGroupedStreamKernel<Index1D, ArrayView<T>, ArrayView<T>, ArrayView<T>, ArrayView<T>, ArrayView<T>, int, int, int, double, double, int>(
            BatchNormKernels.Statistics<T, TReal>));

    public Action<Index1D, ArrayView<T>, ArrayView<T>, ArrayView<T>, ArrayView<T>, ArrayView<T>, ArrayView<T>, int, int> BnApply =>
        Load(ref _bnApply, a => a.LoadAutoGroupedStreamKernel<Index1D, ArrayView<T>, ArrayView<T>, ArrayView<T>, ArrayView<T>, ArrayView<T>, ArrayView<T>, int, int>(
            BatchNormKernels.Apply));

    public Action<Index1D, ArrayView<T>, ArrayView<T>, ArrayView<T>, ArrayView<T>, ArrayView<double>, int, int, int> BnChannelSums =>
        Load(ref _bnChannelSums, a => a.LoadAutoGroupedStreamKernel<Index1D, ArrayView<T>, ArrayView<T>, ArrayView<T>, ArrayView<T>, ArrayView<double>, int, int, int>(
            BatchNormKernels.ChannelSums<T, TReal>));

    public Action<Index1D, ArrayView<T>, ArrayView<T>, ArrayView<T>, ArrayView<T>, ArrayView<T>, ArrayView<T>, ArrayView<double>, int, int, long, int> BnInputDerivative =>
        Load(ref _bnInputDerivative, a => a.LoadAutoGroupedStreamKernel<Index1D, ArrayView<T>, ArrayView<T>, ArrayView<T>, ArrayView<T>, ArrayView<T>, ArrayView<T>, ArrayView<double>, int, int, long, int>(
            BatchNormKernels.InputDerivative<T, TReal>));

    public Action<Index1D, ArrayView<double>, ArrayView<T>, ArrayView<T>, int> BnParameterGradients =>
        Load(ref _bnParameterGradients, a => a.LoadAutoGroupedStreamKernel<Index1D, ArrayView<double>, ArrayView<T>, ArrayView<T>, int>(
            BatchNormKernels.ParameterGradients<T, TReal>));

    public Action<Index1D, ArrayView<T>, ArrayView<T>, ArrayView<T>, ArrayView<T>, ArrayView<T>, T, T, int, ArrayView<int>> MaximumDerivative =>
        Load(ref _maximumDerivative, a => a.LoadAutoGroupedStreamKernel<Index1D, ArrayView<T>, ArrayView<T>, ArrayView<T>, ArrayView<T>, ArrayView<T>, T, T, int, ArrayView<int>>(
            MaxKernels.MaximumDerivative));

    public Action<Index1D, ArrayView<T>, ArrayView<T>, ArrayView<int>> MaxReduce =>
        Load(ref _maxReduce, a => a.LoadAutoGroupedStreamKernel<Index1D, ArrayView<T>, ArrayView<T>, ArrayView<int>>(MaxKernels.MaxReduce));

    public Action<Index1D, ArrayView<T>, ArrayView<T>, ArrayView<T>, ArrayView<T>, ArrayView<int>, int, double, int, int, ArrayView<int>> MaxReduceDerivative =>
        Load(ref _maxReduceDerivative, a => a.LoadAutoGroupedStreamKernel<Index1D, ArrayView<T>, ArrayView<T>, ArrayView<T>, ArrayView<T>, ArrayView<int>, int, double, int, int, ArrayView<int>>(
            MaxKernels.MaxReduceDerivative<T, TReal>));
}
