namespace SourceAD.Tensors;

/// <summary>The element type of a <see cref="Tensor"/>.</summary>
public enum DType
{
    /// <summary>IEEE 754 binary32 (<see cref="float"/>), the default, as in PyTorch.</summary>
    Float32 = 0,
    /// <summary>IEEE 754 binary64 (<see cref="double"/>), for finite-difference checks and precision studies.</summary>
    Float64 = 1,
    /// <summary>IEEE 754 binary16 (<see cref="Half"/>). The CPU backend computes in float32 and rounds each op's result.</summary>
    Float16 = 2,
}

/// <summary>Facts about <see cref="DType"/> values.</summary>
public static class DTypes
{
    /// <summary>Bytes per element.</summary>
    public static int SizeInBytes(this DType dtype) => dtype switch
    {
        DType.Float32 => sizeof(float),
        DType.Float64 => sizeof(double),
        DType.Float16 => 2,
        _ => throw new ArgumentOutOfRangeException(nameof(dtype), dtype, "Unknown dtype."),
    };

    /// <summary>The dtype whose elements are <typeparamref name="T"/>; throws for any other type.</summary>
    public static DType Of<T>()
    {
        if (typeof(T) == typeof(float))
        {
            return DType.Float32;
        }
        if (typeof(T) == typeof(double))
        {
            return DType.Float64;
        }
        if (typeof(T) == typeof(Half))
        {
            return DType.Float16;
        }
        throw new ArgumentException($"{typeof(T).Name} is not a tensor element type; use float, double or Half.", nameof(T));
    }

    /// <summary>The CLR element type of <paramref name="dtype"/>.</summary>
    public static Type ElementType(this DType dtype) => dtype switch
    {
        DType.Float32 => typeof(float),
        DType.Float64 => typeof(double),
        DType.Float16 => typeof(Half),
        _ => throw new ArgumentOutOfRangeException(nameof(dtype), dtype, "Unknown dtype."),
    };
}
