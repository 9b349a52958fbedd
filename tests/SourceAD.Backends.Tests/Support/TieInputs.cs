using SourceAD.Tensors;

namespace SourceAD.Backends.Tests;

/// <summary>
/// Inputs with exact ties and kinks: small integers (and −0), so windows, groups and pairs tie often and every
/// product of an adjoint with a share is the same on any backend that applies the same share.
/// </summary>
internal static class TieInputs
{
    /// <summary>The tie choices every max-like rule is tested under (β = 1.5 and β = −0.25 are non-Clarke hybrids: shares outside [0, 1]).</summary>
    public static readonly IReadOnlyDictionary<string, TieChoice> Choices = new Dictionary<string, TieChoice>
    {
        ["Native"] = TieChoice.Native,
        ["Minimal"] = TieChoice.Minimal,
        ["Hybrid(0.5)"] = TieChoice.Hybrid(0.5),
        ["Hybrid(0.3)"] = TieChoice.Hybrid(0.3),
        ["Hybrid(1.5)"] = TieChoice.Hybrid(1.5),
        ["Hybrid(-0.25)"] = TieChoice.Hybrid(-0.25),
    };

    /// <summary>A tensor of values drawn from <paramref name="values"/> (so many exact ties), on the host.</summary>
    public static Tensor Draw(int[] shape, double[] values, SeededRandom rng, DType dtype)
    {
        var data = new double[TensorShape.Count(shape)];
        for (int i = 0; i < data.Length; i++)
        {
            data[i] = values[rng.NextInt(values.Length)];
        }
        Tensor t = Tensor.Empty(shape, dtype);
        t.CopyFrom<double>(data);
        return t;
    }

    /// <summary>Ties everywhere: 0, −0, 1 and 2.</summary>
    public static readonly double[] Tied = [0.0, -0.0, 1.0, 2.0, 2.0];

    /// <summary>Integer adjoints and tangents.</summary>
    public static readonly double[] Integers = [-3, -2, -1, 1, 2, 3];

    /// <summary>Kinks of ReLU and |x|: exact zeros of both signs among other values.</summary>
    public static readonly double[] Kinks = [0.0, -0.0, 0.0, -1.5, 0.75, 2.0, -0.25];

    /// <summary>True when some element of a host tensor is exactly 0 (a kink) — a check that the inputs really hit it.</summary>
    public static int Zeros(Tensor t) => t.ToDoubleArray().Count(v => v == 0);
}
