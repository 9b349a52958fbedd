using SourceAD.Tensors;
using SourceAD.Tensors.Data;
using SourceAD.Tests.Tensors;

namespace SourceAD.Backends.Tests;

/// <summary>
/// Real MNIST digits from samples/MnistLeNet/Data (loaded once). Their zero backgrounds make LeNet-5 reach exact
/// nonsmooth points: a background patch convolves to exactly the bias, so ReLU outputs and max-pool windows tie there,
/// which is what makes the nonsmooth policy matter for the model's gradients.
/// </summary>
internal static class MnistSubset
{
    private static readonly Lazy<MnistDataset> Train = new(() => MnistIdx.LoadSplit(RepoPaths.MnistData, train: true));

    /// <summary>Images [count, 1, 28, 28] (pixels in [0, 1]) and labels of the training examples first, first + 1, …, on the host.</summary>
    public static (Tensor Images, int[] Labels) Batch(int first, int count, DType dtype)
    {
        int[] indices = Enumerable.Range(first, count).ToArray();
        return Train.Value.Batch(indices, dtype);
    }
}
