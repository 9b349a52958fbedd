using SourceAD.Tensors;

namespace SourceAD.Distributed;

/// <summary>Gives every rank rank 0's initial parameters and optimizer state, and checks that every rank holds the same model.</summary>
public static class ParameterBroadcast
{
    /// <summary>Overwrites every rank's <paramref name="parameters"/> with <paramref name="root"/>'s (any device and dtype). Collective.</summary>
    public static void Broadcast(Communicator comm, IReadOnlyList<Tensor> parameters, int root = 0)
    {
        foreach (Tensor p in parameters)
        {
            switch (p.DType)
            {
                case DType.Float64: BroadcastAs<double>(comm, p, root); break;
                case DType.Float16: BroadcastAs<Half>(comm, p, root); break;
                default: BroadcastAs<float>(comm, p, root); break;
            }
        }
    }

    /// <summary>
    /// Optimizer state (the bytes of an optimizer's state file: θ, slots, step count) from <paramref name="root"/>;
    /// other ranks pass null. Collective.
    /// </summary>
    public static byte[] BroadcastState(Communicator comm, byte[]? state, int root = 0) => comm.BroadcastBytes(state, root);

    /// <summary>"float32[6,1,5,5] float32[6] …": the parameters' dtypes and shapes, in order.</summary>
    public static string Signature(IReadOnlyList<Tensor> parameters) =>
        string.Join(" ", parameters.Select(p => $"{p.DType.ToString().ToLowerInvariant()}[{string.Join(",", p.ShapeArray)}]"));

    /// <summary>
    /// Stops every rank with the same <see cref="CollectiveException"/>, before any step, when a rank's parameters differ
    /// in count, dtype or shape from rank 0's; the message names the rank and the first differing parameter. Collective.
    /// </summary>
    public static void VerifySameModel(Communicator comm, IReadOnlyList<Tensor> parameters, IReadOnlyList<string>? names = null)
    {
        string mine = Signature(parameters);
        string root = comm.BroadcastString(mine, 0);
        string? error = null;
        if (mine != root)
        {
            string[] a = root.Split(' '), b = mine.Split(' ');
            int k = 0;
            while (k < a.Length && k < b.Length && a[k] == b[k])
            {
                k++;
            }
            string what = k < a.Length && k < b.Length
                ? $"parameter {(names is not null && k < names.Count ? names[k] : $"#{k}")} is {b[k]} on rank {comm.Rank} but {a[k]} on rank 0"
                : $"rank {comm.Rank} has {b.Length} parameters, rank 0 has {a.Length}";
            error = $"Model mismatch before the first step: {what}. Every rank must build the same model " +
                $"(rank 0: {root}; rank {comm.Rank}: {mine}).";
        }
        comm.Agree(error);
    }

    private static void BroadcastAs<T>(Communicator comm, Tensor p, int root) where T : unmanaged
    {
        if (p.Device.Kind == DeviceKind.Cpu && p.DType == DTypeOf<T>())
        {
            comm.Broadcast(p.AsSpan<T>(), root);
            return;
        }
        T[] host = p.ToArray<T>();
        comm.Broadcast<T>(host, root);
        p.CopyFrom<T>(host);
    }

    private static DType DTypeOf<T>() => typeof(T) == typeof(double) ? DType.Float64 : typeof(T) == typeof(Half) ? DType.Float16 : DType.Float32;
}
