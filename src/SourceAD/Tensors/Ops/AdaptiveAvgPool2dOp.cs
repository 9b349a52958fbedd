namespace SourceAD.Tensors;

// Adaptive average pooling to an output that divides the input: x [N, C, H, W] viewed as [N, C, s, H/s, s, W/s] and
// averaged over axes 3 and 5, which are torch's windows exactly when s divides H and W (SumTo kernels on every backend).
public static partial class Ops
{
    private static readonly int[] AdaptivePoolAxes = [3, 5];

    /// <summary>
    /// torch's adaptive_avg_pool2d to [N, C, s, s] with s = <paramref name="outputSize"/>: each output is the mean of an
    /// (H/s) × (W/s) window. With s = 1 (the default) it is global average pooling ([N, C, 1, 1], as a ResNet's head).
    /// s must divide H and W (torch's uneven windows are not supported).
    /// </summary>
    public static Tensor AdaptiveAvgPool2d(Tensor x, int outputSize = 1)
    {
        // The views are the op's own scratch (never handed out): disposing them recycles the objects.
        using Tensor x6 = AdaptivePoolView(nameof(AdaptiveAvgPool2d), x, outputSize).AsScratch();
        return Mean(x6, AdaptivePoolAxes);
    }

    /// <summary>Backward rule of <see cref="AdaptiveAvgPool2d"/>: each output's adjoint spread evenly over its window.</summary>
    public static Tensor AdaptiveAvgPool2dBackward(Tensor x, Tensor dy, int outputSize = 1)
    {
        const string op = nameof(AdaptiveAvgPool2dBackward);
        BackendOf(op, x, dy);
        using Tensor x6 = AdaptivePoolView(op, x, outputSize).AsScratch();
        RequireShape(op, [x.Size(0), x.Size(1), outputSize, outputSize], dy, "the output adjoint");
        using Tensor dx6 = MeanBackward(x6, dy, AdaptivePoolAxes).AsScratch();
        return dx6.Reshape(x.Shape);
    }

    /// <summary>Forward rule of <see cref="AdaptiveAvgPool2d"/> (linear): the pooled tangent.</summary>
    public static Tensor AdaptiveAvgPool2dJvp(Tensor x, Tensor tx, int outputSize = 1)
    {
        const string op = nameof(AdaptiveAvgPool2dJvp);
        BackendOf(op, x, tx);
        RequireSameShape(op, x, tx, "the tangent of x");
        using Tensor tx6 = AdaptivePoolView(op, tx, outputSize);
        return Mean(tx6, AdaptivePoolAxes);
    }

    private static Tensor AdaptivePoolView(string op, Tensor x, int s)
    {
        RequireRank(op, nameof(x), x, 4);
        if (s < 1 || x.Size(2) % s != 0 || x.Size(3) % s != 0)
        {
            throw new ArgumentException($"{op}: output size {s} must be ≥ 1 and divide the height and width of input shape {TensorShape.Format(x.Shape)}.");
        }
        return x.Reshape(x.Size(0), x.Size(1), s, x.Size(2) / s, s, x.Size(3) / s);
    }
}
