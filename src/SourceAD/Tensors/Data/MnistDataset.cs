namespace SourceAD.Tensors.Data;

/// <summary>Images (one byte per pixel) with integer labels, as read by <see cref="MnistIdx"/>.</summary>
public sealed class MnistDataset
{
    private readonly byte[] _pixels;
    private readonly int[] _labels;

    /// <summary>Wraps pixels (count × rows × cols bytes, row-major) and one label per image.</summary>
    public MnistDataset(byte[] pixels, int[] labels, int rows, int cols)
    {
        ArgumentNullException.ThrowIfNull(pixels);
        ArgumentNullException.ThrowIfNull(labels);
        if (pixels.Length != (long)labels.Length * rows * cols)
        {
            throw new ArgumentException($"MnistDataset: {pixels.Length} pixel bytes do not make {labels.Length} images of {rows}×{cols}.");
        }
        _pixels = pixels;
        _labels = labels;
        Rows = rows;
        Cols = cols;
    }

    /// <summary>The number of images.</summary>
    public int Count => _labels.Length;

    /// <summary>Image height.</summary>
    public int Rows { get; }

    /// <summary>Image width.</summary>
    public int Cols { get; }

    /// <summary>The labels, one per image.</summary>
    public ReadOnlySpan<int> Labels => _labels;

    /// <summary>The raw bytes of image <paramref name="index"/>.</summary>
    public ReadOnlySpan<byte> Pixels(int index) => _pixels.AsSpan(index * Rows * Cols, Rows * Cols);

    /// <summary>
    /// The images at <paramref name="indices"/> as an [B, 1, Rows, Cols] tensor with values byte/255 (torchvision's
    /// ToTensor), and their labels.
    /// </summary>
    public (Tensor Images, int[] Labels) Batch(ReadOnlySpan<int> indices, DType dtype = DType.Float32)
    {
        int size = Rows * Cols;
        var values = new float[indices.Length * size];
        var labels = new int[indices.Length];
        for (int b = 0; b < indices.Length; b++)
        {
            int index = indices[b];
            if ((uint)index >= (uint)Count)
            {
                throw new ArgumentOutOfRangeException(nameof(indices), index, $"Batch: index {index} is outside [0, {Count}).");
            }
            ReadOnlySpan<byte> src = Pixels(index);
            Span<float> dst = values.AsSpan(b * size, size);
            for (int i = 0; i < size; i++)
            {
                dst[i] = src[i] / 255f;
            }
            labels[b] = _labels[index];
        }
        Tensor images = Tensor.Empty([indices.Length, 1, Rows, Cols], dtype);
        images.CopyFrom<float>(values);
        return (images, labels);
    }
}
