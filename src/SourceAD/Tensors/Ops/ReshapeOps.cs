namespace SourceAD.Tensors;

public static partial class Ops
{
    /// <summary>A view of x with another shape (one size may be −1); see <see cref="Tensor.Reshape(int[])"/>.</summary>
    public static Tensor Reshape(Tensor x, params int[] shape) => x.Reshape(shape);

    /// <summary>Backward rule of <see cref="Reshape"/>: dy viewed with x's shape.</summary>
    public static Tensor ReshapeBackward(Tensor x, Tensor dy) => ViewAs(nameof(ReshapeBackward), x, dy);

    /// <summary>Forward rule of <see cref="Reshape"/>: tx viewed with the new shape.</summary>
    public static Tensor ReshapeJvp(Tensor tx, params int[] shape) => tx.Reshape(shape);

    /// <summary>A view of x with axes from <paramref name="startAxis"/> on merged (LeNet's conv-to-FC step).</summary>
    public static Tensor Flatten(Tensor x, int startAxis = 1) => x.Flatten(startAxis);

    /// <summary>Backward rule of <see cref="Flatten"/>: dy viewed with x's shape.</summary>
    public static Tensor FlattenBackward(Tensor x, Tensor dy) => ViewAs(nameof(FlattenBackward), x, dy);

    /// <summary>Forward rule of <see cref="Flatten"/>: tx flattened the same way.</summary>
    public static Tensor FlattenJvp(Tensor tx, int startAxis = 1) => tx.Flatten(startAxis);

    /// <summary>dy viewed with x's shape, after checking that both live on one device, share a dtype and an element count.</summary>
    private static Tensor ViewAs(string op, Tensor x, Tensor dy)
    {
        BackendOf(op, x, dy);
        if (dy.Length != x.Length)
        {
            throw new ArgumentException($"{op}: the output adjoint has shape {TensorShape.Format(dy.Shape)} ({dy.Length} elements) but the input has shape {TensorShape.Format(x.Shape)} ({x.Length} elements).");
        }
        return dy.Reshape(x.Shape);
    }
}
