using SourceAD.Tensors;

namespace MnistLeNet;

/// <summary>
/// LeNet-5's initial parameters and its plain forward pass (no derivatives), shared by every variant. Linked with
/// <c>LeNet5.cs</c> into the test projects and benchmarks that differentiate the network.
/// </summary>
public static class LeNet5Parameters
{
    /// <summary>The names of the ten parameters, in declaration order.</summary>
    public static readonly string[] Names = ["Conv1W", "Conv1B", "Conv2W", "Conv2B", "Fc1W", "Fc1B", "Fc2W", "Fc2B", "Fc3W", "Fc3B"];

    /// <summary>
    /// PyTorch's default initialization (Kaiming-uniform weights, U(±1/√fan_in) biases) drawn from one
    /// <see cref="SeededRandom"/> in layer order, so a seed fixes every value and every variant starts from the same point.
    /// The values are drawn on the host and then moved to <paramref name="device"/>, so every backend starts equal.
    /// </summary>
    public static Tensor[] Create(ulong seed, DType dtype, Device device)
    {
        Tensor[] host = Create(seed, dtype);
        if (device.Kind == DeviceKind.Cpu)
        {
            return host;
        }
        var moved = new Tensor[host.Length];
        for (int i = 0; i < host.Length; i++)
        {
            moved[i] = host[i].To(device);
            host[i].Dispose();
        }
        return moved;
    }

    /// <summary>The initial parameters on the CPU (see <see cref="Create(ulong, DType, Device)"/>).</summary>
    public static Tensor[] Create(ulong seed, DType dtype) => Create(new SeededRandom(seed), dtype);

    /// <summary>
    /// The initial parameters on the CPU, drawn from <paramref name="rng"/> in layer order; the caller may keep drawing
    /// from the same stream (for inputs, say). <c>Create(seed, dtype)</c> is <c>Create(new SeededRandom(seed), dtype)</c>.
    /// </summary>
    public static Tensor[] Create(SeededRandom rng, DType dtype)
    {
        (Tensor c1w, Tensor c1b) = TensorInit.Conv2d(1, 6, 5, rng, dtype);
        (Tensor c2w, Tensor c2b) = TensorInit.Conv2d(6, 16, 5, rng, dtype);
        (Tensor f1w, Tensor f1b) = TensorInit.Linear(16 * 5 * 5, 120, rng, dtype);
        (Tensor f2w, Tensor f2b) = TensorInit.Linear(120, 84, rng, dtype);
        (Tensor f3w, Tensor f3b) = TensorInit.Linear(84, 10, rng, dtype);
        return [c1w, c1b, c2w, c2b, f1w, f1b, f2w, f2b, f3w, f3b];
    }

    /// <summary>The logits [B, 10] for images [B, 1, 28, 28], for evaluation; intermediates go back to the pool at once.</summary>
    public static Tensor Logits(IReadOnlyList<Tensor> p, Tensor x)
    {
        using Tensor c1 = Ops.Conv2d(x, p[0], p[1], 1, 2);
        using Tensor r1 = Ops.Relu(c1);
        using Tensor p1 = Ops.MaxPool2d(r1, 2);
        using Tensor c2 = Ops.Conv2d(p1, p[2], p[3]);
        using Tensor r2 = Ops.Relu(c2);
        using Tensor p2 = Ops.MaxPool2d(r2, 2);
        using Tensor f = Ops.Flatten(p2);
        using Tensor h3 = Ops.Linear(f, p[4], p[5]);
        using Tensor r3 = Ops.Relu(h3);
        using Tensor h4 = Ops.Linear(r3, p[6], p[7]);
        using Tensor r4 = Ops.Relu(h4);
        return Ops.Linear(r4, p[8], p[9]);
    }

    /// <summary>The total number of scalar parameters (61,706 for LeNet-5).</summary>
    public static int Count(IReadOnlyList<Tensor> parameters) => parameters.Sum(t => t.Length);
}
