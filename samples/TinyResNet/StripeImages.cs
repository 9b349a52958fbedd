using SourceAD.Tensors;

namespace TinyResNet;

/// <summary>
/// A synthetic image-classification task that needs spatial features (so a CNN has something to learn and a linear
/// model on the mean colour has not): class k is a sinusoidal stripe pattern at orientation k·180°/<see cref="Classes"/>,
/// with a random spatial frequency, phase and per-channel contrast, under Gaussian pixel noise. Every image is a pure
/// function of (seed, index), so a batch is the same on every run and every thread count.
/// </summary>
public static class StripeImages
{
    /// <summary>The number of classes (orientations 0°, 45°, 90°, 135°).</summary>
    public const int Classes = 4;

    /// <summary>Image channels.</summary>
    public const int Channels = 3;

    /// <summary>Images <paramref name="first"/> … <paramref name="first"/> + <paramref name="count"/> − 1 of the
    /// stream <paramref name="seed"/>, as an [count, 3, size, size] tensor and their labels.</summary>
    public static (Tensor Images, int[] Labels) Batch(ulong seed, long first, int count, int size, double noise = 1.0, DType dtype = DType.Float32)
    {
        var pixels = new double[count * Channels * size * size];
        var labels = new int[count];
        for (int n = 0; n < count; n++)
        {
            // One generator per image, keyed by its index: batches of any size and order see the same images.
            var rng = new SeededRandom(seed * 0x9E3779B97F4A7C15UL + (ulong)(first + n));
            int label = rng.NextInt(Classes);
            labels[n] = label;
            double angle = Math.PI * label / Classes;
            double period = rng.Uniform(3, 6), phase = rng.Uniform(0, 2 * Math.PI);
            double kx = 2 * Math.PI / period * Math.Cos(angle), ky = 2 * Math.PI / period * Math.Sin(angle);
            for (int c = 0; c < Channels; c++)
            {
                double contrast = rng.Uniform(0.5, 1.0), offset = rng.Uniform(-0.3, 0.3);
                int plane = (n * Channels + c) * size * size;
                for (int y = 0; y < size; y++)
                {
                    for (int x = 0; x < size; x++)
                    {
                        pixels[plane + y * size + x] = offset + contrast * Math.Sin(kx * x + ky * y + phase) + noise * rng.NextGaussian();
                    }
                }
            }
        }
        Tensor images = Tensor.FromArray(pixels, count, Channels, size, size);
        if (dtype == DType.Float64)
        {
            return (images, labels);
        }
        Tensor converted = images.To(dtype);
        images.Dispose();
        return (converted, labels);
    }
}
