namespace SourceAD.Tensors;

/// <summary>
/// Initializers with PyTorch's defaults for nn.Linear and nn.Conv2d, drawn from a <see cref="SeededRandom"/>, so a
/// seed fixes every value. Values are drawn in float64 and rounded to the tensor's dtype.
/// </summary>
public static class TensorInit
{
    /// <summary>
    /// PyTorch's kaiming_uniform_(w, a = √5), the default weight init of Linear and Conv2d: U(−b, b) with
    /// b = gain·√(3 / fan_in), gain = √(2 / (1 + a²)), which is 1/√fan_in.
    /// </summary>
    /// <param name="shape">[out, in] for Linear, [O, C, Kh, Kw] for Conv2d; fan_in is the product of all but the first size.</param>
    /// <param name="rng">The generator.</param>
    /// <param name="dtype">The element type.</param>
    /// <param name="a">The negative slope of the rectifier after the layer (PyTorch passes √5).</param>
    public static Tensor KaimingUniform(ReadOnlySpan<int> shape, SeededRandom rng, DType dtype = DType.Float32, double a = PyTorchDefaultSlope)
    {
        int fanIn = FanIn(shape);
        double gain = Math.Sqrt(2.0 / (1 + a * a));
        double bound = gain * Math.Sqrt(3.0 / fanIn);
        return Uniform(shape, -bound, bound, rng, dtype);
    }

    /// <summary>PyTorch's default bias init of Linear and Conv2d: U(−1/√fan_in, 1/√fan_in), fan_in from the weight's shape.</summary>
    public static Tensor BiasUniform(int count, ReadOnlySpan<int> weightShape, SeededRandom rng, DType dtype = DType.Float32)
    {
        double bound = 1.0 / Math.Sqrt(FanIn(weightShape));
        return Uniform([count], -bound, bound, rng, dtype);
    }

    /// <summary>The weight [out, in] and bias [out] of a new nn.Linear(in, out), initialized as PyTorch does (weight first).</summary>
    public static (Tensor Weight, Tensor Bias) Linear(int inFeatures, int outFeatures, SeededRandom rng, DType dtype = DType.Float32)
    {
        int[] shape = [outFeatures, inFeatures];
        Tensor weight = KaimingUniform(shape, rng, dtype);
        return (weight, BiasUniform(outFeatures, shape, rng, dtype));
    }

    /// <summary>The weight [out, in, k, k] and bias [out] of a new nn.Conv2d(in, out, k), initialized as PyTorch does.</summary>
    public static (Tensor Weight, Tensor Bias) Conv2d(int inChannels, int outChannels, int kernel, SeededRandom rng, DType dtype = DType.Float32)
    {
        int[] shape = [outChannels, inChannels, kernel, kernel];
        Tensor weight = KaimingUniform(shape, rng, dtype);
        return (weight, BiasUniform(outChannels, shape, rng, dtype));
    }

    /// <summary>A tensor of independent U(low, high) samples in row-major order.</summary>
    public static Tensor Uniform(ReadOnlySpan<int> shape, double low, double high, SeededRandom rng, DType dtype = DType.Float32)
    {
        var values = new double[TensorShape.Count(shape)];
        for (int i = 0; i < values.Length; i++)
        {
            values[i] = rng.Uniform(low, high);
        }
        Tensor t = Tensor.Empty(shape, dtype);
        t.CopyFrom<double>(values);
        return t;
    }

    /// <summary>A tensor of independent N(mean, std²) samples.</summary>
    public static Tensor Normal(ReadOnlySpan<int> shape, double mean, double std, SeededRandom rng, DType dtype = DType.Float32)
    {
        var values = new double[TensorShape.Count(shape)];
        for (int i = 0; i < values.Length; i++)
        {
            values[i] = mean + std * rng.NextGaussian();
        }
        Tensor t = Tensor.Empty(shape, dtype);
        t.CopyFrom<double>(values);
        return t;
    }

    /// <summary>The number of inputs feeding one output: the product of all sizes but the first.</summary>
    public static int FanIn(ReadOnlySpan<int> shape)
    {
        if (shape.Length < 2)
        {
            throw new ArgumentException($"FanIn: a weight needs at least 2 axes, got shape {TensorShape.Format(shape)}.", nameof(shape));
        }
        return TensorShape.Count(shape[1..]);
    }

    /// <summary>The <c>a</c> PyTorch's Linear and Conv2d pass to kaiming_uniform_: √5.</summary>
    public const double PyTorchDefaultSlope = 2.2360679774997896964;
}
