using SourceAD.Tensors;

namespace TinyResNet;

/// <summary>
/// A <see cref="ResNet18"/>'s sizes, its parameters' names and shapes, its batch-norm layers, and torchvision's
/// initialization. Linked with <c>ResNet18.cs</c> into the test projects that differentiate the network.
/// </summary>
/// <param name="Width">Channels of the stem and the first stage; the four stages have Width, 2·Width, 4·Width, 8·Width
/// (torchvision's resnet18 is Width = 64).</param>
/// <param name="InChannels">Input image channels (3 for RGB).</param>
/// <param name="Classes">Output classes of the linear head.</param>
public sealed record ResNetConfig(int Width, int InChannels, int Classes)
{
    /// <summary>Batch-norm layers: the stem's, two per BasicBlock (8 blocks), and one per strided shortcut (3).</summary>
    public const int BatchNormCount = 20;

    /// <summary>The 62 parameters' names, in declaration order (torchvision's names without the dots:
    /// <c>layer2.0.downsample.0</c> is <c>L2B0DownConv</c>).</summary>
    public static readonly string[] ParameterNames = Names();

    /// <summary>The channels of stage <paramref name="stage"/> (1–4).</summary>
    public int StageWidth(int stage) => Width << (stage - 1);

    private static string[] Names()
    {
        var names = new List<string> { "StemConv", "StemBnG", "StemBnB" };
        for (int stage = 1; stage <= 4; stage++)
        {
            for (int block = 0; block < 2; block++)
            {
                string p = $"L{stage}B{block}";
                names.AddRange([p + "Conv1", p + "Bn1G", p + "Bn1B", p + "Conv2", p + "Bn2G", p + "Bn2B"]);
                if (stage > 1 && block == 0)
                {
                    names.AddRange([p + "DownConv", p + "DownBnG", p + "DownBnB"]);
                }
            }
        }
        names.AddRange(["FcW", "FcB"]);
        return names.ToArray();
    }

    /// <summary>The parameters' shapes, in declaration order (<see cref="ParameterNames"/>).</summary>
    public int[][] ParameterShapes()
    {
        var shapes = new List<int[]> { new[] { Width, InChannels, 3, 3 }, new[] { Width }, new[] { Width } };
        int inWidth = Width;
        for (int stage = 1; stage <= 4; stage++)
        {
            int w = StageWidth(stage);
            for (int block = 0; block < 2; block++)
            {
                int cin = block == 0 ? inWidth : w;
                shapes.AddRange([[w, cin, 3, 3], [w], [w], [w, w, 3, 3], [w], [w]]);
                if (stage > 1 && block == 0)
                {
                    shapes.AddRange([[w, cin, 1, 1], [w], [w]]);
                }
            }
            inWidth = w;
        }
        shapes.AddRange([[Classes, 8 * Width], [Classes]]);
        return shapes.ToArray();
    }

    /// <summary>The channels of each batch-norm layer, in the order of <see cref="ResNet18.RunningMean"/>: the stem,
    /// then per block bn1, bn2 and (first block of stages 2–4) the shortcut's.</summary>
    public int[] BatchNormChannels()
    {
        var channels = new List<int> { Width };
        for (int stage = 1; stage <= 4; stage++)
        {
            int w = StageWidth(stage);
            channels.AddRange(stage > 1 ? [w, w, w, w, w] : [w, w, w, w]);
        }
        return channels.ToArray();
    }

    /// <summary>Throws when the sizes are not positive or <paramref name="parameters"/> do not have <see cref="ParameterShapes"/>.</summary>
    public void CheckShapes(IReadOnlyList<Tensor> parameters)
    {
        if (Width < 1 || InChannels < 1 || Classes < 1)
        {
            throw new ArgumentException($"ResNet sizes {this}: every size must be positive.");
        }
        int[][] shapes = ParameterShapes();
        if (parameters.Count != shapes.Length)
        {
            throw new ArgumentException($"A ResNet-18 has {shapes.Length} parameter tensors, not {parameters.Count}.", nameof(parameters));
        }
        for (int i = 0; i < shapes.Length; i++)
        {
            if (!parameters[i].ShapeArray.SequenceEqual(shapes[i]))
            {
                throw new ArgumentException(
                    $"Parameter {ParameterNames[i]} has shape [{string.Join(", ", parameters[i].ShapeArray)}], not [{string.Join(", ", shapes[i])}].",
                    nameof(parameters));
            }
        }
    }

    /// <summary>
    /// torchvision's resnet18 initialization drawn from one <see cref="SeededRandom"/> in declaration order: conv
    /// weights Kaiming-normal (fan_out, ReLU gain: N(0, 2/(out·k·k))), batch-norm weights 1 and biases 0, the linear head
    /// PyTorch's default (Kaiming-uniform a = √5, U(±1/√fan_in) bias). Drawn on the host, then moved to
    /// <paramref name="device"/> (default: the CPU), so every backend starts equal.
    /// </summary>
    public Tensor[] CreateParameters(ulong seed, DType dtype = DType.Float32, Device? device = null)
    {
        var rng = new SeededRandom(seed);
        int[][] shapes = ParameterShapes();
        var host = new Tensor[shapes.Length];
        for (int i = 0; i < shapes.Length - 2; i++)
        {
            int[] s = shapes[i];
            host[i] = s.Length == 4
                ? TensorInit.Normal(s, 0, Math.Sqrt(2.0 / (s[0] * s[2] * s[3])), rng, dtype)
                : Tensor.Full(s, ParameterNames[i].EndsWith('G') ? 1 : 0, dtype);
        }
        (host[^2], host[^1]) = TensorInit.Linear(8 * Width, Classes, rng, dtype);
        return MoveTo(host, device);
    }

    /// <summary>Running statistics as torch starts them (means 0, variances 1), one pair per batch-norm layer.</summary>
    public (Tensor[] Means, Tensor[] Vars) CreateRunningStatistics(DType dtype = DType.Float32, Device? device = null)
    {
        int[] channels = BatchNormChannels();
        return (MoveTo(channels.Select(c => Tensor.Zeros([c], dtype)).ToArray(), device),
                MoveTo(channels.Select(c => Tensor.Full([c], 1, dtype)).ToArray(), device));
    }

    /// <summary>The total number of scalar parameters.</summary>
    public long ParameterCount() => ParameterShapes().Sum(s => s.Aggregate(1L, (a, b) => a * b));

    private static Tensor[] MoveTo(Tensor[] host, Device? device)
    {
        Device target = device ?? Device.Cpu;
        if (target.Kind == DeviceKind.Cpu)
        {
            return host;
        }
        var moved = new Tensor[host.Length];
        for (int i = 0; i < host.Length; i++)
        {
            moved[i] = host[i].To(target);
            host[i].Dispose();
        }
        return moved;
    }
}
