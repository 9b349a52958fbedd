using SourceAD.Tensors.Backends;

namespace SourceAD.Tensors;

/// <summary>
/// Tensor operations. Each op has a primal (<c>X</c>), a backward rule (<c>XBackward</c>: adjoints of the inputs from
/// the adjoint of the output) and a forward rule (<c>XJvp</c>: the output tangent from input tangents). Ops validate
/// shapes and dtypes (an <see cref="ArgumentException"/> names the op and both shapes), allocate results from the
/// device's pool (dispose them) and dispatch to the backend of the inputs' device. <see cref="OpTable"/> lists them all.
/// </summary>
public static partial class Ops
{
    private static ITensorBackend BackendOf(string op, Tensor first, params ReadOnlySpan<Tensor?> others)
    {
        foreach (Tensor? t in others)
        {
            if (t is null)
            {
                continue;
            }
            if (t.Device != first.Device)
            {
                throw new ArgumentException($"{op}: tensors of shapes {TensorShape.Format(first.Shape)} and {TensorShape.Format(t.Shape)} are on different devices ({first.Device} and {t.Device}).");
            }
            if (t.DType != first.DType)
            {
                throw new ArgumentException($"{op}: tensors of shapes {TensorShape.Format(first.Shape)} and {TensorShape.Format(t.Shape)} have different dtypes ({first.DType} and {t.DType}).");
            }
        }
        return first.Backend;
    }

    private static void RequireRank(string op, string name, Tensor t, int rank)
    {
        if (t.Rank != rank)
        {
            throw new ArgumentException($"{op}: '{name}' must have rank {rank} but has shape {TensorShape.Format(t.Shape)}.", name);
        }
    }

    private static void RequireSameShape(string op, Tensor expected, Tensor actual, string what)
    {
        if (!TensorShape.Equal(expected.Shape, actual.Shape))
        {
            throw new ArgumentException($"{op}: {what} has shape {TensorShape.Format(actual.Shape)} but {TensorShape.Format(expected.Shape)} is required.");
        }
    }

    private static Tensor EmptyLike(Tensor t) => Tensor.Empty(t.Shape, t.DType, t.Device);

    private static Tensor ZerosLike(Tensor t) => Tensor.Zeros(t.Shape, t.DType, t.Device);

    /// <summary>a + b for same-shape tensors, in place into a (used to sum the parts of a forward rule).</summary>
    private static Tensor AddInto(Tensor a, Tensor b)
    {
        a.Backend.Binary(BinaryKind.Add, a, b, a);
        return a;
    }
}
