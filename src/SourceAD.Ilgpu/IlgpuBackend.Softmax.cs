using System.Numerics;
using ILGPU;
using ILGPU.Runtime;
using SourceAD.Ilgpu.Kernels;
using SourceAD.Tensors;

namespace SourceAD.Ilgpu;

public sealed partial class IlgpuBackend
{
    /// <inheritdoc/>
    public void Softmax(Tensor x, Tensor y, int axis, bool log) => Dispatch("Softmax", y.DType,
        k => Softmax(k, x, y, axis, log),
        k => Softmax(k, x, y, axis, log));

    private void Softmax<T, TReal>(KernelSet<T, TReal> k, Tensor x, Tensor y, int axis, bool log)
        where T : unmanaged, IFloatingPointIeee754<T>
        where TReal : struct, IReal<T>
    {
        (int outer, int cols, int inner) = x.Rank == 0 ? (1, 1, 1) : TensorShape.Split(x.Shape, axis);
        Launch(outer * inner, (i, launchCount, launchStride) => k.Softmax(i, View<T>(x, "Softmax"), View<T>(y, "Softmax"), cols, inner, log ? 1 : 0, launchCount, launchStride));
    }

    /// <inheritdoc/>
    public void SoftmaxDerivative(Tensor y, Tensor g, Tensor result, int axis, bool log, bool transpose) => Dispatch("SoftmaxDerivative", result.DType,
        k => SoftmaxDerivative(k, y, g, result, axis, log, transpose),
        k => SoftmaxDerivative(k, y, g, result, axis, log, transpose));

    private void SoftmaxDerivative<T, TReal>(KernelSet<T, TReal> k, Tensor y, Tensor g, Tensor result, int axis, bool log, bool transpose)
        where T : unmanaged, IFloatingPointIeee754<T>
        where TReal : struct, IReal<T>
    {
        (int outer, int cols, int inner) = y.Rank == 0 ? (1, 1, 1) : TensorShape.Split(y.Shape, axis);
        Launch(outer * inner, (i, launchCount, launchStride) => k.SoftmaxDerivative(i, View<T>(y, "SoftmaxDerivative"), View<T>(g, "SoftmaxDerivative"),
            View<T>(result, "SoftmaxDerivative"), cols, inner, log ? 1 : 0, transpose ? 1 : 0, launchCount, launchStride));
    }

    /// <inheritdoc/>
    public void CrossEntropy(Tensor logits, ReadOnlySpan<int> labels, Tensor loss)
    {
        int[] copy = CheckLabels("CrossEntropy", logits, labels);
        Dispatch("CrossEntropy", logits.DType, k => CrossEntropy(k, logits, copy, loss), k => CrossEntropy(k, logits, copy, loss));
    }

    private void CrossEntropy<T, TReal>(KernelSet<T, TReal> k, Tensor logits, int[] labels, Tensor loss)
        where T : unmanaged, IFloatingPointIeee754<T>
        where TReal : struct, IReal<T>
    {
        int rows = logits.Size(0), cols = logits.Size(1);
        MemoryBuffer1D<int, Stride1D.Dense> labelBuffer = UploadInts(labels);
        MemoryBuffer1D<double, Stride1D.Dense> perRow = Pool.Rent<double>(Math.Max(rows, 1));
        try
        {
            Launch(rows, (i, launchCount, launchStride) => k.CrossEntropyRows(i, View<T>(logits, "CrossEntropy"), labelBuffer.View, perRow.View, cols, launchCount, launchStride));
            k.SumScaled(1, perRow.View, View<T>(loss, "CrossEntropy"), rows, Math.Max(1, rows), 1, 1);
        }
        finally
        {
            Pool.Return(labelBuffer);
            Pool.Return(perRow);
        }
    }

    /// <inheritdoc/>
    public void CrossEntropyBackward(Tensor logits, ReadOnlySpan<int> labels, double scale, Tensor result)
    {
        int[] copy = CheckLabels("CrossEntropyBackward", logits, labels);
        Dispatch("CrossEntropyBackward", result.DType,
            k => CrossEntropyBackward(k, logits, copy, scale, View<float>(result, "CrossEntropyBackward")),
            k => CrossEntropyBackward(k, logits, copy, scale, View<double>(result, "CrossEntropyBackward")));
    }

    private void CrossEntropyBackward<T, TReal>(KernelSet<T, TReal> k, Tensor logits, int[] labels, double scale, ArrayView<T> result)
        where T : unmanaged, IFloatingPointIeee754<T>
        where TReal : struct, IReal<T>
    {
        int rows = logits.Size(0), cols = logits.Size(1);
        MemoryBuffer1D<int, Stride1D.Dense> labelBuffer = UploadInts(labels);
        try
        {
            Launch(rows, (i, launchCount, launchStride) => k.CrossEntropyBackward(i, View<T>(logits, "CrossEntropyBackward"), labelBuffer.View, result, cols, scale / Math.Max(1, rows), launchCount, launchStride));
        }
        finally
        {
            Pool.Return(labelBuffer);
        }
    }

    /// <inheritdoc/>
    public void CrossEntropyJvp(Tensor logits, ReadOnlySpan<int> labels, Tensor tangent, Tensor loss)
    {
        int[] copy = CheckLabels("CrossEntropyJvp", logits, labels);
        Dispatch("CrossEntropyJvp", logits.DType,
            k => CrossEntropyJvp(k, logits, copy, tangent, loss),
            k => CrossEntropyJvp(k, logits, copy, tangent, loss));
    }

    /// <summary>The gradient (rounded to T, as the CPU backend forms it) dotted with the tangent in double.</summary>
    private void CrossEntropyJvp<T, TReal>(KernelSet<T, TReal> k, Tensor logits, int[] labels, Tensor tangent, Tensor loss)
        where T : unmanaged, IFloatingPointIeee754<T>
        where TReal : struct, IReal<T>
    {
        int rows = logits.Size(0), cols = logits.Size(1);
        MemoryBuffer1D<T, Stride1D.Dense> gradient = Pool.Rent<T>(Math.Max(logits.Length, 1));
        MemoryBuffer1D<double, Stride1D.Dense> perRow = Pool.Rent<double>(Math.Max(rows, 1));
        try
        {
            CrossEntropyBackward(k, logits, labels, 1.0, gradient.View.SubView(0, logits.Length));
            Launch(rows, (i, launchCount, launchStride) => k.RowDots(i, gradient.View, View<T>(tangent, "CrossEntropyJvp"), perRow.View, cols, launchCount, launchStride));
            k.SumScaled(1, perRow.View, View<T>(loss, "CrossEntropyJvp"), rows, 1.0, 1, 1);
        }
        finally
        {
            Pool.Return(gradient);
            Pool.Return(perRow);
        }
    }

    /// <summary>A copy of the labels after checking them on the host (a bad label would read out of bounds on the device).</summary>
    private static int[] CheckLabels(string op, Tensor logits, ReadOnlySpan<int> labels)
    {
        if (logits.Rank != 2 || labels.Length != logits.Size(0))
        {
            throw new ArgumentException($"IlgpuBackend.{op}: expected logits [N, classes] and N labels, got {logits} and {labels.Length} labels.");
        }
        int classes = logits.Size(1);
        for (int r = 0; r < labels.Length; r++)
        {
            if ((uint)labels[r] >= (uint)classes)
            {
                throw new ArgumentOutOfRangeException(nameof(labels), labels[r], $"IlgpuBackend.{op}: label {r} is {labels[r]}, outside [0, {classes}).");
            }
        }
        return labels.ToArray();
    }
}
