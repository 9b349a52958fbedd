namespace SourceAD.Tensors;

/// <summary>
/// An optional check mode for tensor programs: NaN and ±∞ normally pass through every op without a crash; inside
/// <see cref="Enable"/>, generated code checks each op's result and throws <see cref="NonFiniteTensorException"/> at the
/// first op that produced a non-finite value, naming the op, the program, the index and the shape. Off by default, and
/// per async flow (one test or request at a time), so it costs one flag read per op when off. Tensors on other devices
/// are checked on a host copy.
/// </summary>
public static class NonFiniteCheck
{
    private static readonly AsyncLocal<bool> State = new();

    /// <summary>Whether checks run in the current async flow.</summary>
    public static bool IsEnabled => State.Value;

    /// <summary>Turns checking on until the returned scope is disposed.</summary>
    public static IDisposable Enable()
    {
        bool previous = State.Value;
        State.Value = true;
        return new Scope(previous);
    }

    /// <summary>Called by generated code after each op: throws if checking is on and <paramref name="result"/> has a NaN or ±∞.</summary>
    public static void After(string op, string program, Tensor result)
    {
        if (!State.Value)
        {
            return;
        }
        // Device tensors are checked on a host copy: a debugging mode, where finding the op matters more than speed.
        double[]? host = result.Device.Kind == DeviceKind.Cpu ? null : result.ToDoubleArray();
        int index = host is not null ? FirstNonFinite<double>(host) : result.DType switch
        {
            DType.Float64 => FirstNonFinite<double>(result.AsSpan<double>()),
            DType.Float16 => FirstNonFinite<Half>(result.AsSpan<Half>()),
            _ => FirstNonFinite<float>(result.AsSpan<float>()),
        };
        if (index >= 0)
        {
            double value = (host ?? result.ToDoubleArray())[index];
            throw new NonFiniteTensorException(
                $"{op} in {program} produced {value} at flat index {index} of a tensor of shape [{string.Join(", ", result.ShapeArray)}]; its inputs were finite (this is the first op to produce a non-finite value).");
        }
    }

    private static int FirstNonFinite<T>(ReadOnlySpan<T> values) where T : System.Numerics.IFloatingPointIeee754<T>
    {
        for (int i = 0; i < values.Length; i++)
        {
            if (!T.IsFinite(values[i])) return i;
        }
        return -1;
    }

    private sealed class Scope(bool previous) : IDisposable
    {
        public void Dispose() => State.Value = previous;
    }
}

/// <summary>Thrown in <see cref="NonFiniteCheck"/> mode by the first op whose result contains NaN or ±∞.</summary>
public sealed class NonFiniteTensorException(string message) : ArithmeticException(message);
